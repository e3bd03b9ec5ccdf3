/** The event outbox in SQL: the per-tenant counter and the events table. */
import type { Kysely } from "kysely";
import type { EventRecord, EventStore } from "../../domain/outbox-ports.ts";
import type { Database, EventTable } from "./database-schema.ts";
import { chunks } from "./index-rows.ts";
import { preparedQuery, valuesPlaceholders } from "./prepared-query.ts";
import type { SqlDialect } from "./sql-dialect.ts";

/** The tenant's counter moved on by the batch's size (created at it): one statement on the hot path. */
const COUNTER_SQL = `insert into event_counters (tenant_id, last_seq) values (?, ?)
  on conflict (tenant_id) do update set last_seq = event_counters.last_seq + excluded.last_seq
  returning last_seq`;

/**
 * SQLite: writers hold the database's one write lock from BEGIN IMMEDIATE to commit, so the
 * next Id is simply the tenant's last one plus one, read from the end of the primary key: no
 * counter row to write, one page less per commit. (Readers of "the last Id" read the events
 * table on both databases.)
 */
const LAST_SQL = "select seq from events where tenant_id = ? order by seq desc limit 1";

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
  const counter = preparedQuery<{ last_seq: number }>(db, dialect, COUNTER_SQL);
  const last = preparedQuery<{ seq: number }>(db, dialect, LAST_SQL);
  /** The first of `count` new Ids for the tenant. */
  async function take(tenantId: string, count: number): Promise<number> {
    if (dialect.name === "sqlite") return Number((await last([tenantId]))[0]?.seq ?? 0) + 1;
    const [row] = await counter([tenantId, count]);
    return Number(row?.last_seq) - count + 1;
  }
  return {
    async append(tenantId, events) {
      if (events.length === 0) return [];
      // PostgreSQL: one statement moves the tenant's counter row on by the batch's size; its row
      // lock lasts until commit, so the next writer's Ids follow ours.
      const first = await take(tenantId, events.length);
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
