/**
 * PostgreSQL: writes of a transaction that nothing in it reads back (its provisioning log row)
 * held back and sent with the transaction's next statement that takes them (the events' append,
 * as a data-modifying CTE), or on their own just before COMMIT: one round trip less per write.
 * Only inside a transaction that `deferringWrites` opened; elsewhere a write runs at once.
 */
import type { Kysely } from "kysely";
import type { Database } from "./database-schema.ts";
import { preparedQuery } from "./prepared-query.ts";
import type { SqlDialect } from "./sql-dialect.ts";

/** One held-back statement: an INSERT … VALUES with `?` placeholders, and its parameters. */
export interface DeferredWrite {
  readonly text: string;
  readonly parameters: readonly unknown[];
}

const pending = new WeakMap<Kysely<Database>, DeferredWrite[]>();

/** Runs `fn` on the transaction `db` with writes deferred, then sends what is still held back. */
export async function deferringWrites<T>(db: Kysely<Database>, dialect: SqlDialect, fn: () => Promise<T>): Promise<T> {
  if (dialect.name !== "postgres") return fn();
  pending.set(db, []);
  try {
    const result = await fn();
    for (const write of takeDeferred(db)) await preparedQuery(db, dialect, write.text)(write.parameters);
    return result;
  } finally {
    pending.delete(db);
  }
}

/** Holds `write` back when `db` is a transaction that defers writes; false when it must run now. */
export function deferWrite(db: Kysely<Database>, write: DeferredWrite): boolean {
  const writes = pending.get(db);
  if (writes === undefined) return false;
  writes.push(write);
  return true;
}

/** The writes held back on `db` so far, in order, handed over to the caller to send. */
export function takeDeferred(db: Kysely<Database>): DeferredWrite[] {
  const writes = pending.get(db);
  if (writes === undefined || writes.length === 0) return [];
  pending.set(db, []);
  return writes;
}

/**
 * `with w0 as (…), w1 as (…), ` + the rest of `statement` (which starts with `with `): the held
 * writes as CTEs in front of a statement; parameters are the writes' then the statement's.
 */
export function withDeferred(writes: readonly DeferredWrite[], statement: string): string {
  if (!statement.startsWith("with ")) throw new Error("withDeferred: the statement must start with `with `");
  const ctes = writes.map((write, i) => `w${i} as (${write.text})`).join(", ");
  return `with ${ctes}, ${statement.slice("with ".length)}`;
}
