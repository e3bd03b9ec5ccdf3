/**
 * CPU time per SCIM read through the whole fastify pipeline (`app.inject`, no sockets), on the
 * benchmark's data set (bench/compare/dataset.ts) seeded into an SQLite file through the
 * domain's write code: the access question of the management API (read-only tenant key),
 * `GET /Users/{id}`, a list page of 100, `userName eq`, and the full GET of the big group. Prints µs of process CPU per request (median of rounds) and, with
 * BENCH_CPU_PROF=<file>, writes a CPU profile of the timed requests of BENCH_PROFILE_SCENARIO.
 * Prints numbers; asserts nothing.
 *   BENCH_USERS=10000 npm run bench:read-path
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_CONFIG } from "../src/config.ts";
import { CLI_ACTOR } from "../src/domain/actor.ts";
import { AdminKeyService } from "../src/domain/admin-key-service.ts";
import { ScimService } from "../src/domain/scim-service.ts";
import { buildApp } from "../src/http/build-app.ts";
import { openStore } from "../src/storage/open-store.ts";
import { BASE_PATH, BIG_GROUP, userId, userName } from "./compare/dataset.ts";
import { createBenchTenant, seedRoster } from "./compare/targets/seed-roster.ts";

const USERS = Number(process.env["BENCH_USERS"] ?? 10_000);
const ROUNDS = Number(process.env["BENCH_ROUNDS"] ?? 5);
const PROFILE = process.env["BENCH_CPU_PROF"];
const PROFILE_SCENARIO = process.env["BENCH_PROFILE_SCENARIO"] ?? "list-page";
const ONLY = process.env["BENCH_SCENARIOS"]?.split(",");
const TOKEN = "cmVhZC1wYXRoLWJlbmNoLXRva2VuLTAxMjM0NTY3ODk";
const CACHE = process.env["BENCH_SEED_CACHE"];

const dir = mkdtempSync(join(tmpdir(), "roster-read-path-"));
const file = join(dir, "bench.db");
const cached = CACHE !== undefined && existsSync(CACHE);
if (cached) copyFileSync(CACHE, file);
const store = await openStore(`sqlite:${file}`);
if (!cached) {
  const started = Date.now();
  await createBenchTenant(store, TOKEN);
  await seedRoster(store, USERS);
  console.log(`seeded ${USERS} users in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (CACHE !== undefined) {
    await store.close();
    copyFileSync(file, CACHE);
  }
}
const reopened = cached || CACHE !== undefined ? await openStore(`sqlite:${file}`) : store;
const app = buildApp({
  store: reopened,
  scim: new ScimService(reopened),
  config: { ...DEFAULT_CONFIG, logLevel: "silent", scimRateLimit: 0 },
});
await app.ready();
const headers = { authorization: `Bearer ${TOKEN}` };
const adminKey = (
  await new AdminKeyService(reopened).create({ name: "read-path", tenantId: "bench", readOnly: true }, CLI_ACTOR)
).secret;
let seed = 1;
const random = (n: number) => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed % n;
};
const scenarios: Record<string, { count: number; url: () => string; key?: string }> = {
  access: {
    count: 3000,
    url: () => `/api/v1/tenants/bench/users/${encodeURIComponent(userId(random(USERS)))}/access`,
    key: adminKey,
  },
  "get-user": { count: 2000, url: () => `${BASE_PATH}/Users/${encodeURIComponent(userId(random(USERS)))}` },
  "list-page": {
    count: 200,
    url: () => `${BASE_PATH}/Users?startIndex=${1 + 100 * random(Math.min(10, Math.floor(USERS / 100)))}&count=100`,
  },
  "filter-username": {
    count: 1000,
    url: () => `${BASE_PATH}/Users?filter=${encodeURIComponent(`userName eq "${userName(random(USERS))}"`)}`,
  },
  "get-big-group": { count: 3, url: () => `${BASE_PATH}/Groups/${BIG_GROUP.id}` },
};
console.log(`load average ${loadavg()[0]?.toFixed(2)}`);
for (const [name, scenario] of Object.entries(scenarios)) {
  if (ONLY && !ONLY.includes(name)) continue;
  const send = async () => {
    const authorization = `Bearer ${scenario.key ?? TOKEN}`;
    const response = await app.inject({ method: "GET", url: scenario.url(), headers: { ...headers, authorization } });
    if (response.statusCode !== 200) throw new Error(`${name}: ${response.statusCode} ${response.body.slice(0, 200)}`);
    return response.rawPayload.length;
  };
  for (let i = 0; i < Math.min(50, scenario.count); i++) await send();
  const perRound: number[] = [];
  let bytes = 0;
  const session = PROFILE && name === PROFILE_SCENARIO ? new Session() : undefined;
  if (session) {
    session.connect();
    await session.post("Profiler.enable");
    await session.post("Profiler.setSamplingInterval", { interval: 100 });
    await session.post("Profiler.start");
  }
  for (let round = 0; round < ROUNDS; round++) {
    const before = process.cpuUsage();
    for (let i = 0; i < scenario.count; i++) bytes = await send();
    const used = process.cpuUsage(before);
    perRound.push((used.user + used.system) / scenario.count);
  }
  if (session && PROFILE) {
    const { profile } = await session.post("Profiler.stop");
    writeFileSync(PROFILE, JSON.stringify(profile));
    session.disconnect();
  }
  perRound.sort((a, b) => a - b);
  const median = perRound[Math.floor(perRound.length / 2)] ?? 0;
  console.log(
    `${name.padEnd(16)} ${median.toFixed(0).padStart(7)} µs CPU per request (min ${perRound[0]?.toFixed(0)})   ${bytes} bytes`,
  );
}
console.log(`load average ${loadavg()[0]?.toFixed(2)}`);
await app.close();
await reopened.close();
rmSync(dir, { recursive: true, force: true });
