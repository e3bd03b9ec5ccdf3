/** Migration 010: owners counted a statement at a time on PostgreSQL, with the counts the row triggers kept. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Migrator, sql } from "kysely";
import { describe, expect, it } from "vitest";
import type { UserRecord } from "../../domain/model.ts";
import { userIndex } from "../../domain/user-writes.ts";
import { openPostgresDatabase } from "../postgres/postgres-database.ts";
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
    const directory = await mkdtemp(join(tmpdir(), "roster-migration-010-"));
    const database = openSqliteDatabase(join(directory, "roster.db"));
    return { database, dispose: () => rm(directory, { recursive: true, force: true }) };
  }
  const created = await createPostgresDatabase();
  return { database: openPostgresDatabase(created.url), dispose: created.drop };
}

const AT = "2026-01-01T00:00:00.000Z";

function user(i: number): UserRecord {
  const id = `user${i}@example.com`;
  return {
    id,
    email: id,
    firstName: null,
    lastName: null,
    phone: null,
    b2cId: null,
    externalIds: [],
    active: true,
    scim: null,
    scimProvider: null,
    createdAt: AT,
    modifiedAt: AT,
    version: 1,
  };
}

describe.each(DATABASE_KINDS)("migration 010 on %s", (kind) => {
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

describe("migration 010 on postgres", () => {
  it("leaves no row trigger of inserts or deletes on users or roles", async () => {
    const { database, dispose } = await emptyDatabase("postgres");
    try {
      expect((await new Migrator({ db: database.db, provider: migrationProvider }).migrateToLatest()).error).toBe(
        undefined,
      );
      // pg_trigger.tgtype: bit 0 a row trigger, bit 2 insert, bit 3 delete.
      const rows = await sql<{ relname: string; tgname: string }>`
        select c.relname, t.tgname from pg_trigger t join pg_class c on c.oid = t.tgrelid
        where c.relname in ('users', 'roles') and not t.tgisinternal
          and (t.tgtype & 1) = 1 and (t.tgtype & 12) <> 0`.execute(database.db);
      expect(rows.rows).toEqual([]);
    } finally {
      await database.close();
      await dispose();
    }
  });
});
