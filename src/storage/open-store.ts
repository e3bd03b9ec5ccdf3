/** Picks and opens the database a `DATABASE_URL` names: `sqlite:<path>`, `sqlite::memory:` or `postgres://…`. */
import type { Store } from "../domain/ports.ts";
import { RosterError } from "../protocol/errors.ts";
import { openPostgresDatabase } from "./postgres/postgres-database.ts";
import { sqlStore } from "./sql/sql-store.ts";
import { openSqliteDatabase } from "./sqlite/sqlite-database.ts";

/** The default database of `npm start`: an SQLite file beside the checkout. */
export const DEFAULT_DATABASE_URL = "sqlite:./data/roster.db";

/**
 * Opens the store a URL names. SQLite migrates itself here (one file, one process at a time
 * migrating is safe); PostgreSQL is migrated only by `roster migrate`, so that several
 * instances starting together never race.
 */
export async function openStore(databaseUrl: string): Promise<Store> {
  if (databaseUrl.startsWith("sqlite:")) {
    const path = databaseUrl.slice("sqlite:".length);
    if (path === "")
      throw new RosterError("invalidValue", "DATABASE_URL sqlite: needs a path, e.g. sqlite:./data/roster.db");
    const store = sqlStore(openSqliteDatabase(path));
    await store.migrate();
    return store;
  }
  if (databaseUrl.startsWith("postgres://") || databaseUrl.startsWith("postgresql://")) {
    return sqlStore(openPostgresDatabase(databaseUrl));
  }
  throw new RosterError("invalidValue", "DATABASE_URL must start with sqlite: or postgres://");
}
