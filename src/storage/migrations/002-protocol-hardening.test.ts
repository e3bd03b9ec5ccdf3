/** Migration 002 on a database that already holds data: display columns and `active` backfilled, on every database. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Migrator } from "kysely";
import { describe, expect, it } from "vitest";
import { openPostgresDatabase } from "../postgres/postgres-database.ts";
import type { SqlDatabase } from "../sql/sql-dialect.ts";
import { openSqliteDatabase } from "../sqlite/sqlite-database.ts";
import { createPostgresDatabase, DATABASE_KINDS } from "../testing/test-databases.ts";
import { migrationProvider } from "./migrations.ts";

async function emptyDatabase(
  kind: "sqlite" | "postgres",
): Promise<{ database: SqlDatabase; dispose: () => Promise<void> }> {
  if (kind === "sqlite") {
    const directory = await mkdtemp(join(tmpdir(), "roster-migration-"));
    const database = openSqliteDatabase(join(directory, "roster.db"));
    return { database, dispose: () => rm(directory, { recursive: true, force: true }) };
  }
  const created = await createPostgresDatabase();
  return { database: openPostgresDatabase(created.url), dispose: created.drop };
}

const AT = "2026-01-01T00:00:00.000Z";

function userRow(id: string, display: string, active: number, scim: object | null) {
  return {
    tenant_id: "acme",
    id,
    id_lower: id.toLowerCase(),
    email: null,
    email_lower: null,
    first_name: null,
    last_name: null,
    phone: null,
    b2c_id: null,
    display,
    active,
    scim: scim === null ? null : JSON.stringify(scim),
    created_at: AT,
    modified_at: AT,
    version: 1,
  };
}

describe.each(DATABASE_KINDS)("migration 002 on %s", (kind) => {
  it("backfills the lower-cased display columns and the active of users stored without it", async () => {
    const { database, dispose } = await emptyDatabase(kind);
    const { db } = database;
    try {
      const migrator = new Migrator({ db, provider: migrationProvider });
      expect((await migrator.migrateTo("001-initial")).error).toBeUndefined();
      await db.insertInto("tenants").values({ id: "acme", created_at: AT }).execute();
      // More rows than one backfill batch, so that the batches are walked.
      const many = Array.from({ length: 1200 }, (_, i) =>
        userRow(`u${String(i).padStart(4, "0")}`, `ÉMILE ${i}`, 1, {}),
      );
      const legacy = [
        userRow("sent-active", "ΣΟΦΙΑΣ", 0, { userName: "a", active: false }),
        userRow("never-sent", "Øystein", 0, { userName: "b", title: "x" }),
        userRow("by-hand", "ǅemal", 1, null),
      ];
      for (const row of [...many, ...legacy]) {
        await db
          .insertInto("users")
          .values(row as never)
          .execute();
      }
      await db
        .insertInto("roles")
        .values({
          tenant_id: "acme",
          id: "ops",
          display_name: "İstanbul OPS",
          name_norm: "i̇stanbulops",
          role_type: "Group",
          scim: null,
          created_at: AT,
          modified_at: AT,
          version: 1,
        } as never)
        .execute();

      expect((await migrator.migrateToLatest()).error).toBeUndefined();

      const users = await db.selectFrom("users").select(["id", "display_lower", "scim"]).orderBy("id").execute();
      const byId = new Map(users.map((u) => [u.id, u]));
      expect(byId.get("u1199")?.display_lower).toBe("émile 1199");
      expect(byId.get("sent-active")).toMatchObject({ display_lower: "σοφιας" });
      expect(JSON.parse(byId.get("sent-active")?.scim ?? "")).toEqual({ userName: "a", active: false });
      // Before 002 the resource showed `active` from the user's state; it still does.
      expect(JSON.parse(byId.get("never-sent")?.scim ?? "")).toEqual({ userName: "b", title: "x", active: false });
      expect(byId.get("by-hand")).toMatchObject({ display_lower: "ǆemal", scim: null });
      expect(JSON.parse(byId.get("u0000")?.scim ?? "")).toEqual({ active: true });
      const [ops] = await db.selectFrom("roles").select("display_name_lower").execute();
      expect(ops?.display_name_lower).toBe("i̇stanbul ops");
      await db.insertInto("server_secrets").values({ name: "x", value: "y", created_at: AT }).execute();
    } finally {
      await database.close();
      await dispose();
    }
  });
});
