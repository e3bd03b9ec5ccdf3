/**
 * Group commit for SQLite: the writing transactions that arrive together share one database
 * transaction. SQLite admits one writer at a time anyway, so the writes ran one after another
 * before too; what the batch saves is a commit per write (each commit appends every page it
 * dirtied to the WAL, and every thousand pages a checkpoint copies them into the file), which
 * was the largest single cost of a SCIM create.
 *
 * Each write runs in its own SAVEPOINT inside the batch: one that throws is rolled back to its
 * savepoint, so it leaves nothing behind and the others keep their work. No write is answered
 * before the COMMIT that makes it durable; when the COMMIT itself fails, every write of the
 * batch fails with that error (and the store's retry loop may run them again).
 */
import { type Kysely, sql } from "kysely";
import type { Database } from "../sql/database-schema.ts";

/** How large a batch grows: bounded so that another process waiting for the write lock (busy_timeout) gets its turn. */
export interface GroupCommitLimits {
  /** Writes per batch at most. */
  readonly maxWrites: number;
  /** Once a batch has run this long, it takes no further write and commits. */
  readonly maxMilliseconds: number;
}

/** The limits Roster runs with: a batch of 50 creates takes about 25 ms here. */
export const DEFAULT_GROUP_COMMIT_LIMITS: GroupCommitLimits = Object.freeze({ maxWrites: 200, maxMilliseconds: 50 });

/** What a batch reports, for tests and metrics. */
export interface BatchReport {
  readonly writes: number;
  readonly failed: number;
  readonly committed: boolean;
}

interface Write {
  readonly fn: (connection: Kysely<Database>) => Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

type Outcome = { readonly write: Write } & (
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly error: unknown }
);

/** Runs writing transactions on one SQLite connection, batched. */
export class SqliteGroupCommit {
  readonly #queue: Write[] = [];
  #scheduled = false;
  #running = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly limits: GroupCommitLimits = DEFAULT_GROUP_COMMIT_LIMITS,
    private readonly onBatch?: (report: BatchReport) => void,
  ) {}

  /**
   * Runs `fn` in the next batch's transaction and answers its result once that batch has
   * committed; `fn`'s error (its work rolled back, the batch's other work kept) or the
   * commit's error otherwise.
   */
  run<T>(fn: (connection: Kysely<Database>) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ fn, resolve: resolve as (value: unknown) => void, reject });
      this.#schedule();
    });
  }

  /** Resolves once no write waits or runs: closing the connection before would lose a batch. */
  async idle(): Promise<void> {
    while (this.#scheduled || this.#running || this.#queue.length > 0) {
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  }

  #schedule(): void {
    if (this.#scheduled || this.#running) return;
    this.#scheduled = true;
    // After the I/O callbacks of this turn of the event loop: every request read in it joins the
    // batch. Starting at once would run the first write alone (better-sqlite3 answers without
    // yielding), and batches would stay at one write.
    setImmediate(() => {
      this.#scheduled = false;
      void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    this.#running = true;
    try {
      while (this.#queue.length > 0) await this.#batch();
    } finally {
      this.#running = false;
    }
  }

  async #batch(): Promise<void> {
    const outcomes: Outcome[] = [];
    let failure: { readonly error: unknown } | undefined;
    await this.db.connection().execute(async (connection) => {
      try {
        // The write lock up front, so that two processes never deadlock upgrading a read lock.
        await sql`begin immediate`.execute(connection);
      } catch (error) {
        // Not one write ran: all that wait fail alike (SQLITE_BUSY is retried by the store).
        failure = { error };
        return;
      }
      try {
        const started = performance.now();
        while (
          this.#queue.length > 0 &&
          outcomes.length < this.limits.maxWrites &&
          performance.now() - started < this.limits.maxMilliseconds
        ) {
          await this.#runOne(connection, this.#queue.shift() as Write, outcomes);
        }
        await sql`commit`.execute(connection);
      } catch (error) {
        // The commit failed, or a savepoint could not be rolled back to (SQLite rolls the whole
        // transaction back on some errors, e.g. a full disk): nothing of the batch is kept.
        failure = { error };
        await sql`rollback`.execute(connection).catch(() => {});
      }
    });
    if (failure !== undefined && outcomes.length === 0) {
      for (const write of this.#queue.splice(0)) write.reject(failure.error);
      return;
    }
    for (const outcome of outcomes) {
      if (failure !== undefined) outcome.write.reject(outcome.ok ? failure.error : outcome.error);
      else if (outcome.ok) outcome.write.resolve(outcome.value);
      else outcome.write.reject(outcome.error);
    }
    this.onBatch?.({
      writes: outcomes.length,
      failed: outcomes.filter((o) => !o.ok).length,
      committed: failure === undefined,
    });
  }

  /**
   * One write inside its savepoint: released when it succeeds, rolled back to when it throws.
   * Its outcome is recorded before anything that may break the batch is tried, so that every
   * write taken is answered.
   */
  async #runOne(connection: Kysely<Database>, write: Write, outcomes: Outcome[]): Promise<void> {
    await sql`savepoint roster_write`.execute(connection);
    let outcome: Outcome;
    try {
      outcome = { write, ok: true, value: await write.fn(connection) };
    } catch (error) {
      outcome = { write, ok: false, error };
    }
    outcomes.push(outcome);
    if (!outcome.ok) await sql`rollback to roster_write`.execute(connection);
    await sql`release roster_write`.execute(connection);
  }
}
