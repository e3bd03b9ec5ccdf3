/**
 * The access question over HTTP (SPEC §9): `GET /api/v1/tenants/{t}/users/{id}/access`, the call
 * a host application makes on every request. Seeds BENCH_USERS users (default 100,000) and a
 * 5-level role nesting through the storage layer, then loads the route with autocannon over real
 * sockets on 127.0.0.1, each request for a random user, authenticated with an admin key. Roster
 * runs as its own process, as `npm start` runs it (`node dist/main.js` when built), so the load
 * generator does not share its event loop.
 * Prints numbers; asserts nothing. Target: ≥ 10,000 answers/s on a quiet 2-core machine.
 *   npm run bench:access                          100,000 users, 10 s, 50 connections, SQLite file
 *   BENCH_USERS=2000 BENCH_SECONDS=2 npm run bench:access     a quick check that it runs
 *   BENCH_DATABASE_URL=postgres://…/db npm run bench:access   on PostgreSQL (an empty database)
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import autocannon from "autocannon";
import { CLI_ACTOR } from "../src/domain/actor.ts";
import { AdminKeyService } from "../src/domain/admin-key-service.ts";
import type { RoleRecord, UserRecord } from "../src/domain/model.ts";
import { userIndex } from "../src/domain/user-writes.ts";
import { indexEntries } from "../src/protocol/resource/index-entries.ts";
import { openStore } from "../src/storage/open-store.ts";
import { startServer } from "./compare/run/server-process.ts";
import { rosterCommand } from "./compare/targets/roster-target.ts";

const USERS = Number(process.env["BENCH_USERS"] ?? 100_000);
const SECONDS = Number(process.env["BENCH_SECONDS"] ?? 10);
const CONNECTIONS = Number(process.env["BENCH_CONNECTIONS"] ?? 50);
/** Chains of nested roles, each LEVELS deep: chain c is r{c}-1 ⊃ r{c}-2 ⊃ … ⊃ r{c}-5. */
const CHAINS = 20;
const LEVELS = 5;
const TARGET = 10_000;
const PROFILE_DIR = process.env["BENCH_CPU_PROF"];

const dir = mkdtempSync(join(tmpdir(), "roster-access-bench-"));
const url = process.env["BENCH_DATABASE_URL"] ?? `sqlite:${join(dir, "bench.db")}`;
const store = await openStore(url);
if (!url.startsWith("sqlite:")) await store.migrate();
const tenant = `bench${Date.now()}`;
await store.tenants.create(tenant, new Date().toISOString());

console.log(`access benchmark on ${url.split(":")[0]}: ${USERS} users, ${CHAINS} role chains ${LEVELS} levels deep`);
let start = performance.now();
const at = new Date().toISOString();
const role = (id: string): RoleRecord => ({
  id,
  displayName: id,
  externalIds: [],
  roleType: "Role",
  scim: null,
  scimProvider: null,
  createdAt: at,
  modifiedAt: at,
  version: 1,
});
await store.transaction(async (tx) => {
  for (let c = 0; c < CHAINS; c++) {
    for (let d = 1; d <= LEVELS; d++) {
      const id = `r${c}-${d}`;
      await tx.roles.insert(tenant, role(id), id, indexEntries("Group", { displayName: id }));
      if (d > 1) await tx.roles.addChild(tenant, `r${c}-${d - 1}`, id);
    }
  }
});
const BATCH = 1000;
for (let from = 0; from < USERS; from += BATCH) {
  await store.transaction(async (tx) => {
    for (let i = from; i < Math.min(USERS, from + BATCH); i++) {
      const user: UserRecord = {
        id: `user${i}@example.com`,
        email: `user${i}@example.com`,
        firstName: `First${i}`,
        lastName: `Last${i}`,
        phone: null,
        b2cId: null,
        externalIds: [],
        active: i % 50 !== 0,
        scim: null,
        scimProvider: null,
        createdAt: at,
        modifiedAt: at,
        version: 1,
      };
      await tx.users.insert(tenant, user, userIndex(user));
      // Each user holds the top of one chain, and a middle role of another.
      await tx.users.assign(tenant, user.id, { roleId: `r${i % CHAINS}-1`, source: "manual", provider: null });
      await tx.users.assign(tenant, user.id, { roleId: `r${(i + 7) % CHAINS}-3`, source: "manual", provider: null });
    }
  });
}
console.log(`seeded ${USERS} users in ${((performance.now() - start) / 1000).toFixed(1)} s`);

const { secret } = await new AdminKeyService(store).create(
  { name: "bench", tenantId: tenant, readOnly: true },
  CLI_ACTOR,
);
await store.close();
const root = join(import.meta.dirname, "..");
const command = rosterCommand(root);
for (const note of command.notes) console.log(`note: ${note}`);
const server = await startServer({
  name: "roster",
  ...command,
  // BENCH_CPU_PROF=<dir>: the server writes a V8 CPU profile there when it stops.
  args: [...(PROFILE_DIR ? ["--cpu-prof", `--cpu-prof-dir=${PROFILE_DIR}`] : []), ...command.args],
  env: { DATABASE_URL: url, LOG_LEVEL: "silent", NODE_ENV: "production" },
  cwd: root,
  readyTimeoutMs: 60_000,
});
const origin = server.origin;
console.log(`server: ${server.command} (pid ${server.pid})`);
const path = (i: number) => `/api/v1/tenants/${tenant}/users/${encodeURIComponent(`user${i}@example.com`)}/access`;

const probe = await fetch(`${origin}${path(1)}`, { headers: { authorization: `Bearer ${secret}` } });
console.log(`GET ${path(1)} → ${probe.status} ${await probe.text()}`);

/** The server's CPU time (user + system) so far, in ms, from /proc/<pid>/stat (clock ticks of 10 ms). */
const cpuMs = (pid: number): number => {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
};
start = performance.now();
const cpuBefore = cpuMs(server.pid);
const result = await autocannon({
  url: origin,
  connections: CONNECTIONS,
  duration: SECONDS,
  headers: { authorization: `Bearer ${secret}` },
  requests: [{ method: "GET", setupRequest: (req) => ({ ...req, path: path(Math.floor(Math.random() * USERS)) }) }],
});
const cpuSpent = cpuMs(server.pid) - cpuBefore;
const bad = result.non2xx + result.errors;
const rate = result.requests.average;
console.log(
  `GET …/users/{id}/access: ${rate.toFixed(0)} answers/s (target ${TARGET}: ${rate >= TARGET ? "met" : "not met"})   ` +
    `p50 ${result.latency.p50} ms   p99 ${result.latency.p99} ms   ${CONNECTIONS} connections, ${SECONDS} s` +
    (bad ? `   (${bad} failed)` : ""),
);
const answered = result.requests.total;
console.log(
  `server CPU: ${(cpuSpent / 1000).toFixed(2)} s for ${answered} answers = ${((cpuSpent * 1000) / Math.max(1, answered)).toFixed(0)} µs per answer`,
);

await server.stop();
rmSync(dir, { recursive: true, force: true });
