/**
 * Benchmarks: seeds a tenant with BENCH_USERS users (default 20,000) in one group, then times
 * the requests identity providers make most. Prints numbers; asserts nothing.
 *   npm run bench                       # SQLite file in a temp dir
 *   BENCH_DATABASE_URL=postgres://… npm run bench
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { UserRecord } from "../src/domain/model.ts";
import { ScimService } from "../src/domain/scim-service.ts";
import { userIndex } from "../src/domain/user-writes.ts";
import { unwrap } from "../src/protocol/errors.ts";
import { parseFilter } from "../src/protocol/filter/parse-filter.ts";
import { resolveFilter } from "../src/protocol/filter/resolve-filter.ts";
import { parsePatchRequest } from "../src/protocol/patch/parse-patch-request.ts";
import { URN } from "../src/protocol/resource/scim-object.ts";
import { openStore } from "../src/storage/open-store.ts";

const USERS = Number(process.env["BENCH_USERS"] ?? 20000);
const dir = mkdtempSync(join(tmpdir(), "roster-bench-"));
const url = process.env["BENCH_DATABASE_URL"] ?? `sqlite:${join(dir, "bench.db")}`;
const store = await openStore(url);
if (!url.startsWith("sqlite:")) await store.migrate();
const tenant = `bench${Date.now()}`;
const ctx = { tenantId: tenant, provider: "EntraID", baseUrl: "https://bench/scim/v2/t/EntraID" };
const scim = new ScimService(store);

function record(i: number): UserRecord {
  const email = `user${i}@example.com`;
  const at = new Date(Date.UTC(2026, 0, 1, 0, 0, 0, i)).toISOString();
  return {
    id: email,
    email,
    firstName: `First${i}`,
    lastName: `Last${i % 1000}`,
    phone: null,
    b2cId: `obj-${i}`,
    externalIds: [{ provider: "EntraID", value: `upn${i}@corp.example` }],
    active: true,
    scim: {
      userName: `upn${i}@corp.example`,
      externalId: `obj-${i}`,
      name: { givenName: `First${i}`, familyName: `Last${i % 1000}` },
      emails: [{ value: email, type: "work", primary: true }],
      title: i % 7 === 0 ? "Engineer" : "Clerk",
      [URN.enterpriseUser]: { department: `Dept${i % 50}`, employeeNumber: String(i) },
    },
    scimProvider: "EntraID",
    createdAt: at,
    modifiedAt: at,
    version: 1,
  };
}

async function time(label: string, runs: number, fn: (i: number) => Promise<unknown>) {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn(i);
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const p = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!.toFixed(2);
  console.log(`${label.padEnd(58)} median ${p(0.5).padStart(8)} ms   p95 ${p(0.95).padStart(8)} ms   (${runs} runs)`);
}

function filter(text: string) {
  return unwrap(resolveFilter("User", unwrap(parseFilter(text))));
}

function list(text: string | undefined, count = 1) {
  return scim.listUsers(ctx, {
    filter: text ? filter(text) : undefined,
    sortBy: undefined,
    sortOrder: "ascending",
    startIndex: 1,
    count,
  });
}

console.log(`Roster benchmark: ${USERS} users on ${url.split(":")[0]}`);
await store.tenants.create(tenant, new Date().toISOString());
let start = performance.now();
for (let i = 0; i < USERS; i += 1000) {
  await store.transaction(async (tx) => {
    for (let j = i; j < Math.min(USERS, i + 1000); j++) {
      const user = record(j);
      await tx.users.insert(tenant, user, userIndex(user));
    }
  });
}
console.log(`seed ${USERS} users: ${((USERS / (performance.now() - start)) * 1000).toFixed(0)} users/s`);
start = performance.now();
await scim.createGroup(ctx, { schemas: [URN.group], displayName: "Everyone" }, { includeMembers: false });
for (let i = 0; i < USERS - 1; i += 5000) {
  const ids = Array.from({ length: Math.min(5000, USERS - 1 - i) }, (_, k) => `user${i + k}@example.com`);
  await store.transaction((tx) => tx.roles.addMembers(tenant, "everyone", ids, "EntraID"));
}
console.log(`group of ${USERS - 1} members: ${(performance.now() - start).toFixed(0)} ms`);

const mid = Math.floor(USERS / 2);
await time('userName eq "…" (Entra ID match)', 200, (i) => list(`userName eq "upn${(i * 97) % USERS}@corp.example"`));
await time('externalId eq "…"', 200, (i) => list(`externalId eq "obj-${(i * 89) % USERS}"`));
await time('emails[type eq "work"].value eq "…"', 200, (i) =>
  list(`emails[type eq "work"].value eq "user${(i * 83) % USERS}@example.com"`),
);
await time("enterprise department eq, first page of 100", 50, () =>
  list(`${URN.enterpriseUser}:department eq "Dept7"`, 100),
);
await time("count only (count=0), no filter", 20, () => list(undefined, 0));
await time("page of 100 at startIndex ~ middle (Okta import)", 20, () =>
  scim.listUsers(ctx, { filter: undefined, sortBy: undefined, sortOrder: "ascending", startIndex: mid, count: 100 }),
);
// Okta's sequential import from the middle on: each page starts where the one before ended.
await time("Okta sequential import: page i at startIndex middle + 100·i", 20, (i) =>
  scim.listUsers(ctx, {
    filter: undefined,
    sortBy: undefined,
    sortOrder: "ascending",
    startIndex: mid + 100 + 100 * i,
    count: 100,
  }),
);
await time("GET user with groups", 200, (i) => scim.getUser(ctx, `user${(i * 71) % USERS}@example.com`));
const add = unwrap(
  parsePatchRequest({
    schemas: [URN.patchOp],
    Operations: [{ op: "add", path: "members", value: [{ value: `user${USERS - 1}@example.com` }] }],
  }),
);
const remove = unwrap(
  parsePatchRequest({
    schemas: [URN.patchOp],
    Operations: [{ op: "remove", path: `members[value eq "user${USERS - 1}@example.com"]` }],
  }),
);
const quiet = { includeMembers: false };
await time(`PATCH add+remove 1 member of a ${USERS - 1}-member group`, 100, async () => {
  await scim.patchGroup(ctx, "everyone", add, quiet);
  await scim.patchGroup(ctx, "everyone", remove, quiet);
});
const rename = unwrap(
  parsePatchRequest({ schemas: [URN.patchOp], Operations: [{ op: "replace", path: "title", value: "Staff" }] }),
);
await time("PATCH user (replace title)", 200, (i) =>
  scim.patchUser(ctx, `user${(i * 67) % USERS}@example.com`, rename),
);

await store.close();
rmSync(dir, { recursive: true, force: true });
