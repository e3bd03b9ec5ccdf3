/** SQLite keeps its planner statistics itself: analyzed at open, and again as tables grow tenfold. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { TenantService } from "../../domain/tenant-service.ts";
import { sqlStore } from "../sql/sql-store.ts";
import { seedTenant } from "../testing/seed-tenant.ts";
import { OPTIMIZE_EVERY_COMMITS, openSqliteDatabase } from "./sqlite-database.ts";

async function statRows(database: ReturnType<typeof openSqliteDatabase>, table: string) {
  const exists = await sql<{ n: number }>`select count(*) as n from sqlite_master where name = 'sqlite_stat1'`.execute(
    database.db,
  );
  if (Number(exists.rows[0]?.n) === 0) return [];
  const rows = await sql<{
    idx: string;
    stat: string;
  }>`select idx, stat from sqlite_stat1 where tbl = ${table}`.execute(database.db);
  return rows.rows;
}

describe("SQLite statistics", () => {
  let directory: string | undefined;
  afterEach(() => {
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  it("analyzes a grown file when it is opened, so the planner knows its size", async () => {
    directory = mkdtempSync(join(tmpdir(), "roster-stats-"));
    const path = join(directory, "roster.db");
    const first = openSqliteDatabase(path);
    const store = sqlStore(first);
    await store.migrate();
    await new TenantService(store).createTenant("acme");
    await seedTenant(store, "acme", "EntraID", { to: 300 });
    expect(await statRows(first, "users")).toEqual([]);
    await store.close();

    const reopened = openSqliteDatabase(path);
    const rows = await statRows(reopened, "users");
    expect(rows.length).toBeGreaterThan(0);
    // The first number of every index's stat is the row count it saw.
    expect(rows.every((row) => row.stat.startsWith("300 "))).toBe(true);
    await reopened.close();
  });

  it("re-analyzes after many commits once a table has grown tenfold", async () => {
    const database = openSqliteDatabase(":memory:");
    const store = sqlStore(database);
    await store.migrate();
    const tenants = new TenantService(store);
    await tenants.createTenant("acme");
    await seedTenant(store, "acme", "EntraID", { to: 20 });
    await sql`analyze`.execute(database.db);
    expect((await statRows(database, "users"))[0]?.stat.startsWith("20 ")).toBe(true);
    await seedTenant(store, "acme", "EntraID", { from: 20, to: 400 });
    for (let i = 0; i < OPTIMIZE_EVERY_COMMITS; i++) await store.transaction(async () => undefined);
    const stat = (await statRows(database, "users"))[0]?.stat ?? "";
    expect(Number(stat.split(" ")[0])).toBeGreaterThanOrEqual(400);
    await store.close();
  });
});
