/**
 * Export and import at scale (SPEC §12): seeds BENCH_USERS users (default 1,000,000) with SCIM
 * attributes, external ids of one or two providers and two roles each, plus nested roles,
 * through the storage layer; exports the tenant to an NDJSON file while sampling the process's
 * resident memory (RSS), then imports the file into an empty tenant and times it. Prints
 * numbers; asserts nothing. Targets: the export's RSS stays flat; a million users import in minutes.
 *   npm run bench:migration                                 1,000,000 users, SQLite file
 *   BENCH_USERS=20000 npm run bench:migration               a quick check that it runs
 *   BENCH_DATABASE_URL=postgres://…/db npm run bench:migration    on PostgreSQL (an empty database)
 *   BENCH_REUSE_DB=/tmp/seed-1m.db npm run bench:migration     seeds that SQLite file once and keeps
 *     it; later runs with the same path and BENCH_USERS export it again without seeding, and
 *     import into a fresh database file beside the run (the seeded file is only read)
 *   BENCH_EXPORT_ONLY=1 …                                    stops after the export
 *   BENCH_STATEMENTS=1 …        (SQLite) prints the statements that took the most time in each phase
 *   BENCH_SQLITE_CACHE_MB=256 … (SQLite) every connection's page cache, instead of Roster's default
 * Run it on a quiet machine: the load average is printed before and after, and the process's CPU
 * time (user + system) of each phase. With --expose-gc (as the npm script runs it) the live heap
 * after a garbage collection is printed too.
 */
import { createWriteStream, existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { finished } from "node:stream/promises";
import { sql } from "kysely";
import { ExportService } from "../src/domain/export-service.ts";
import { ImportService } from "../src/domain/import-service.ts";
import type { RoleRecord, UserRecord } from "../src/domain/model.ts";
import { roleIndex } from "../src/domain/role-index.ts";
import { fileSource, streamWriter } from "../src/domain/stream-adapters.ts";
import { userIndex } from "../src/domain/user-writes.ts";
import { URN } from "../src/protocol/resource/scim-object.ts";
import { openStore } from "../src/storage/open-store.ts";
import { openPostgresDatabase } from "../src/storage/postgres/postgres-database.ts";
import { sqlStore } from "../src/storage/sql/sql-store.ts";
import { openSqliteDatabase } from "../src/storage/sqlite/sqlite-database.ts";

const USERS = Number(process.env["BENCH_USERS"] ?? 1_000_000);
const ROLES = 60;
const SEED_BATCH = 2000;
const SAMPLE_MS = 50;

const dir = mkdtempSync(join(tmpdir(), "roster-migration-bench-"));
const reuse = process.env["BENCH_REUSE_DB"];
if (reuse && process.env["BENCH_DATABASE_URL"]) throw new Error("BENCH_REUSE_DB is for SQLite files only");
const url = process.env["BENCH_DATABASE_URL"] ?? `sqlite:${reuse ?? join(dir, "bench.db")}`;
const kind = url.startsWith("sqlite:") ? "SQLite" : "PostgreSQL";
const reused = reuse !== undefined && existsSync(reuse);

/** With BENCH_STATEMENTS (SQLite): time spent in each statement shape, lists of placeholders folded. */
const statements = new Map<string, { count: number; ms: number }>();
const timed = process.env["BENCH_STATEMENTS"] !== undefined && kind === "SQLite";
const cacheMiB = process.env["BENCH_SQLITE_CACHE_MB"];
const onQuery = (text: string, _parameters: readonly unknown[], ms: number) => {
  const shape = text
    .replace(/\(\?(, \?)*\)(, \(\?(, \?)*\))+/g, "(…), …")
    .replace(/\?(, \?)+/g, "?, …")
    .replace(/\s+/g, " ");
  const entry = statements.get(shape) ?? { count: 0, ms: 0 };
  entry.count += 1;
  entry.ms += ms;
  statements.set(shape, entry);
};
function printStatements(phase: string): void {
  if (!timed) return;
  const top = [...statements].sort((a, b) => b[1].ms - a[1].ms).slice(0, 12);
  console.log(
    `${phase}: statements by time (total ${seconds([...statements.values()].reduce((t, e) => t + e.ms, 0))})`,
  );
  for (const [shape, { count, ms }] of top) {
    console.log(`  ${seconds(ms).padStart(8)}  ${String(count).padStart(7)}×  ${shape.slice(0, 160)}`);
  }
  statements.clear();
}
async function open(target: string) {
  if (!timed && cacheMiB === undefined) return openStore(target);
  const opened = sqlStore(
    openSqliteDatabase(target.slice("sqlite:".length), {
      ...(timed ? { onQuery } : {}),
      ...(cacheMiB ? { cacheKiB: Number(cacheMiB) * 1024 } : {}),
    }),
  );
  await opened.migrate();
  return opened;
}
const store = await open(url);
if (!url.startsWith("sqlite:")) await store.migrate();
const stamp = Date.now();
// A reused file holds one seeded tenant, named by its size; the import goes into a fresh file.
const source = reuse ? `seeded${USERS}` : `bench${stamp}`;
const target = `benchcopy${stamp}`;
const targetStore = reuse ? await open(`sqlite:${join(dir, "target.db")}`) : store;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const rate = (count: number, ms: number) => `${Math.round(count / (ms / 1000)).toLocaleString("en-US")}/s`;

console.log(
  `migration benchmark on ${kind}: ${USERS.toLocaleString("en-US")} users, ${ROLES} roles; ` +
    `${cpus().length} cores, load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}, node ${process.version}`,
);

/** Samples RSS while `fn` runs; answers its result, the peak, and RSS at each tenth of the progress reported. */
async function sampled<T>(fn: (progress: (fraction: number) => void) => Promise<T>) {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, SAMPLE_MS);
  const tenths: number[] = [];
  const heaps: number[] = [];
  // With --expose-gc (the npm script passes it), the live heap is measured after a collection.
  const gc = (globalThis as { gc?: () => void }).gc;
  const progress = (fraction: number) => {
    while (tenths.length < Math.floor(fraction * 10)) {
      tenths.push(process.memoryUsage.rss());
      if (gc) {
        gc();
        heaps.push(process.memoryUsage().heapUsed);
      }
    }
  };
  const start = performance.now();
  try {
    const result = await fn(progress);
    return { result, ms: performance.now() - start, peak: Math.max(peak, process.memoryUsage.rss()), tenths, heaps };
  } finally {
    clearInterval(timer);
  }
}

