/** Migration 011: a bulk write's owners counted a statement at a time on PostgreSQL, other writes at commit, with the counts the row triggers kept. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Kysely, Migrator, sql } from "kysely";
import { describe, expect, it } from "vitest";
import type { UserRecord } from "../../domain/model.ts";
import { userIndex } from "../../domain/user-writes.ts";
import { user as fixtureUser } from "../contract/fixtures.ts";
import { openPostgresDatabase } from "../postgres/postgres-database.ts";
import { bulkQueries } from "../sql/bulk-queries.ts";
import type { Database } from "../sql/database-schema.ts";
import type { SqlDatabase } from "../sql/sql-dialect.ts";
import { sqlStore } from "../sql/sql-store.ts";
import { toRow } from "../sql/user-queries.ts";
import { openSqliteDatabase } from "../sqlite/sqlite-database.ts";
import { createPostgresDatabase, DATABASE_KINDS } from "../testing/test-databases.ts";
import { migrationProvider } from "./migrations.ts";

async function emptyDatabase(
  kind: "sqlite" | "postgres",
): Promise<{ database: SqlDatabase; dispose: () => Promise<void> }> {
  if (kind === "sqlite") {
    const directory = await mkdtemp(join(tmpdir(), "roster-migration-011-"));
    const database = openSqliteDatabase(join(directory, "roster.db"));
    return { database, dispose: () => rm(directory, { recursive: true, force: true }) };
  }
  const created = await createPostgresDatabase();
  return { database: openPostgresDatabase(created.url), dispose: created.drop };
}

const AT = "2026-01-01T00:00:00.000Z";

function user(i: number): UserRecord {
  return fixtureUser(`user${i}@example.com`, { scim: null, createdAt: AT, modifiedAt: AT });
}

describe.each(DATABASE_KINDS)("migration 011 on %s", (kind) => {
  it("keeps the counts and generations the row triggers kept, over multi-row and multi-tenant statements", async () => {
    const { database, dispose } = await emptyDatabase(kind);
    const { db } = database;
    const counts = async () =>
      (
        await sql<{ tenant_id: string; kind: string; n: number | string; generation: number | string }>`
          select tenant_id, kind, n, generation from owner_counts order by tenant_id, kind`.execute(db)
      ).rows.map((r) => [r.tenant_id, r.kind, Number(r.n), Number(r.generation)]);
    try {
      const migrator = new Migrator({ db, provider: migrationProvider });
      expect((await migrator.migrateTo("008-read-path")).error).toBeUndefined();
      const store = sqlStore(database);
      for (const tenant of ["a", "b", "c"]) await store.tenants.create(tenant, AT);
      await store.transaction((tx) =>
        tx.bulk.insertUsers(
          "a",
          [1, 2, 3].map((i) => ({ user: user(i), index: userIndex(user(i)) })),
        ),
      );
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      expect(await counts()).toEqual([["a", "users", 3, 3]]);

      // One transaction, several multi-row statements, one of them across two tenants.
      await store.transaction(async (tx) => {
        await tx.bulk.insertUsers(
          "a",
          Array.from({ length: 1200 }, (_, k) => user(10 + k)).map((u) => ({ user: u, index: userIndex(u) })),
        );
        await tx.bulk.insertUsers(
          "b",
          [1, 2].map((i) => ({ user: user(i), index: userIndex(user(i)) })),
        );
      });
      await db
        .insertInto("users")
        .values([toRow("b", user(3)), toRow("c", user(1)), toRow("c", user(2))])
        .execute();
      expect(await counts()).toEqual([
        ["a", "users", 1203, 1203],
        ["b", "users", 3, 3],
        ["c", "users", 2, 2],
      ]);

      // Deletes: a statement across tenants, then a tenant's cascade.
      await db.deleteFrom("users").where("id", "in", ["user1@example.com", "user2@example.com"]).execute();
      expect(await counts()).toEqual([
        ["a", "users", 1201, 1205],
        ["b", "users", 1, 5],
        ["c", "users", 0, 4],
      ]);
      await store.tenants.delete("a");
      expect(await counts()).toEqual([
        ["b", "users", 1, 5],
        ["c", "users", 0, 4],
      ]);
      expect(
        (
          await store.users.list("b", {
            filter: undefined,
            provider: "",
            sortBy: undefined,
            sortOrder: "ascending",
            offset: 0,
            limit: 0,
          })
        ).total,
      ).toBe(1);
    } finally {
      await database.close();
      await dispose();
    }
  });
});

describe("migration 011 on postgres", () => {
  it("moves the counters once per statement in a bulk write, once per row at commit otherwise", async () => {
    const { database, dispose } = await emptyDatabase("postgres");
    try {
      expect((await new Migrator({ db: database.db, provider: migrationProvider }).migrateToLatest()).error).toBe(
        undefined,
      );
      await sqlStore(database).tenants.create("a", AT);
      const linked = (i: number) => ({ ...user(i), externalIds: [{ provider: "EntraID", value: `e${i}` }] });
      // Rows written into the two counter tables so far, deferred triggers fired first. The view
      // also holds the backend's not yet reported counts of earlier transactions: compare within one.
      const counterWrites = async (trx: Kysely<Database>) => {
        await sql`set constraints all immediate`.execute(trx);
        const result = await sql<{ n: string }>`select coalesce(sum(n_tup_ins + n_tup_upd), 0) as n
          from pg_stat_xact_user_tables where relname in ('owner_counts', 'user_link_counts')`.execute(trx);
        return Number(result.rows[0]?.n);
      };
      await database.db.transaction().execute(async (trx) => {
        const before = await counterWrites(trx);
        const users = Array.from({ length: 1200 }, (_, k) => linked(k));
        await bulkQueries(trx, database.dialect).insertUsers(
          "a",
          users.map((u) => ({ user: u, index: userIndex(u) })),
        );
        // One upsert of each counter per statement (users, external ids): not 2,400 row updates.
        expect((await counterWrites(trx)) - before).toBeLessThanOrEqual(4);
      });
      await database.db.transaction().execute(async (trx) => {
        const before = await counterWrites(trx);
        await trx
          .insertInto("users")
          .values([toRow("a", user(5000)), toRow("a", user(5001))])
          .execute();
        await trx
          .insertInto("user_external_ids")
          .values({
            tenant_id: "a",
            owner_id: "user5000@example.com",
            provider: "entraid",
            provider_name: "EntraID",
            value: "e5000",
            value_lower: "e5000",
          })
          .execute();
        expect((await counterWrites(trx)) - before).toBe(3);
      });
      const owners = await sql<{ n: string; generation: string }>`
        select n, generation from owner_counts where tenant_id = 'a' and kind = 'users'`.execute(database.db);
      expect(owners.rows.map((r) => [Number(r.n), Number(r.generation)])).toEqual([[1202, 1202]]);
      const links = await sql<{ n: string }>`select n from user_link_counts where tenant_id = 'a'`.execute(database.db);
      expect(links.rows.map((r) => Number(r.n))).toEqual([1201]);
    } finally {
      await database.close();
      await dispose();
    }
  });
});
