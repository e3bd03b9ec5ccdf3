/** What differs between the SQL databases Roster runs on, kept in one small interface. */
import type { Kysely, RawBuilder } from "kysely";
import type { PoolStats } from "../../domain/ports.ts";
import type { Database } from "./database-schema.ts";

/** The dialect-specific pieces of SQL and error handling; everything else is shared. */
export interface SqlDialect {
  readonly name: "sqlite" | "postgres";
  /** Position of `needle` in `haystack`, 1-based, 0 when absent (`instr` / `strpos`). */
  position(haystack: RawBuilder<unknown>, needle: string): RawBuilder<number>;
  /** The last `length` characters of `text`. */
  suffix(text: RawBuilder<unknown>, length: number): RawBuilder<string>;
  /** `text` compared byte-wise (PostgreSQL's default collation orders by locale; SQLite's is binary already). */
  binary(text: RawBuilder<unknown>): RawBuilder<string>;
  /**
   * `value` itself, as an expression the planner cannot answer from an index: an ORDER BY over
   * it is never a reason to walk an index of the whole tenant (SQLite's unary `+`).
   */
  unindexed(value: RawBuilder<unknown>): RawBuilder<unknown>;
  /** True when `error` is a violation of a unique or primary key constraint. */
  isUniqueViolation(error: unknown): boolean;
  /** True when a transaction failed in a way that is safe to retry (serialization failure, deadlock, busy). */
  isRetryable(error: unknown): boolean;
  /**
   * The text of the statement that takes transaction-scoped locks on the keys of its one `?`
   * parameter (an array of signed 64-bit integers as decimal strings), in the order given;
   * undefined where writers are serialized already (SQLite's BEGIN IMMEDIATE holds the one
   * write lock for the whole transaction).
   */
  readonly lockText: string | undefined;
}

/** A connected database: the Kysely instance and its dialect. */
export interface SqlDatabase {
  readonly db: Kysely<Database>;
  readonly dialect: SqlDialect;
  /** The connection pool's state, where there is a pool (PostgreSQL). */
  poolStats?(): PoolStats;
  /**
   * A second, read-only connection to the same database, for a long snapshot read that must not
   * hold the main connection (SQLite files: one connection serves the whole process). Absent
   * where there is none to open (PostgreSQL reads from its pool; SQLite in memory).
   */
  openReader?(): SqlDatabase;
  /**
   * Runs `fn` in a writing transaction and answers once it has committed, where the database
   * has its own way (SQLite: group commit, sqlite-group-commit.ts); else a Kysely transaction.
   */
  writeTransaction?<T>(fn: (connection: Kysely<Database>) => Promise<T>): Promise<T>;
  /** Releases the connection(s); for PostgreSQL test databases, also whatever the opener created. */
  close(): Promise<void>;
}

/**
 * Called with the text, parameters and duration (milliseconds, as Kysely measured it) of every
 * statement a database runs (tests read query plans with it, benchmarks time statements).
 */
export type QueryObserver = (sql: string, parameters: readonly unknown[], durationMs: number) => void;

/** The Kysely `log` option that hands every executed statement to `observer`, or nothing without one. */
export function observedQueries(observer: QueryObserver | undefined) {
  if (observer === undefined) return {};
  return {
    log: (event: {
      readonly level: string;
      readonly query: { readonly sql: string; readonly parameters: readonly unknown[] };
      readonly queryDurationMillis: number;
    }) => {
      observer(event.query.sql, event.query.parameters, event.queryDurationMillis);
    },
  };
}
