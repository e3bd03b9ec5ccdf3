/**
 * The management API's schema (SPEC §9): admin keys, SCIM tokens for rotation, the pause switch
 * and version of a tenant, and the indexes behind the user list's filters.
 */
import { type Kysely, type Migration, PostgresAdapter, sql } from "kysely";

/** Adds admin_keys, scim_tokens, tenant pause and version columns, and list indexes. */
export const managementApi: Migration = {
  async up(db: Kysely<unknown>) {
    // SQLite adds one column per ALTER TABLE.
    await db.schema.alterTable("tenants").addColumn("paused_at", "text").execute();
    await db.schema.alterTable("tenants").addColumn("pause_retry_after", "integer").execute();
    await db.schema
      .alterTable("tenants")
      .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
      .execute();
    // Every list of the management API pages in creation order, then Id.
    await db.schema.createIndex("tenants_created").on("tenants").columns(["created_at", "id"]).execute();

    await db.schema
      .createTable("admin_keys")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("tenant_id", "text", (c) => c.references("tenants.id").onDelete("cascade"))
      .addColumn("read_only", "integer", (c) => c.notNull())
      .addColumn("key_hash", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("last_used_at", "text")
      .execute();
    await db.schema.createIndex("admin_keys_hash").unique().on("admin_keys").column("key_hash").execute();
    await db.schema.createIndex("admin_keys_tenant").on("admin_keys").column("tenant_id").execute();
    await db.schema.createIndex("admin_keys_created").on("admin_keys").columns(["created_at", "id"]).execute();

    await db.schema
      .createTable("scim_tokens")
      .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
      .addColumn("id", "text", (c) => c.notNull())
      .addColumn("hash", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("expires_at", "text")
      .addColumn("last_used_at", "text")
      .addPrimaryKeyConstraint("scim_tokens_pk", ["tenant_id", "id"])
      .execute();
    await db.schema.createIndex("scim_tokens_hash").unique().on("scim_tokens").columns(["tenant_id", "hash"]).execute();
    await db.schema
      .createIndex("scim_tokens_created")
      .on("scim_tokens")
      .columns(["tenant_id", "created_at", "id"])
      .execute();

    // The user list's `active` filter, in the list's stable order.
    await db.schema
      .createIndex("users_active_created")
      .on("users")
      .columns(["tenant_id", "active", "created_at", "id"])
      .execute();
    // The user list's `q` prefix search is a range over value_key in code-point order: SQLite's
    // default collation is binary already; PostgreSQL needs an index in the "C" collation, since
    // a locale collation orders "a-z" apart from "a-" and would make a range miss prefixes.
    if (db.getExecutor().adapter instanceof PostgresAdapter) {
      await sql`create index user_index_prefix on user_index (tenant_id, path, value_key collate "C")`.execute(db);
    }
  },
};
