/** The event outbox in SQL: the per-tenant counter and the events table. */
import type { Kysely } from "kysely";
import type { EventRecord, EventStore } from "../../domain/outbox-ports.ts";
import type { Database, EventTable } from "./database-schema.ts";
import { takeDeferred, withDeferred } from "./deferred-writes.ts";
import { chunks } from "./index-rows.ts";
import { preparedQuery, valuesPlaceholders } from "./prepared-query.ts";
import type { SqlDialect } from "./sql-dialect.ts";

/**
 * SQLite: writers hold the database's one write lock from BEGIN IMMEDIATE to commit, so the
 * next Id is simply the tenant's last one plus one, read from the end of the primary key: no
 * counter row to write, one page less per commit. (Readers of "the last Id" read the events
 * table on both databases.)
 */
const LAST_SQL = "select seq from events where tenant_id = ? order by seq desc limit 1";

/**
 * PostgreSQL: the counter moved on and the events inserted in one statement (one round trip, and
 * the counter row's lock, which queues the tenant's writers until commit, taken as late as can
 * be), parameters (tenant, count, types[], occurred_at[], actors[], data[]).
 */
const APPEND_SQL = `with c as (
    insert into event_counters (tenant_id, last_seq) values (?, cast(? as bigint))
    on conflict (tenant_id) do update set last_seq = event_counters.last_seq + excluded.last_seq
    returning last_seq)
  insert into events (tenant_id, seq, type, occurred_at, actor, data)
  select ?, c.last_seq - cast(? as bigint) + e.n, e.type, e.occurred_at, e.actor, e.data
  from c cross join unnest(cast(? as text[]), cast(? as text[]), cast(? as text[]), cast(? as text[]))
    with ordinality as e(type, occurred_at, actor, data, n)
  returning seq`;

const EVENT_COLUMNS = "insert into events (tenant_id, seq, type, occurred_at, actor, data) values ";

function toRecord(row: EventTable): EventRecord {
  return {
    seq: Number(row.seq),
    type: row.type,
    occurredAt: row.occurred_at,
    actor: row.actor,
    data: JSON.parse(row.data) as Record<string, unknown>,
  };
}

/** The EventStore over a Kysely database or transaction. */
export function eventQueries(db: Kysely<Database>, dialect: SqlDialect): EventStore {
  const last = preparedQuery<{ seq: number }>(db, dialect, LAST_SQL);
  return {
    async append(tenantId, events) {
      if (events.length === 0) return [];
      if (dialect.name === "postgres") {
        // The writes held back in this transaction (its log row) go in front, as CTEs.
        const deferred = takeDeferred(db);
        const text = deferred.length ? withDeferred(deferred, APPEND_SQL) : APPEND_SQL;
        const rows = await preparedQuery<{ seq: number }>(
          db,
          dialect,
          text,
        )([
          ...deferred.flatMap((write) => write.parameters),
          tenantId,
          events.length,
          tenantId,
          events.length,
          events.map((event) => event.type),
          events.map((event) => event.occurredAt),
          events.map((event) => event.actor),
          events.map((event) => JSON.stringify(event.data)),
        ]);
        return rows.map((row) => Number(row.seq)).sort((a, b) => a - b);
      }
      const first = Number((await last([tenantId]))[0]?.seq ?? 0) + 1;
      const rows = events.map((event, i) => ({
        tenant_id: tenantId,
        seq: first + i,
        type: event.type,
        occurred_at: event.occurredAt,
        actor: event.actor,
        data: JSON.stringify(event.data),
      }));
      // SQLite binds at most 32,766 parameters per statement: 6 per row. Written as text, not
      // built: query building costs about as much as the insert itself.
      for (const batch of chunks(rows, 1000)) {
        const insert = preparedQuery(db, dialect, EVENT_COLUMNS + valuesPlaceholders(batch.length, 6));
        await insert(batch.flatMap((r) => [r.tenant_id, r.seq, r.type, r.occurred_at, r.actor, r.data]));
      }
      return rows.map((row) => row.seq);
    },
    async read(tenantId, query) {
      let select = db.selectFrom("events").selectAll().where("tenant_id", "=", tenantId).where("seq", ">", query.after);
      if (query.types !== undefined && query.types.length > 0) select = select.where("type", "in", [...query.types]);
      const rows = await select.orderBy("seq").limit(query.limit).execute();
      return rows.map(toRecord);
    },
    async readBack(tenantId, query) {
      let select = db
        .selectFrom("events")
        .selectAll()
        .where("tenant_id", "=", tenantId)
        .where("seq", "<", query.before)
        .where("seq", ">", query.after);
      if (query.types !== undefined && query.types.length > 0) select = select.where("type", "in", [...query.types]);
      const rows = await select.orderBy("seq", "desc").limit(query.limit).execute();
      return rows.map(toRecord);
    },
    async lastSeq(tenantId) {
      return Number((await last([tenantId]))[0]?.seq ?? 0);
    },
  };
}
