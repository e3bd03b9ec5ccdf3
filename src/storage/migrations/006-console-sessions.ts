/**
 * The web console's sessions (SPEC §13): one row per signed-in browser, under the SHA-256 of
 * the session's secret. No foreign key to admin_keys: revoking a key must not wait on its
 * sessions, and a session whose key is gone is refused (and removed) at its next request.
 */
import type { Kysely, Migration } from "kysely";

/** Adds console_sessions and the index that prunes expired sessions. */
export const consoleSessions: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable("console_sessions")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("key_id", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("last_seen_at", "text", (c) => c.notNull())
      .addColumn("expires_at", "text", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("console_sessions_expires").on("console_sessions").column("expires_at").execute();
  },
};
