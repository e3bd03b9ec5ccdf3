/** Opens the embedded SQLite database (better-sqlite3, WAL) behind Kysely. */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { Kysely, SqliteDialect, sql } from "kysely";
import type { Database } from "../sql/database-schema.ts";
import type { SqlDatabase, SqlDialect } from "../sql/sql-dialect.ts";

function errorCode(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && "code" in error ? String(error.code) : undefined;
}

/** SQLite's variants of the dialect-specific SQL. */
export const sqliteDialect: SqlDialect = {
  name: "sqlite",
  position: (haystack, needle) => sql<number>`instr(${haystack}, ${needle})`,
  suffix: (text, length) => sql<string>`substr(${text}, ${-length})`,
  binary: (text) => sql<string>`${text}`,
  isUniqueViolation: (error) => {
    const code = errorCode(error);
    return code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
  },
  isRetryable: (error) => errorCode(error) === "SQLITE_BUSY",
};

/**
 * Opens (creating if needed) the SQLite file at `path`, or an in-memory database for
 * `:memory:`. WAL lets readers run beside the writer; foreign keys enforce the cascades;
 * busy_timeout lets a second process wait for the write lock instead of failing.
 */
export function openSqliteDatabase(path: string): SqlDatabase {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const connection = new BetterSqlite3(path);
  connection.pragma("journal_mode = WAL");
  connection.pragma("synchronous = NORMAL");
  connection.pragma("foreign_keys = ON");
  connection.pragma("busy_timeout = 5000");
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: connection }) });
  return {
    db,
    dialect: sqliteDialect,
    close: () => db.destroy(),
  };
}