/** CPU time (user + system) of the process since `from`, in seconds. */
const cpuSince = (from: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(from);
  return `CPU ${((used.user + used.system) / 1e6).toFixed(1)} s`;
};

// Seed: nested roles, then users in multi-row batches of the storage layer.
const start = performance.now();
let cpu = process.cpuUsage();
if (reused && !(await store.tenants.get(source)))
  throw new Error(`${reuse} has no tenant ${source}: seeded with another BENCH_USERS?`);
if (!reused) await store.tenants.create(source, new Date().toISOString());
await targetStore.tenants.create(target, new Date().toISOString());
const at = new Date().toISOString();
const roles: RoleRecord[] = Array.from({ length: ROLES }, (_, i) => ({
  id: `role${i}`,
  displayName: `Role ${i}`,
  externalIds: i % 2 ? [{ provider: "EntraID", value: `g-${i}` }] : [],
  roleType: i % 2 ? "Group" : "Role",
  scim: i % 2 ? {} : null,
  scimProvider: i % 2 ? "EntraID" : null,
  createdAt: at,
  modifiedAt: at,
  version: 1,
}));
if (!reused)
  await store.transaction(async (tx) => {
    await tx.bulk.insertRoles(
      source,
      roles.map((role) => ({ role, normalizedName: role.id, index: roleIndex(role) })),
    );
    await tx.bulk.nest(
      source,
      Array.from({ length: ROLES / 3 }, (_, i) => ({ parentId: `role${i * 3}`, childId: `role${i * 3 + 1}` })),
    );
  });
