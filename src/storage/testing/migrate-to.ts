/** Test helper: a database left at an older schema, as an earlier Roster version would have left it. */
import { Migrator } from "kysely";
import { migrationProvider } from "../migrations/migrations.ts";
import { openPostgresDatabase } from "../postgres/postgres-database.ts";
import type { SqlDatabase } from "../sql/sql-dialect.ts";
import { openSqliteDatabase } from "../sqlite/sqlite-database.ts";

/** The names of Roster's migrations, in the order they run. */
export async function migrationNames(): Promise<readonly string[]> {
  return Object.keys(await migrationProvider.getMigrations()).sort();
}

/** Applies the migrations up to and including `name` to the database at `databaseUrl` (creating an SQLite file), and no further. */
export async function migrateTestDatabaseTo(databaseUrl: string, name: string): Promise<void> {
  const database: SqlDatabase = databaseUrl.startsWith("sqlite:")
    ? openSqliteDatabase(databaseUrl.slice("sqlite:".length))
    : openPostgresDatabase(databaseUrl);
  try {
    const { error } = await new Migrator({ db: database.db, provider: migrationProvider }).migrateTo(name);
    if (error) throw error;
  } finally {
    await database.close();
  }
}
