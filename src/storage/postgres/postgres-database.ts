/** Opens a PostgreSQL database (pg pool) behind Kysely. */
import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import type { Database } from "../sql/database-schema.ts";
import { renameStatement, statementName } from "../sql/prepared-query.ts";
import { observedQueries, type QueryObserver, type SqlDatabase, type SqlDialect } from "../sql/sql-dialect.ts";
import { keepStatistics } from "./postgres-statistics.ts";

function errorCode(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && "code" in error ? String(error.code) : undefined;
}

/** PostgreSQL's variants of the dialect-specific SQL. */
export const postgresDialect: SqlDialect = {
  name: "postgres",
  position: (haystack, needle) => sql<number>`strpos(${haystack}, ${needle})`,
  suffix: (text, length) => sql<string>`right(${text}, ${length})`,
  binary: (text) => sql<string>`${text} collate "C"`,
  unindexed: (value) => sql`(${value} || '')`,
  isUniqueViolation: (error) => errorCode(error) === "23505",
  // 0A000: a named statement prepared before a migration changed its result's columns (renamed, see nameHotStatements).
  isRetryable: (error) => ["40001", "40P01", "0A000"].includes(errorCode(error) ?? ""),
  // unnest yields the keys in array order and each row's lock is taken as the row is produced.
  lockText: "select pg_advisory_xact_lock(k) from unnest(cast(? as bigint[])) as t(k)",
};

// COUNT(*) and BIGINT arrive as strings by default; Roster's counts fit in a double.
pg.types.setTypeParser(20, (value) => Number.parseInt(value, 10));

/**
 * Makes `client` send the registered hot-path statements (prepared-query.ts) as named
 * statements: each is parsed and planned once per connection, then only bound and run. Kysely
 * calls `query(text, parameters)`; every other statement passes through unchanged.
 */
export function nameHotStatements(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  const named = (config: unknown, values?: unknown, callback?: unknown) => {
    const name = typeof config === "string" && Array.isArray(values) ? statementName(config) : undefined;
    if (name === undefined) return query(config, values, callback);
    const result = query({ name, text: config, values }, callback) as Promise<unknown>;
    return result.catch((error: unknown) => {
      if (errorCode(error) === "0A000") renameStatement(config as string);
      throw error;
    });
  };
  (client as unknown as { query: typeof named }).query = named;
}

/** Connects a pool to `connectionString`; nothing is created or migrated here. */
export function openPostgresDatabase(
  connectionString: string,
  options: {
    readonly max?: number;
    readonly onQuery?: QueryObserver;
    /** Seconds between checks for tenants grown since their last ANALYZE (postgres-statistics.ts); none when absent. */
    readonly analyzeEverySeconds?: number;
  } = {},
): SqlDatabase {
  const pool = new pg.Pool({ connectionString, max: options.max ?? 10 });
  // An idle connection that the server ends (a restart, a failover, pg_terminate_backend) makes
  // the pool emit "error"; unheard, that would crash the process. The pool has already dropped
  // the connection and opens a new one on the next query; queries in flight fail on their own.
  pool.on("error", () => {});
  pool.on("connect", nameHotStatements);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), ...observedQueries(options.onQuery) });
  const stopStatistics =
    options.analyzeEverySeconds === undefined ? () => {} : keepStatistics(db, options.analyzeEverySeconds);
  return {
    db,
    dialect: postgresDialect,
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    close: () => {
      stopStatistics();
      return db.destroy();
    },
  };
}
