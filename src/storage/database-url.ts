/** What a `DATABASE_URL` names, without opening anything (cheap to import: the CLI reads it before it loads a driver). */
import { isAbsolute, resolve } from "node:path";

/** The default database of `npm start` and the CLI: an SQLite file under ./data of the working directory. */
export const DEFAULT_DATABASE_URL = "sqlite:./data/roster.db";

/** The file an `sqlite:<path>` URL names, as given (relative to the working directory); undefined for `sqlite::memory:` and PostgreSQL. */
export function sqliteFileOf(databaseUrl: string): string | undefined {
  if (!databaseUrl.startsWith("sqlite:")) return undefined;
  const path = databaseUrl.slice("sqlite:".length);
  return path === "" || path === ":memory:" ? undefined : path;
}

/** The URL with a relative SQLite path made absolute against `cwd`; other URLs unchanged. */
export function resolveDatabaseUrl(databaseUrl: string, cwd: string): string {
  const path = sqliteFileOf(databaseUrl);
  return path === undefined || isAbsolute(path) ? databaseUrl : `sqlite:${resolve(cwd, path)}`;
}
