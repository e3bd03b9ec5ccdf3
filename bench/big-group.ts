/**
 * Server memory during full GETs of one large group (issue 8: "a full read of a 100,000-member
 * group streams, RSS grows by under 50 MB"). Seeds BENCH_MEMBERS users (default 100,000) and one
 * group holding them all through the storage layer into an SQLite file, starts Roster as its
 * own process (`node dist/main.js` of BENCH_ROOT, default this checkout), then sends
 * BENCH_REQUESTS full GETs of the group (default 3, one after another, then the same number at
 * once), sampling the server's VmRSS every 20 ms. Prints RSS before, the peak during, their
 * difference, and each answer's size and time. Prints numbers; asserts nothing.
 *   npm run bench:big-group
 *   BENCH_MEMBERS=20000 npm run bench:big-group      a quick check that it runs
 */
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { RoleRecord, UserRecord } from "../src/domain/model.ts";
import { TenantService } from "../src/domain/tenant-service.ts";
import { hashToken } from "../src/domain/token.ts";
import { userIndex } from "../src/domain/user-writes.ts";
import { indexEntries } from "../src/protocol/resource/index-entries.ts";
import { openStore } from "../src/storage/open-store.ts";
import { readMemory } from "./compare/run/process-stats.ts";
import { startServer } from "./compare/run/server-process.ts";
import { rosterCommand } from "./compare/targets/roster-target.ts";

const MEMBERS = Number(process.env["BENCH_MEMBERS"] ?? 100_000);
const REQUESTS = Number(process.env["BENCH_REQUESTS"] ?? 3);
const ROOT = process.env["BENCH_ROOT"] ?? join(import.meta.dirname, "..");
const TENANT = "bench";
const TOKEN = "YmlnLWdyb3VwLWJlbmNoLXRva2VuLTAxMjM0NTY3ODk";

const dir = mkdtempSync(join(tmpdir(), "roster-big-group-"));
const url = `sqlite:${join(dir, "bench.db")}`;
const store = await openStore(url);
const tenants = new TenantService(store);
await tenants.createTenant(TENANT);
await tenants.setSetting(TENANT, "HashedScimProvisioningToken", hashToken(TOKEN));
let started = performance.now();
const at = new Date().toISOString();
const group: RoleRecord = {
  id: "allstaff",
  displayName: "All Staff",
  externalIds: [],
  roleType: "Group",
  scim: null,
  scimProvider: null,
  createdAt: at,
  modifiedAt: at,
  version: 1,
};
await store.transaction((tx) =>
  tx.roles.insert(TENANT, group, "all staff", indexEntries("Group", { displayName: "All Staff" })),
);
for (let from = 0; from < MEMBERS; from += 1000) {
  await store.transaction(async (tx) => {
    const ids: string[] = [];
    for (let i = from; i < Math.min(MEMBERS, from + 1000); i++) {
      const id = `user${String(i).padStart(7, "0")}@example.com`;
      const user: UserRecord = {
        id,
        email: id,
        firstName: `Given${i}`,
        lastName: `Family${i % 997}`,
        phone: null,
        b2cId: null,
        externalIds: [],
        active: true,
        scim: null,
        scimProvider: null,
        createdAt: at,
        modifiedAt: at,
        version: 1,
      };
      await tx.users.insert(TENANT, user, userIndex(user));
      ids.push(id);
    }
    await tx.roles.addMembers(TENANT, group.id, ids, "EntraID");
  });
}
await store.close();
console.log(`seeded ${MEMBERS} users in one group in ${((performance.now() - started) / 1000).toFixed(1)} s`);

const command = rosterCommand(ROOT);
for (const note of command.notes) console.log(`note: ${note}`);
const server = await startServer({
  name: "roster",
  ...command,
  env: { DATABASE_URL: url, LOG_LEVEL: "silent", SCIM_RATE_LIMIT: "0", NODE_ENV: "production" },
  cwd: ROOT,
  readyTimeoutMs: 60_000,
});
const path = `/scim/v2/${TENANT}/EntraID/Groups/${group.id}`;
const get = async () => {
  const t0 = performance.now();
  const response = await fetch(`${server.origin}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
  const body = await response.text();
  if (response.status !== 200) throw new Error(`${response.status}: ${body.slice(0, 200)}`);
  const members = (JSON.parse(body) as { members?: unknown[] }).members?.length ?? 0;
  return { ms: performance.now() - t0, bytes: Buffer.byteLength(body), members };
};
// One small request first, so the baseline is a server that has answered something.
await fetch(`${server.origin}/scim/v2/${TENANT}/EntraID/Groups?count=1&excludedAttributes=members`, {
  headers: { authorization: `Bearer ${TOKEN}` },
});
await new Promise((resolve) => setTimeout(resolve, 500));
const before = readMemory(server.pid)?.rssMb ?? 0;
let peak = before;
const timer = setInterval(() => {
  peak = Math.max(peak, readMemory(server.pid)?.rssMb ?? 0);
}, 20);
console.log(`server ${server.command} (pid ${server.pid}), load average ${loadavg()[0]?.toFixed(2)}`);
console.log(`RSS before: ${before.toFixed(0)} MB`);
started = performance.now();
for (let i = 0; i < REQUESTS; i++) {
  const one = await get();
  console.log(
    `  GET ${i + 1}: ${one.members} members, ${(one.bytes / 1e6).toFixed(1)} MB in ${one.ms.toFixed(0)} ms; peak RSS so far ${peak.toFixed(0)} MB`,
  );
}
const sequentialPeak = peak;
const together = await Promise.all(Array.from({ length: REQUESTS }, get));
console.log(`  ${REQUESTS} GETs at once: ${together.map((r) => `${r.ms.toFixed(0)} ms`).join(", ")}`);
clearInterval(timer);
peak = Math.max(peak, readMemory(server.pid)?.rssMb ?? 0);
console.log(
  `RSS growth: ${(sequentialPeak - before).toFixed(0)} MB one at a time, ${(peak - before).toFixed(0)} MB with ${REQUESTS} at once ` +
    `(peak ${peak.toFixed(0)} MB; target: growth < 50 MB), load average ${loadavg()[0]?.toFixed(2)}`,
);
await server.stop();
rmSync(dir, { recursive: true, force: true });
