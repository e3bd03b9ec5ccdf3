/** The web console's sessions in SQL (SPEC §13). */
import type { Kysely } from "kysely";
import type { ConsoleSessionRecord } from "../../domain/model.ts";
import type { ConsoleSessionStore } from "../../domain/ports.ts";
import type { Database } from "./database-schema.ts";

/** The ConsoleSessionStore over a Kysely database or transaction. */
export function consoleSessionQueries(db: Kysely<Database>): ConsoleSessionStore {
  return {
    async insert(session) {
      await db
        .insertInto("console_sessions")
        .values({
          id: session.id,
          key_id: session.keyId,
          created_at: session.createdAt,
          last_seen_at: session.lastSeenAt,
          expires_at: session.expiresAt,
        })
        .execute();
    },
    async find(id) {
      // One primary-key probe, and the key's primary key: a revoked key reads as no key.
      const row = await db
        .selectFrom("console_sessions as s")
        .leftJoin("admin_keys as k", "k.id", "s.key_id")
        .select([
          "s.id",
          "s.key_id",
          "s.created_at",
          "s.last_seen_at",
          "s.expires_at",
          "k.id as k_id",
          "k.name as k_name",
          "k.tenant_id as k_tenant_id",
          "k.read_only as k_read_only",
          "k.created_at as k_created_at",
          "k.last_used_at as k_last_used_at",
        ])
        .where("s.id", "=", id)
        .executeTakeFirst();
      if (row === undefined) return undefined;
      const session: ConsoleSessionRecord = {
        id: row.id,
        keyId: row.key_id,
        createdAt: row.created_at,
        lastSeenAt: row.last_seen_at,
        expiresAt: row.expires_at,
      };
      const key =
        row.k_id === null || row.k_name === null || row.k_created_at === null
          ? undefined
          : {
              id: row.k_id,
              name: row.k_name,
              tenantId: row.k_tenant_id,
              readOnly: Number(row.k_read_only) === 1,
              createdAt: row.k_created_at,
              lastUsedAt: row.k_last_used_at,
            };
      return { session, key };
    },
    async touch(id, lastSeenAt, expiresAt) {
      await db
        .updateTable("console_sessions")
        .set({ last_seen_at: lastSeenAt, expires_at: expiresAt })
        .where("id", "=", id)
        .execute();
    },
    async delete(id) {
      const result = await db.deleteFrom("console_sessions").where("id", "=", id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async deleteExpired(now) {
      const result = await db.deleteFrom("console_sessions").where("expires_at", "<", now).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
