/**
 * HTTP benchmark: Roster on a fresh SQLite file (or BENCH_DATABASE_URL), real sockets on
 * 127.0.0.1. Sequential creates as an identity provider sends them, then autocannon loads for
 * the reads and writes providers repeat most. Prints numbers; asserts nothing.
 *   npx tsx bench/http.ts            BENCH_USERS=2000 BENCH_SECONDS=5 by default
 */
import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import autocannon from "autocannon";
import { DEFAULT_CONFIG } from "../src/config.ts";
import { ScimService } from "../src/domain/scim-service.ts";
import { TenantService } from "../src/domain/tenant-service.ts";
import { generateToken, hashToken } from "../src/domain/token.ts";
import { buildApp } from "../src/http/build-app.ts";
import { URN } from "../src/protocol/resource/scim-object.ts";
import { openStore } from "../src/storage/open-store.ts";

const USERS = Number(process.env["BENCH_USERS"] ?? 2000);
const SECONDS = Number(process.env["BENCH_SECONDS"] ?? 5);
const dir = mkdtempSync(join(tmpdir(), "roster-http-bench-"));
const url = process.env["BENCH_DATABASE_URL"] ?? `sqlite:${join(dir, "bench.db")}`;
const store = await openStore(url);
if (!url.startsWith("sqlite:")) await store.migrate();
// The per-tenant rate limit would cap the measured load: off, as SCIM_RATE_LIMIT=0 does.
const app = buildApp({
  store,
  scim: new ScimService(store),
  config: { ...DEFAULT_CONFIG, logLevel: "silent", scimRateLimit: 0 },
});
await app.listen({ host: "127.0.0.1", port: 0 });
const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

const tenant = `bench${Date.now()}`;
const token = generateToken();
const tenants = new TenantService(store);
await tenants.createTenant(tenant);
await tenants.setSetting(tenant, "HashedScimProvisioningToken", hashToken(token));
const base = `${origin}/scim/v2/${tenant}/EntraID`;
const headers = { authorization: `Bearer ${token}`, "content-type": "application/scim+json" };

console.log(`Roster HTTP benchmark on ${url.split(":")[0]}: ${USERS} users, ${SECONDS} s per load`);
let start = performance.now();
for (let i = 0; i < USERS; i++) {
  const response = await fetch(`${base}/Users`, {
    method: "POST",
    headers,
    body: JSON.stringify({
      schemas: [URN.user, URN.enterpriseUser],
      userName: `upn${i}@corp.example`,
      externalId: `obj-${i}`,
      name: { givenName: `First${i}`, familyName: `Last${i}` },
      emails: [{ value: `user${i}@example.com`, type: "work", primary: true }],
      active: true,
      [URN.enterpriseUser]: { department: `Dept${i % 20}` },
    }),
  });
  if (response.status !== 201) throw new Error(`create ${i}: ${response.status} ${await response.text()}`);
}
console.log(`sequential POST /Users: ${((USERS / (performance.now() - start)) * 1000).toFixed(0)} users/s`);
const group = await fetch(`${base}/Groups`, {
  method: "POST",
  headers,
  body: JSON.stringify({ schemas: [URN.group], displayName: "Everyone" }),
});
if (group.status !== 201) throw new Error(`group: ${group.status}`);

async function load(title: string, request: autocannon.Request, connections = 10) {
  const result = await autocannon({
    url: origin,
    connections,
    duration: SECONDS,
    headers,
    requests: [request],
  });
  const bad = result.non2xx + result.errors;
  console.log(
    `${title.padEnd(52)} ${result.requests.average.toFixed(0).padStart(6)} req/s   p50 ${String(result.latency.p50).padStart(4)} ms   p99 ${String(result.latency.p99).padStart(4)} ms${bad ? `   (${bad} failed)` : ""}`,
  );
}

const path = new URL(base).pathname;
let n = 0;
await load('GET /Users?filter=userName eq "…"', {
  method: "GET",
  setupRequest: (req) => ({
    ...req,
    path: `${path}/Users?filter=${encodeURIComponent(`userName eq "upn${n++ % USERS}@corp.example"`)}`,
  }),
});
await load("GET /Users/{id}", {
  method: "GET",
  setupRequest: (req) => ({ ...req, path: `${path}/Users/${encodeURIComponent(`user${n++ % USERS}@example.com`)}` }),
});
await load("GET /Users?count=100 (page)", { method: "GET", path: `${path}/Users?count=100` }, 4);
await load("PATCH /Users/{id} replace title", {
  method: "PATCH",
  setupRequest: (req) => ({
    ...req,
    path: `${path}/Users/${encodeURIComponent(`user${n++ % USERS}@example.com`)}`,
    body: JSON.stringify({ schemas: [URN.patchOp], Operations: [{ op: "replace", path: "title", value: `T${n}` }] }),
  }),
});
await load("PATCH /Groups/{id} add one member", {
  method: "PATCH",
  setupRequest: (req) => ({
    ...req,
    path: `${path}/Groups/everyone`,
    body: JSON.stringify({
      schemas: [URN.patchOp],
      Operations: [{ op: "add", path: "members", value: [{ value: `user${n++ % USERS}@example.com` }] }],
    }),
  }),
});

start = performance.now();
await app.close();
await store.close();
rmSync(dir, { recursive: true, force: true });
