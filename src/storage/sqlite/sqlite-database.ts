/** Opens the embedded SQLite database (better-sqlite3, WAL) behind Kysely. */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { Kysely, type SqliteDatabase, SqliteDialect, sql } from "kysely";
import type { Database } from "../sql/database-schema.ts";
import { observedQueries, type QueryObserver, type SqlDatabase, type SqlDialect } from "../sql/sql-dialect.ts";
import { type BatchReport, type GroupCommitLimits, SqliteGroupCommit } from "./sqlite-group-commit.ts";

function errorCode(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && "code" in error ? String(error.code) : undefined;
}

/** SQLite's variants of the dialect-specific SQL. */
export const sqliteDialect: SqlDialect = {
  name: "sqlite",
  position: (haystack, needle) => sql<number>`instr(${haystack}, ${needle})`,
  suffix: (text, length) => sql<string>`substr(${text}, ${-length})`,
  binary: (text) => sql<string>`${text}`,
  unindexed: (value) => sql`+${value}`,
  isUniqueViolation: (error) => {
    const code = errorCode(error);
    return code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
  },
  isRetryable: (error) => errorCode(error) === "SQLITE_BUSY",
  lockText: undefined,
};

/** How the SQLite database is opened. */
export interface SqliteOptions {
  /** How large a batch of writes sharing one transaction may grow (default DEFAULT_GROUP_COMMIT_LIMITS). */
  readonly groupCommit?: GroupCommitLimits;
  /** Told of every batch of writes (tests, benchmarks). */
  readonly onBatch?: (report: BatchReport) => void;
  /** Told of every statement run (the plan test reads the plans of what requests run). */
  readonly onQuery?: QueryObserver;
  /** The page cache of each connection, in KiB (`PRAGMA cache_size = -N`); SQLite's default when absent. */
  readonly cacheKiB?: number;
}

/**
 * Opens (creating if needed) the SQLite file at `path`, or an in-memory database for
 * `:memory:`. WAL lets readers run beside the writer; foreign keys enforce the cascades;
 * busy_timeout lets a second process wait for the write lock instead of failing.
 */
export function openSqliteDatabase(path: string, options: SqliteOptions = {}): SqlDatabase {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const connection = new BetterSqlite3(path);
  connection.pragma("journal_mode = WAL");
  connection.pragma("synchronous = NORMAL");
  connection.pragma("foreign_keys = ON");
  connection.pragma("busy_timeout = 5000");
  if (options.cacheKiB !== undefined) connection.pragma(`cache_size = ${-Math.floor(options.cacheKiB)}`);
  const statistics = keptStatistics(connection);
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: withStatementCache(connection) }),
    ...observedQueries(options.onQuery),
  });
  // Statistics are looked at between batches, when the connection holds no transaction.
  const batches = new SqliteGroupCommit(db, options.groupCommit, (report) => {
    if (report.committed) statistics.afterCommit();
    options.onBatch?.(report);
  });
  return {
    db,
    dialect: sqliteDialect,
    writeTransaction: (fn) => batches.run(fn),
    close: async () => {
      await batches.idle();
      await db.destroy();
    },
    ...(path === ":memory:" ? {} : { openReader: () => openSqliteReader(path, options) }),
  };
}

/** Committed write transactions between two runs of `PRAGMA optimize`. */
export const OPTIMIZE_EVERY_COMMITS = 1000;

/**
 * Keeps the planner's statistics (sqlite_stat1) current, as SQLite recommends: `PRAGMA optimize`
 * at open (0x10002: every table, including one never analyzed) and again every
 * OPTIMIZE_EVERY_COMMITS commits, bounded by `analysis_limit` so a run reads a sample of each
 * index, not the whole file. It re-analyzes only tables whose size changed tenfold since their
 * last analysis, so a run with nothing to do costs microseconds. The plans do not depend on it
 * (the plan test checks them without statistics too); it keeps the choices SQLite makes on its
 * own (join orders in queries no rule covers) from going stale as a tenant grows.
 */
function keptStatistics(connection: BetterSqlite3.Database): { afterCommit: () => void } {
  connection.pragma("analysis_limit = 1000");
  optimize(connection, "optimize = 0x10002");
  let commits = 0;
  return {
    afterCommit() {
      if (++commits < OPTIMIZE_EVERY_COMMITS) return;
      commits = 0;
      optimize(connection, "optimize");
    },
  };
}

/**
 * Runs `PRAGMA <pragma>` without waiting for a lock: a file another process is writing
 * (SQLITE_BUSY) is analyzed next time instead of holding up an open or a commit.
 */
function optimize(connection: BetterSqlite3.Database, pragma: string): void {
  connection.pragma("busy_timeout = 0");
  try {
    connection.pragma(pragma);
  } catch (error) {
    if (!errorCode(error)?.startsWith("SQLITE_BUSY")) throw error;
  } finally {
    connection.pragma("busy_timeout = 5000");
  }
}

/**
 * A read-only connection to the SQLite file at `path`. In WAL mode its read transactions see a
 * snapshot of the file while the main connection (or another process) keeps writing.
 */
function openSqliteReader(path: string, options: SqliteOptions): SqlDatabase {
  const connection = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
  connection.pragma("busy_timeout = 5000");
  if (options.cacheKiB !== undefined) connection.pragma(`cache_size = ${-Math.floor(options.cacheKiB)}`);
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: connection }),
    ...observedQueries(options.onQuery),
  });
  return { db, dialect: sqliteDialect, close: () => db.destroy() };
}

/** Statements kept prepared; Roster's SQL has a few hundred shapes, values travel as parameters. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * The connection as Kysely sees it, with prepared statements reused: Kysely prepares every
 * query anew, which cost a quarter of the database time of a SCIM create. Least recently used
 * statements are dropped past STATEMENT_CACHE_SIZE.
 */
function withStatementCache(connection: BetterSqlite3.Database): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => connection.close(),
    prepare(text: string) {
      let statement = cache.get(text);
      if (statement) {
        cache.delete(text);
      } else {
        statement = connection.prepare(text);
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
      }
      cache.set(text, statement);
      return statement;
    },
  };
}
