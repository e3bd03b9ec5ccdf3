/** Migration 005 on a database that already holds data: the provider columns arrive empty, the export infers them. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Migrator } from "kysely";
import { describe, expect, it } from "vitest";
import { ExportService } from "../../domain/export-service.ts";
import { openPostgresDatabase } from "../postgres/postgres-database.ts";
import type { SqlDatabase } from "../sql/sql-dialect.ts";
import { sqlStore } from "../sql/sql-store.ts";
import { openSqliteDatabase } from "../sqlite/sqlite-database.ts";
import { createPostgresDatabase, DATABASE_KINDS } from "../testing/test-databases.ts";
import { migrationProvider } from "./migrations.ts";

async function emptyDatabase(
  kind: "sqlite" | "postgres",
): Promise<{ database: SqlDatabase; dispose: () => Promise<void> }> {
  if (kind === "sqlite") {
    const directory = await mkdtemp(join(tmpdir(), "roster-migration-005-"));
    const database = openSqliteDatabase(join(directory, "roster.db"));
    return { database, dispose: () => rm(directory, { recursive: true, force: true }) };
  }
  const created = await createPostgresDatabase();
  return { database: openPostgresDatabase(created.url), dispose: created.drop };
}

const AT = "2026-01-01T00:00:00.000Z";

describe.each(DATABASE_KINDS)("migration 005 on %s", (kind) => {
  it("adds empty provider columns to existing rows, and the export names the provider that wrote", async () => {
    const { database, dispose } = await emptyDatabase(kind);
    const { db } = database;
    try {
      const migrator = new Migrator({ db, provider: migrationProvider });
      expect((await migrator.migrateTo("004-management-api")).error).toBeUndefined();
      await db
        .insertInto("tenants")
        .values({ id: "acme", created_at: AT } as never)
        .execute();
      await db
        .insertInto("users")
        .values({
          tenant_id: "acme",
          id: "ada@x.io",
          id_lower: "ada@x.io",
          email: "ada@x.io",
          email_lower: "ada@x.io",
          first_name: null,
          last_name: null,
          phone: null,
          b2c_id: null,
          display: "ada@x.io",
          display_lower: "ada@x.io",
          active: 1,
          scim: JSON.stringify({ userName: "ada", active: true }),
          created_at: AT,
          modified_at: AT,
          version: 1,
        } as never)
        .execute();
      for (const [provider, value] of [
        ["entraid", "ada@corp"],
        ["okta", "ada"],
      ]) {
        await db
          .insertInto("user_external_ids")
          .values({
            tenant_id: "acme",
            owner_id: "ada@x.io",
            provider: provider!,
            provider_name: provider === "okta" ? "Okta" : "EntraID",
            value: value!,
            value_lower: value!,
          })
          .execute();
      }
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      const row = await db.selectFrom("users").select(["id", "scim_provider"]).executeTakeFirstOrThrow();
      expect(row).toEqual({ id: "ada@x.io", scim_provider: null });
      let text = "";
      await new ExportService(sqlStore(database)).export(
        "acme",
        async (chunk) => {
          text += chunk;
        },
        { format: "ndjson" },
      );
      expect(JSON.parse(text.trimEnd().split("\n")[1]!).Scim).toEqual({ Okta: { userName: "ada", active: true } });
    } finally {
      await database.close();
      await dispose();
    }
  });
});
