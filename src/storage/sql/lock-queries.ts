/** The LockStore in SQL: PostgreSQL advisory transaction locks; nothing on SQLite, whose writers queue anyway. */
import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import type { LockStore } from "../../domain/ports.ts";
import type { Database } from "./database-schema.ts";
import { preparedQuery } from "./prepared-query.ts";
import type { SqlDialect } from "./sql-dialect.ts";

/** The signed 64-bit lock number of a tenant's key: the first 8 bytes of its SHA-256. */
export function lockNumber(tenantId: string, key: string): bigint {
  return createHash("sha256").update(`${tenantId}\u0000${key}`).digest().readBigInt64BE(0);
}

/**
 * The LockStore over a Kysely transaction. Locks are taken in ascending lock-number order (not
 * key order: two keys may share a number), so any two transactions take shared locks in the
 * same order and never deadlock on them; they are released when the transaction ends.
 */
export function lockQueries(db: Kysely<Database>, dialect: SqlDialect): LockStore {
  const take = dialect.lockText === undefined ? undefined : preparedQuery(db, dialect, dialect.lockText);
  return {
    async lock(tenantId, keys) {
      const numbers = [...new Set(keys.map((key) => lockNumber(tenantId, key)))].sort((a, b) =>
        a < b ? -1 : a > b ? 1 : 0,
      );
      if (take !== undefined && numbers.length > 0) await take([numbers.map(String)]);
    },
  };
}
