/** Picks and opens the database a `DATABASE_URL` names: `sqlite:<path>`, `sqlite::memory:` or `postgres://…`. */
import { existsSync, mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { Store } from "../domain/ports.ts";
import { RosterError } from "../protocol/errors.ts";
import { DEFAULT_DATABASE_URL, sqliteFileOf } from "./database-url.ts";
import { openPostgresDatabase } from "./postgres/postgres-database.ts";
import { sqlStore } from "./sql/sql-store.ts";
import { openSqliteDatabase } from "./sqlite/sqlite-database.ts";

export { DEFAULT_DATABASE_URL };

/** How openStore treats an SQLite file; PostgreSQL databases are never created here. */
export interface OpenStoreOptions {
  /**
   * An SQLite file that does not exist: `create` it (the default), or `refuse` with a `notFound`
   * error naming it, creating nothing. A missing directory is refused too unless createDirectory,
   * so that a mistyped path never silently becomes a new, empty database.
   */
  readonly ifMissing?: "create" | "refuse";
  /** Whether a missing file's directory may be created too (default: only for DEFAULT_DATABASE_URL). */
  readonly createDirectory?: boolean;
  /** Called with the absolute path of an SQLite file openStore created. */
  readonly onCreate?: (path: string) => void;
  /** SQLite is migrated on open unless false (`roster migrate` migrates itself, to report what it applied). */
  readonly migrate?: boolean;
}

/**
 * Opens the store a URL names. SQLite migrates itself here (one file, one process at a time
 * migrating is safe); PostgreSQL is migrated only by `roster migrate`, so that several
 * instances starting together never race.
 */
export async function openStore(databaseUrl: string, options: OpenStoreOptions = {}): Promise<Store> {
  if (databaseUrl.startsWith("sqlite:")) {
    const path = databaseUrl.slice("sqlite:".length);
    if (path === "")
      throw new RosterError("invalidValue", "DATABASE_URL sqlite: needs a path, e.g. sqlite:./data/roster.db");
    const created = prepareSqliteFile(databaseUrl, {
      ifMissing: options.ifMissing ?? "create",
      createDirectory: options.createDirectory ?? databaseUrl === DEFAULT_DATABASE_URL,
    });
    const store = sqlStore(openSqliteDatabase(path));
    if (created !== undefined) options.onCreate?.(created);
    // Checked first, read-only: a database that is current is opened without taking the write lock.
    if (options.migrate !== false && !(await store.isMigrated())) await store.migrate();
    return store;
  }
  if (databaseUrl.startsWith("postgres://") || databaseUrl.startsWith("postgresql://")) {
    // Tenants that doubled since their tables' last ANALYZE are analyzed within a minute (issue 8).
    return sqlStore(openPostgresDatabase(databaseUrl, { analyzeEverySeconds: 60 }));
  }
  throw new RosterError("invalidValue", "DATABASE_URL must start with sqlite: or postgres://");
}

/** Checks an SQLite file before it is opened; returns its absolute path when opening will create it. */
function prepareSqliteFile(
  databaseUrl: string,
  { ifMissing, createDirectory }: { readonly ifMissing: "create" | "refuse"; readonly createDirectory: boolean },
): string | undefined {
  const file = sqliteFileOf(databaseUrl);
  if (file === undefined) return undefined;
  const path = resolve(file);
  if (existsSync(path)) return undefined;
  if (ifMissing === "refuse") {
    throw new RosterError(
      "notFound",
      `database file ${path} does not exist (check the database URL; \`roster migrate\` creates it)`,
    );
  }
  const directory = dirname(path);
  if (createDirectory) mkdirSync(directory, { recursive: true });
  else if (!existsSync(directory)) {
    throw new RosterError("notFound", `cannot create database file ${path}: directory ${directory} does not exist`);
  }
  return path;
}
