/**
 * CPU time per SCIM request through the whole fastify pipeline (`app.inject`, no sockets), on a
 * fresh SQLite file: what the write path costs, barely disturbed by other load on the machine
 * (wall time and throughput are; CPU time mostly is not). Prints the median per scenario over
 * BENCH_ROUNDS − 1 rounds (the first warms up). To compare two versions, run it in each checkout,
 * alternately, a few times. Asserts nothing.
 * The "50 at once" row sends its creates with BENCH_CONCURRENT in flight: what a create costs
 * when concurrent writes share a commit (SQLite's group commit), as they do under load.
 *   npm run bench:writes            BENCH_USERS=1000 BENCH_N=400 BENCH_ROUNDS=5 BENCH_CONCURRENT=50 by default
 *   BENCH_ONLY="at once"            only the scenarios whose name holds one of these comma-separated words
 * It prints CPU µs per request (the fairer figure on a shared machine) and the wall rate.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_CONFIG } from "../src/config.ts";
import { ScimService } from "../src/domain/scim-service.ts";
import { TenantService } from "../src/domain/tenant-service.ts";
import { hashToken } from "../src/domain/token.ts";
import { buildApp } from "../src/http/build-app.ts";
import { URN } from "../src/protocol/resource/scim-object.ts";
import { openStore } from "../src/storage/open-store.ts";

const USERS = Number(process.env["BENCH_USERS"] ?? 1000);
const N = Number(process.env["BENCH_N"] ?? 400);
const ROUNDS = Number(process.env["BENCH_ROUNDS"] ?? 5);
/** Requests in flight in the concurrent scenario, as an identity provider's sync sends them. */
const CONCURRENT = Number(process.env["BENCH_CONCURRENT"] ?? 50);
const CONCURRENT_PREFIX = `${CONCURRENT} at once: `;

const dir = mkdtempSync(join(tmpdir(), "roster-writes-bench-"));
/** BENCH_DATABASE_URL: an empty PostgreSQL database instead of a fresh SQLite file. */
const databaseUrl = process.env["BENCH_DATABASE_URL"] ?? `sqlite:${join(dir, "bench.db")}`;
const store = await openStore(databaseUrl);
if (databaseUrl.startsWith("postgres")) await store.migrate();
const app = buildApp({
  store,
  scim: new ScimService(store),
  config: { ...DEFAULT_CONFIG, logLevel: "silent", scimRateLimit: 0 },
});
await app.ready();
const token = "writes-bench-token-0123456789";
const tenants = new TenantService(store);
await tenants.createTenant("bench");
await tenants.setSetting("bench", "HashedScimProvisioningToken", hashToken(token));
const headers = { authorization: `Bearer ${token}`, "content-type": "application/scim+json" };

async function call(method: "GET" | "POST" | "PATCH", url: string, body?: unknown): Promise<void> {
  const response = await app.inject({
    method,
    url: `/scim/v2/bench/EntraID${url}`,
    headers,
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });
  if (response.statusCode >= 300) throw new Error(`${method} ${url}: ${response.statusCode} ${response.body}`);
}

const count = { create: 0, patch: 0, add: 0, get: 0 };
const userId = (i: number) => encodeURIComponent(`user${i % USERS}@example.com`);
const create = () => {
  const i = count.create++;
  return call("POST", "/Users", {
    schemas: [URN.user],
    userName: `upn${i}@corp.example`,
    externalId: `obj-${i}`,
    name: { givenName: `First${i}`, familyName: `Last${i}` },
    emails: [{ value: `user${i}@example.com`, type: "work", primary: true }],
    active: true,
  });
};
const allScenarios: Record<string, () => Promise<void>> = {
  "POST /Users": create,
  [`${CONCURRENT_PREFIX}POST /Users`]: create,
  "PATCH /Users/{id} replace title": () =>
    call("PATCH", `/Users/${userId(count.patch)}`, {
      schemas: [URN.patchOp],
      Operations: [{ op: "replace", path: "title", value: `T${count.patch++}` }],
    }),
  "PATCH /Groups/{id} add one member": () =>
    call("PATCH", "/Groups/everyone", {
      schemas: [URN.patchOp],
      Operations: [{ op: "add", path: "members", value: [{ value: `user${count.add++ % USERS}@example.com` }] }],
    }),
  "GET /Users/{id}": () => call("GET", `/Users/${userId(count.get++)}`),
};

/** BENCH_ONLY: a comma-separated list of words; only the scenarios whose name holds one run (e.g. `at once`). */
const only = process.env["BENCH_ONLY"]?.split(",").filter((word) => word !== "");
const scenarios = Object.fromEntries(
  Object.entries(allScenarios).filter(([name]) => only === undefined || only.some((word) => name.includes(word))),
);

/** Runs `run` N times with CONCURRENT calls in flight: on SQLite, those share transactions (group commit). */
async function concurrently(run: () => Promise<void>): Promise<void> {
  let left = N;
  await Promise.all(
    Array.from({ length: CONCURRENT }, async () => {
      while (left-- > 0) await run();
    }),
  );
}

for (let i = 0; i < USERS; i++) await create();
await call("POST", "/Groups", { schemas: [URN.group], displayName: "Everyone" });
const samples: Record<string, number[]> = {};
/** Requests per second of wall time, per scenario (moves with the machine's load; CPU time less so). */
const rates: Record<string, number[]> = {};
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, run] of Object.entries(scenarios)) {
    const start = process.cpuUsage();
    const wallStart = performance.now();
    if (name.startsWith(CONCURRENT_PREFIX)) await concurrently(run);
    else for (let i = 0; i < N; i++) await run();
    const used = process.cpuUsage(start);
    const seconds = (performance.now() - wallStart) / 1000;
    if (round > 0) samples[name] = [...(samples[name] ?? []), (used.user + used.system) / N];
    if (round > 0) rates[name] = [...(rates[name] ?? []), N / seconds];
  }
}
const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
console.log(
  `CPU per SCIM request (this process), ${store.dialect}, ${USERS} users, ${N} requests x ${ROUNDS - 1} rounds; load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}`,
);
for (const [name, values] of Object.entries(samples)) {
  const rate = median(rates[name] ?? []).toFixed(0);
  console.log(`${name.padEnd(36)} ${median(values).toFixed(0).padStart(6)} µs   ${rate.padStart(6)}/s wall`);
}
await app.close();
await store.close();
rmSync(dir, { recursive: true, force: true });
