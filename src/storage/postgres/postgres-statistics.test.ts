/** Roster analyzes a tenant's PostgreSQL tables once its counter has doubled since the last time (postgres-statistics.ts). */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Store } from "../../domain/ports.ts";
import { userIndex } from "../../domain/user-writes.ts";
import { user } from "../contract/fixtures.ts";
import type { SqlDatabase } from "../sql/sql-dialect.ts";
import { sqlStore } from "../sql/sql-store.ts";
import { createPostgresDatabase } from "../testing/test-databases.ts";
import { openPostgresDatabase } from "./postgres-database.ts";
import { analyzeGrownTenants } from "./postgres-statistics.ts";

describe("analyzeGrownTenants on postgres", () => {
  let database: SqlDatabase;
  let store: Store;
  let drop: () => Promise<void>;
  let next = 0;

  beforeAll(async () => {
    const created = await createPostgresDatabase();
    drop = created.drop;
    database = openPostgresDatabase(created.url);
    store = sqlStore(database);
    await store.migrate();
    // Only Roster analyzes here: autovacuum would at a time of its own.
    for (const table of ["users", "user_index", "user_external_ids", "user_roles", "roles", "role_index"]) {
      await sql`alter table ${sql.table(table)} set (autovacuum_enabled = off)`.execute(database.db);
    }
    await store.tenants.create("a", "2026-01-01T00:00:00.000Z");
    await store.tenants.create("b", "2026-01-01T00:00:00.000Z");
  });
  afterAll(async () => {
    await store?.close();
    await drop?.();
  });

  async function addUsers(tenant: string, count: number) {
    for (let i = 0; i < count; i++) {
      const record = user(`u${next++}@example.com`);
      await store.users.insert(tenant, record, userIndex(record));
    }
  }

  /** The planner's row count of `users` (-1: never analyzed), which ANALYZE sets at once. */
  async function estimatedUsers() {
    const rows = await sql<{ n: number }>`select reltuples::int as n from pg_class where relname = 'users'`.execute(
      database.db,
    );
    return Number(rows.rows[0]?.n);
  }

  it("analyzes once a tenant reaches the minimum, then again only when it has doubled", async () => {
    await addUsers("a", 9);
    expect(await analyzeGrownTenants(database.db, 10)).toEqual([]);
    expect(await estimatedUsers()).toBe(-1);

    await addUsers("a", 1);
    expect(await analyzeGrownTenants(database.db, 10)).toEqual(["users"]);
    expect(await estimatedUsers()).toBe(10);
    expect(await analyzeGrownTenants(database.db, 10)).toEqual([]);

    await addUsers("a", 9); // 19: not yet twice 10
    expect(await analyzeGrownTenants(database.db, 10)).toEqual([]);
    expect(await estimatedUsers()).toBe(10);

    await addUsers("a", 1);
    expect(await analyzeGrownTenants(database.db, 10)).toEqual(["users"]);
    expect(await estimatedUsers()).toBe(20);
  });

  it("analyzes for a second tenant that grows while the first does not, and records both", async () => {
    await addUsers("b", 12);
    expect(await analyzeGrownTenants(database.db, 10)).toEqual(["users"]);
    expect(await estimatedUsers()).toBe(32);
    const recorded = await sql<{ tenant_id: string; n: number }>`select tenant_id, n::int as n from analyzed_counts
      where kind = 'users' order by tenant_id`.execute(database.db);
    expect(recorded.rows).toEqual([
      { tenant_id: "a", n: 20 },
      { tenant_id: "b", n: 12 },
    ]);
    expect(await analyzeGrownTenants(database.db, 10)).toEqual([]);
  });
});
