/** Webhook endpoints, their deliveries and attempts in SQL, and the delivery loop's claims. */
import { type Kysely, sql } from "kysely";
import type {
  AttemptRecord,
  DeliveryRecord,
  DeliveryState,
  WebhookRecord,
  WebhookStore,
} from "../../domain/outbox-ports.ts";
import type { Database, WebhookDeliveryTable, WebhookTable } from "./database-schema.ts";
import { chunks } from "./index-rows.ts";
import type { SqlDialect } from "./sql-dialect.ts";

function toRecord(row: WebhookTable): WebhookRecord {
  return {
    tenantId: row.tenant_id,
    id: row.id,
    url: row.url,
    events: row.events === null ? null : (JSON.parse(row.events) as string[]),
    enabled: Number(row.enabled) === 1,
    secretCipher: row.secret,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: Number(row.version),
    lastSeq: Number(row.last_seq),
    failCount: Number(row.fail_count),
    firstFailureAt: row.first_failure_at,
    nextAttemptAt: row.next_attempt_at,
    disabledReason: row.disabled_reason,
    disabledAt: row.disabled_at,
  };
}

/** The WebhookStore over a Kysely database or transaction. */
export function webhookQueries(db: Kysely<Database>, dialect: SqlDialect): WebhookStore {
  async function withAttempts(
    tenantId: string,
    webhookId: string,
    rows: readonly WebhookDeliveryTable[],
  ): Promise<DeliveryRecord[]> {
    const attempts = new Map<string, AttemptRecord[]>();
    for (const batch of chunks(rows.map((row) => row.id))) {
      const found = await db
        .selectFrom("webhook_attempts")
        .selectAll()
        .where("tenant_id", "=", tenantId)
        .where("webhook_id", "=", webhookId)
        .where("delivery_id", "in", batch)
        .orderBy("delivery_id")
        .orderBy("n")
        .execute();
      for (const a of found) {
        const list = attempts.get(a.delivery_id) ?? [];
        list.push({
          at: a.at,
          status: a.status === null ? null : Number(a.status),
          durationMs: Number(a.duration_ms),
          error: a.error,
        });
        attempts.set(a.delivery_id, list);
      }
    }
    return rows.map((row) => ({
      id: row.id,
      eventSeq: row.event_seq === null ? null : Number(row.event_seq),
      eventType: row.event_type,
      state: row.state as DeliveryState,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      attempts: attempts.get(row.id) ?? [],
    }));
  }

  return {
    async insert(record) {
      await db
        .insertInto("webhooks")
        .values({
          tenant_id: record.tenantId,
          id: record.id,
          url: record.url,
          events: record.events === null ? null : JSON.stringify(record.events),
          enabled: record.enabled ? 1 : 0,
          secret: record.secretCipher,
          created_at: record.createdAt,
          updated_at: record.updatedAt,
          version: record.version,
          last_seq: record.lastSeq,
          fail_count: record.failCount,
          first_failure_at: record.firstFailureAt,
          next_attempt_at: record.nextAttemptAt,
          lease_owner: null,
          lease_until: null,
          disabled_reason: record.disabledReason,
          disabled_at: record.disabledAt,
        })
        .execute();
    },
    async get(tenantId, id) {
      const row = await db
        .selectFrom("webhooks")
        .selectAll()
        .where("tenant_id", "=", tenantId)
        .where("id", "=", id)
        .executeTakeFirst();
      return row === undefined ? undefined : toRecord(row);
    },
    async page(tenantId, query) {
      let select = db.selectFrom("webhooks").selectAll().where("tenant_id", "=", tenantId);
      if (query.after !== undefined) {
        select = select.where(sql<boolean>`(created_at, id) > (${query.after.createdAt}, ${query.after.id})`);
      }
      const rows = await select
        .orderBy("created_at")
        .orderBy("id")
        .limit(query.limit + 1)
        .execute();
      return { items: rows.slice(0, query.limit).map(toRecord), more: rows.length > query.limit };
    },
    async update(tenantId, id, changes, now) {
      const set: Partial<WebhookTable> = { updated_at: now };
      if (changes.url !== undefined) set.url = changes.url;
      if (changes.events !== undefined) set.events = changes.events === null ? null : JSON.stringify(changes.events);
      if (changes.enabled !== undefined) {
        set.enabled = changes.enabled ? 1 : 0;
        if (changes.enabled) {
          // Enabled again: retried at once, from the event it stopped at.
          Object.assign(set, {
            fail_count: 0,
            first_failure_at: null,
            next_attempt_at: now,
            disabled_reason: null,
            disabled_at: null,
          });
        }
      }
      const result = await db
        .updateTable("webhooks")
        .set((eb) => ({ ...set, version: eb("version", "+", 1) }))
        .where("tenant_id", "=", tenantId)
        .where("id", "=", id)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async delete(tenantId, id) {
      const result = await db
        .deleteFrom("webhooks")
        .where("tenant_id", "=", tenantId)
        .where("id", "=", id)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async claimDue(owner, now, leaseUntil, limit) {
      const skipLocked = dialect.name === "postgres" ? sql` for update skip locked` : sql``;
      const free = sql`enabled = 1 and next_attempt_at <= ${now} and (lease_until is null or lease_until < ${now})`;
      // The lease condition is in the UPDATE's own WHERE, which PostgreSQL checks again on the
      // row it locks: of two instances claiming at once, only one updates the row.
      const result = await sql<WebhookTable>`
        update webhooks set lease_owner = ${owner}, lease_until = ${leaseUntil}
        where (tenant_id, id) in (
          select c.tenant_id, c.id from webhooks c
          where c.enabled = 1 and c.next_attempt_at <= ${now} and (c.lease_until is null or c.lease_until < ${now})
            and exists (select 1 from events e where e.tenant_id = c.tenant_id and e.seq > c.last_seq)
          order by c.next_attempt_at
          limit ${limit}${skipLocked}
        ) and ${free}
        returning *`.execute(db);
      return result.rows.map(toRecord);
    },
    async renew(tenantId, id, owner, leaseUntil) {
      const result = await db
        .updateTable("webhooks")
        .set({ lease_until: leaseUntil })
        .where("tenant_id", "=", tenantId)
        .where("id", "=", id)
        .where("lease_owner", "=", owner)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async release(tenantId, id, owner, progress, now) {
      await db
        .updateTable("webhooks")
        .set((eb) => ({
          // A retry through the API may have moved the cursor further meanwhile.
          last_seq: sql<number>`case when last_seq > ${progress.lastSeq} then last_seq else ${progress.lastSeq} end`,
          fail_count: progress.failCount,
          first_failure_at: progress.firstFailureAt,
          next_attempt_at: progress.nextAttemptAt,
          lease_owner: null,
          lease_until: null,
          ...(progress.disabledReason === undefined
            ? {}
            : {
                enabled: 0,
                disabled_reason: progress.disabledReason,
                disabled_at: now,
                updated_at: now,
                version: eb("version", "+", 1),
              }),
        }))
        .where("tenant_id", "=", tenantId)
        .where("id", "=", id)
        .where("lease_owner", "=", owner)
        .execute();
    },
    async advance(tenantId, id, seq) {
      await db
        .updateTable("webhooks")
        .set({ last_seq: seq, fail_count: 0, first_failure_at: null })
        .where("tenant_id", "=", tenantId)
        .where("id", "=", id)
        .where("last_seq", "<", seq)
        .execute();
    },
    async recordAttempt(tenantId, webhookId, delivery, attempt, state) {
      const row = await db
        .insertInto("webhook_deliveries")
        .values({
          tenant_id: tenantId,
          webhook_id: webhookId,
          id: delivery.id,
          event_seq: delivery.eventSeq,
          event_type: delivery.eventType,
          state,
          attempts: 1,
          created_at: attempt.at,
          updated_at: attempt.at,
        })
        .onConflict((oc) =>
          oc.columns(["tenant_id", "webhook_id", "id"]).doUpdateSet((eb) => ({
            state,
            attempts: eb("webhook_deliveries.attempts", "+", 1),
            updated_at: attempt.at,
          })),
        )
        .returning("attempts")
        .executeTakeFirstOrThrow();
      await db
        .insertInto("webhook_attempts")
        .values({
          tenant_id: tenantId,
          webhook_id: webhookId,
          delivery_id: delivery.id,
          n: Number(row.attempts),
          at: attempt.at,
          status: attempt.status,
          duration_ms: Math.round(attempt.durationMs),
          error: attempt.error,
        })
        .execute();
    },
    async deliveries(tenantId, webhookId, query) {
      let select = db
        .selectFrom("webhook_deliveries")
        .selectAll()
        .where("tenant_id", "=", tenantId)
        .where("webhook_id", "=", webhookId);
      if (query.before !== undefined) {
        select = select.where(sql<boolean>`(created_at, id) < (${query.before.createdAt}, ${query.before.id})`);
      }
      const rows = await select
        .orderBy("created_at", "desc")
        .orderBy("id", "desc")
        .limit(query.limit + 1)
        .execute();
      const items = await withAttempts(tenantId, webhookId, rows.slice(0, query.limit));
      return { items, more: rows.length > query.limit };
    },
    async delivery(tenantId, webhookId, deliveryId) {
      const row = await db
        .selectFrom("webhook_deliveries")
        .selectAll()
        .where("tenant_id", "=", tenantId)
        .where("webhook_id", "=", webhookId)
        .where("id", "=", deliveryId)
        .executeTakeFirst();
      return row === undefined ? undefined : (await withAttempts(tenantId, webhookId, [row]))[0];
    },
    async backlog() {
      // Per endpoint, the end of its tenant's events: one probe of the primary key each.
      const row = await sql<{ backlog: number | string | null }>`
        select sum((select max(e.seq) from events e where e.tenant_id = w.tenant_id) - w.last_seq) as backlog
        from webhooks w
        where w.enabled = 1 and exists (select 1 from events e where e.tenant_id = w.tenant_id and e.seq > w.last_seq)`.execute(
        db,
      );
      return Number(row.rows[0]?.backlog ?? 0);
    },
  };
}