function user(i: number): UserRecord {
  const email = `user${i}@example.com`;
  const created = new Date(Date.UTC(2026, 0, 1) + i).toISOString();
  const twoProviders = i % 5 === 0;
  return {
    id: email,
    email,
    firstName: `First${i}`,
    lastName: `Last${i % 1000}`,
    phone: i % 3 ? `+47 5555 ${String(i % 10000).padStart(4, "0")}` : null,
    b2cId: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
    externalIds: [
      { provider: "EntraID", value: `upn${i}@corp.example` },
      ...(twoProviders ? [{ provider: "Okta", value: `okta${i}` }] : []),
    ],
    active: i % 50 !== 0,
    scim: {
      userName: `upn${i}@corp.example`,
      externalId: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
      name: { givenName: `First${i}`, familyName: `Last${i % 1000}` },
      emails: [{ value: email, type: "work", primary: true }],
      title: i % 7 === 0 ? "Engineer" : "Clerk",
      active: i % 50 !== 0,
      [URN.enterpriseUser]: { department: `Dept${i % 50}`, employeeNumber: String(i) },
    },
    scimProvider: "EntraID",
    createdAt: created,
    modifiedAt: created,
    version: 1,
  };
}
for (let from = 0; !reused && from < USERS; from += SEED_BATCH) {
  await store.transaction(async (tx) => {
    const batch = Array.from({ length: Math.min(SEED_BATCH, USERS - from) }, (_, k) => user(from + k));
    await tx.bulk.insertUsers(
      source,
      batch.map((record) => ({ user: record, index: userIndex(record) })),
    );
    await tx.bulk.assign(
      source,
      batch.flatMap((record, k) => [
        {
          userId: record.id,
          assignment: { roleId: `role${(from + k) % ROLES}`, source: "scim" as const, provider: "EntraID" },
        },
        {
          userId: record.id,
          assignment: { roleId: `role${(from + k + 7) % ROLES}`, source: "manual" as const, provider: null },
        },
      ]),
    );
  });
}
if (kind === "PostgreSQL" && !reused) {
  // Statistics of the seeded tenant, as autovacuum gathers them after a bulk load (a server with
  // autovacuum off, as the test server is, would otherwise plan every read without any).
  const analyzing = performance.now();
  const database = openPostgresDatabase(url);
  await sql`analyze`.execute(database.db);
  await database.close();
  console.log(`analyzed in ${seconds(performance.now() - analyzing)}`);
}
console.log(
  reused
    ? `reused the seeded ${reuse} (${mb(statSync(reuse!).size)})`
    : `seeded in ${seconds(performance.now() - start)} (${cpuSince(cpu)}); RSS after seeding ${mb(process.memoryUsage.rss())}`,
);

statements.clear();

// Export to a file.
const path = join(dir, "export.ndjson");
cpu = process.cpuUsage();
const exported = await sampled(async (progress) => {
  const file = createWriteStream(path);
  const summary = await new ExportService(store).export(source, streamWriter(file), {
    format: "ndjson",
    onProgress: ({ done, total }) => progress(done / total),
  });
  file.end();
  await finished(file);
  return summary;
});
const size = statSync(path).size;
console.log(
  `export: ${seconds(exported.ms)} (${rate(USERS + ROLES, exported.ms)}, ${cpuSince(cpu)}), file ${mb(size)}, peak RSS ${mb(exported.peak)}; ` +
    `RSS at each tenth: ${exported.tenths.map(mb).join(", ")}` +
    (exported.heaps.length ? `; live heap at each tenth: ${exported.heaps.map(mb).join(", ")}` : ""),
);

printStatements("export");
if (process.env["BENCH_EXPORT_ONLY"]) {
  if (!reuse) await store.tenants.delete(source);
  await targetStore.tenants.delete(target);
  if (reuse) await targetStore.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}

// Import into the empty tenant.
cpu = process.cpuUsage();
let checked: { ms: number; cpu: string } | undefined;
const importStart = performance.now();
const imported = await sampled(async (progress) =>
  new ImportService(targetStore).import(target, fileSource(path), {
    onProgress: ({ phase, done, total }) => {
      if (phase === "importing" && !checked) checked = { ms: performance.now() - importStart, cpu: cpuSince(cpu) };
      progress(phase === "checking" ? done / total / 2 : 0.5 + done / total / 2);
    },
  }),
);
const counts = await targetStore.bulk.counts(target);
console.log(
  `import: ${seconds(imported.ms)} (${rate(USERS + ROLES, imported.ms)}, ${cpuSince(cpu)}), peak RSS ${mb(imported.peak)}; ` +
    `RSS at each tenth (check, then write): ${imported.tenths.map(mb).join(", ")}; ` +
    (imported.heaps.length ? `live heap at each tenth: ${imported.heaps.map(mb).join(", ")}; ` : "") +
    `imported ${counts.users.toLocaleString("en-US")} users, ${counts.roles} roles` +
    (checked ? `; the check took ${seconds(checked.ms)} (${checked.cpu})` : ""),
);
printStatements("import");
console.log(
  `load after: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`,
);

if (!reuse) await store.tenants.delete(source);
if (reuse) await targetStore.close();
else await store.tenants.delete(target);
await store.close();
rmSync(dir, { recursive: true, force: true });
