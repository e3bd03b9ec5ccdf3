/**
 * CPU time per list at the storage layer for the substring filters and `sortBy=userName` (issue
 * 8, migration 009): `store.users.list` on an SQLite file seeded with `seedTenant` (kept at
 * BENCH_DB for the next run; a missing file is seeded first, ~12 min for 1,000,000 users here),
 * page of 100, median of 20 lists at targets spread over the tenant, CPU time of the process
 * (which runs SQLite too). Prints numbers, asserts nothing.
 *   BENCH_USERS=100000 BENCH_DB=/tmp/roster-read-text-100k.db npx tsx bench/read-text.ts
 */
import { existsSync } from "node:fs";
import { loadavg } from "node:os";
import type { ListQuery } from "../src/domain/ports.ts";
import { TenantService } from "../src/domain/tenant-service.ts";
import { parseFilter } from "../src/protocol/filter/parse-filter.ts";
import { resolveFilter } from "../src/protocol/filter/resolve-filter.ts";
import { resolveAttribute } from "../src/protocol/schema/resolve-attribute.ts";
import { sqlStore } from "../src/storage/sql/sql-store.ts";
import { openSqliteDatabase } from "../src/storage/sqlite/sqlite-database.ts";
import { seedTenant } from "../src/storage/testing/seed-tenant.ts";

const USERS = Number(process.env["BENCH_USERS"] ?? 100_000);
const PATH = process.env["BENCH_DB"] ?? `/tmp/roster-read-text-${USERS}.db`;

function filterOf(text: string): ListQuery["filter"] {
  const parsed = parseFilter(text);
  if (!parsed.ok) throw new Error(text);
  const resolved = resolveFilter("User", parsed.value);
  if (!resolved.ok) throw new Error(text);
  return resolved.value;
}

async function main() {
  if (!existsSync(PATH)) {
    const store = sqlStore(openSqliteDatabase(PATH));
    await store.migrate();
    await new TenantService(store).createTenant("acme");
    const started = Date.now();
    for (let from = 0; from < USERS; from += 100_000) {
      const to = Math.min(USERS, from + 100_000);
      await seedTenant(store, "acme", "EntraID", { from, to, groups: from === 0 ? 100 : 0 });
      console.log(`seeded ${to} users in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    }
    await store.close();
  }
  const store = sqlStore(openSqliteDatabase(PATH));
  const userName = resolveAttribute("User", { uri: undefined, name: "userName", subAttr: undefined });
  const cases: readonly [string, (n: string) => string | undefined, ListQuery["sortOrder"]][] = [
    ['emails.value co "ser…@"', (n) => `emails.value co "ser${n}@"`, "ascending"],
    ['emails.value ew "r…@example.com"', (n) => `emails.value ew "r${n}@example.com"`, "ascending"],
    ['emails.value sw "user…@"', (n) => `emails.value sw "user${n}@"`, "ascending"],
    ["sortBy=userName ascending", () => undefined, "ascending"],
    ["sortBy=userName descending", () => undefined, "descending"],
  ];
  console.log(`${USERS} users, load average ${loadavg()[0]?.toFixed(2)}`);
  for (const [name, make, sortOrder] of cases) {
    const times: number[] = [];
    for (let k = 0; k < 21; k++) {
      const n = String(1000 + k * Math.floor(USERS / 23)).padStart(7, "0");
      const text = make(n);
      const filter = text === undefined ? undefined : filterOf(text);
      const before = process.cpuUsage();
      await store.users.list("acme", {
        filter,
        provider: "EntraID",
        sortBy: filter ? undefined : userName,
        sortOrder,
        offset: 0,
        limit: 100,
      });
      const used = process.cpuUsage(before);
      if (k > 0) times.push((used.user + used.system) / 1000);
    }
    times.sort((a, b) => a - b);
    console.log(
      `${name.padEnd(34)} median ${times[10]?.toFixed(2)} ms CPU per list (min ${times[0]?.toFixed(2)}, max ${times[19]?.toFixed(2)})`,
    );
  }
  console.log(`load average ${loadavg()[0]?.toFixed(2)}`);
  await store.close();
}

await main();
