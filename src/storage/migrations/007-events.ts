/**
 * SPEC §11's schema: the per-tenant event counter and the event outbox, the provisioning log,
 * and webhook endpoints with their deliveries and attempts.
 */
import { type Kysely, type Migration, PostgresAdapter, sql } from "kysely";

/**
 * `event_counters` (`tenant_id`, `last_seq`): on PostgreSQL, the last event Id handed out per
 * tenant, taken with an upsert at the end of each writing transaction so that Ids grow in commit
 * order (SQLite, whose writers are serialized, numbers from the events table itself).
 * `events` (`tenant_id`, `seq`, `type`, `occurred_at`, `actor`, `data` JSON).
 * `provisioning_log`: one row per SCIM request of a known tenant.
 * `webhooks`: endpoints with their delivery cursor (`last_seq`), retry state and lease;
 * `webhook_deliveries` and `webhook_attempts`: what was sent, per (endpoint, event).
 *
 * The three tables every write touches are keyed by what they are read by and, on SQLite,
 * stored WITHOUT ROWID (the primary key is the table): one b-tree page per table to write at
 * commit instead of a table and its key index, which is most of what the outbox and the log
 * add to a write (docs/performance.md).
 */
export const events: Migration = {
  async up(db: Kysely<unknown>) {
    const sqlite = !(db.getExecutor().adapter instanceof PostgresAdapter);
    const clustered = sqlite ? sql`without rowid` : sql``;
    await db.schema
      .createTable("event_counters")
      .addColumn("tenant_id", "text", (c) => c.primaryKey().references("tenants.id").onDelete("cascade"))
      .addColumn("last_seq", "bigint", (c) => c.notNull())
      .modifyEnd(clustered)
      .execute();

    await db.schema
      .createTable("events")
      .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
      .addColumn("seq", "bigint", (c) => c.notNull())
      .addColumn("type", "text", (c) => c.notNull())
      .addColumn("occurred_at", "text", (c) => c.notNull())
      .addColumn("actor", "text", (c) => c.notNull())
      .addColumn("data", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("events_pk", ["tenant_id", "seq"])
      .modifyEnd(clustered)
      .execute();

    await db.schema
      .createTable("provisioning_log")
      .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
      .addColumn("id", "text", (c) => c.notNull())
      .addColumn("at", "text", (c) => c.notNull())
      .addColumn("provider", "text", (c) => c.notNull())
      .addColumn("provider_lower", "text", (c) => c.notNull())
      .addColumn("method", "text", (c) => c.notNull())
      .addColumn("path", "text", (c) => c.notNull())
      .addColumn("status", "integer", (c) => c.notNull())
      .addColumn("scim_type", "text")
      .addColumn("resource_type", "text")
      .addColumn("resource_id", "text")
      .addColumn("outcome", "text", (c) => c.notNull())
      .addColumn("changes", "text", (c) => c.notNull())
      .addColumn("duration_ms", "integer", (c) => c.notNull())
      .addColumn("request_id", "text", (c) => c.notNull())
      // Newest first and the retention prune are both a range of (tenant, at).
      .addPrimaryKeyConstraint("provisioning_log_pk", ["tenant_id", "at", "id"])
      .modifyEnd(clustered)
      .execute();

    await db.schema
      .createTable("webhooks")
      .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
      .addColumn("id", "text", (c) => c.notNull())
      .addColumn("url", "text", (c) => c.notNull())
      .addColumn("events", "text")
      .addColumn("enabled", "integer", (c) => c.notNull())
      .addColumn("secret", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .addColumn("version", "integer", (c) => c.notNull())
      .addColumn("last_seq", "bigint", (c) => c.notNull())
      .addColumn("fail_count", "integer", (c) => c.notNull())
      .addColumn("first_failure_at", "text")
      .addColumn("next_attempt_at", "text", (c) => c.notNull())
      .addColumn("lease_owner", "text")
      .addColumn("lease_until", "text")
      .addColumn("disabled_reason", "text")
      .addColumn("disabled_at", "text")
      .addPrimaryKeyConstraint("webhooks_pk", ["tenant_id", "id"])
      .execute();
    await db.schema.createIndex("webhooks_due").on("webhooks").columns(["enabled", "next_attempt_at"]).execute();
    await db.schema.createIndex("webhooks_created").on("webhooks").columns(["tenant_id", "created_at", "id"]).execute();

    await db.schema
      .createTable("webhook_deliveries")
      .addColumn("tenant_id", "text", (c) => c.notNull())
      .addColumn("webhook_id", "text", (c) => c.notNull())
      .addColumn("id", "text", (c) => c.notNull())
      .addColumn("event_seq", "bigint")
      .addColumn("event_type", "text", (c) => c.notNull())
      .addColumn("state", "text", (c) => c.notNull())
      .addColumn("attempts", "integer", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("webhook_deliveries_pk", ["tenant_id", "webhook_id", "id"])
      .addForeignKeyConstraint(
        "webhook_deliveries_webhook",
        ["tenant_id", "webhook_id"],
        "webhooks",
        ["tenant_id", "id"],
        (fk) => fk.onDelete("cascade"),
      )
      .execute();
    await db.schema
      .createIndex("webhook_deliveries_recent")
      .on("webhook_deliveries")
      .columns(["tenant_id", "webhook_id", "created_at", "id"])
      .execute();

    await db.schema
      .createTable("webhook_attempts")
      .addColumn("tenant_id", "text", (c) => c.notNull())
      .addColumn("webhook_id", "text", (c) => c.notNull())
      .addColumn("delivery_id", "text", (c) => c.notNull())
      .addColumn("n", "integer", (c) => c.notNull())
      .addColumn("at", "text", (c) => c.notNull())
      .addColumn("status", "integer")
      .addColumn("duration_ms", "integer", (c) => c.notNull())
      .addColumn("error", "text")
      .addPrimaryKeyConstraint("webhook_attempts_pk", ["tenant_id", "webhook_id", "delivery_id", "n"])
      .addForeignKeyConstraint(
        "webhook_attempts_delivery",
        ["tenant_id", "webhook_id", "delivery_id"],
        "webhook_deliveries",
        ["tenant_id", "webhook_id", "id"],
        (fk) => fk.onDelete("cascade"),
      )
      .execute();
  },
};
