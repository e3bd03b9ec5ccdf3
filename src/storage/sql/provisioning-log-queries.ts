/** The provisioning log in SQL: batched inserts, newest-first keyset pages, pruning in small batches. */
import { type Kysely, sql } from "kysely";
import type { LogEntry, LogOutcome, ProvisioningLogStore } from "../../domain/outbox-ports.ts";
import type { Database, ProvisioningLogTable } from "./database-schema.ts";
import { deferWrite } from "./deferred-writes.ts";
import { chunks } from "./index-rows.ts";
import { preparedQuery, valuesPlaceholders } from "./prepared-query.ts";
import type { SqlDialect } from "./sql-dialect.ts";

const LOG_INSERT = `insert into provisioning_log (tenant_id, id, at, provider, provider_lower, method, path, status,
  scim_type, resource_type, resource_id, outcome, changes, duration_ms, request_id) values `;

function toRow(tenantId: string, entry: LogEntry): ProvisioningLogTable {
  return {
    tenant_id: tenantId,
    id: entry.id,
    at: entry.at,
    provider: entry.provider,
    provider_lower: entry.provider.toLowerCase(),
    method: entry.method,
    path: entry.path,
    status: entry.status,
    scim_type: entry.scimType,
    resource_type: entry.resourceType,
    resource_id: entry.resourceId,
    outcome: entry.outcome,
    changes: JSON.stringify(entry.changes),
    duration_ms: Math.round(entry.durationMs),
    request_id: entry.requestId,
  };
}

function toEntry(row: ProvisioningLogTable): LogEntry {
  return {
    id: row.id,
    at: row.at,
    provider: row.provider,
    method: row.method,
    path: row.path,
    status: Number(row.status),
    scimType: row.scim_type,
    resourceType: row.resource_type,
    resourceId: row.resource_id,
    outcome: row.outcome as LogOutcome,
    changes: JSON.parse(row.changes) as string[],
    durationMs: Number(row.duration_ms),
    requestId: row.request_id,
  };
}

/** The ProvisioningLogStore over a Kysely database or transaction. */
export function provisioningLogQueries(db: Kysely<Database>, dialect: SqlDialect): ProvisioningLogStore {
  return {
    async insert(tenantId, entries) {
      // 15 parameters a row: well inside SQLite's limit per statement.
      for (const batch of chunks(entries, 500)) {
        const text = LOG_INSERT + valuesPlaceholders(batch.length, 15);
        const parameters = batch.flatMap((entry) => Object.values(toRow(tenantId, entry)));
        // A SCIM write's own row, read by nothing in its transaction: sent with the events (PostgreSQL).
        if (batch.length === 1 && deferWrite(db, { text, parameters })) continue;
        await preparedQuery(db, dialect, text)(parameters);
      }
    },
    async page(tenantId, query) {
      let select = db.selectFrom("provisioning_log").selectAll().where("tenant_id", "=", tenantId);
      if (query.since !== undefined) select = select.where("at", ">=", query.since);
      if (query.until !== undefined) select = select.where("at", "<", query.until);
      if (query.provider !== undefined) select = select.where("provider_lower", "=", query.provider.toLowerCase());
      if (query.statusFrom !== undefined) select = select.where("status", ">=", query.statusFrom);
      if (query.statusTo !== undefined) select = select.where("status", "<=", query.statusTo);
      if (query.outcome !== undefined) select = select.where("outcome", "=", query.outcome);
      if (query.resourceType !== undefined) select = select.where("resource_type", "=", query.resourceType);
      if (query.resourceId !== undefined) select = select.where("resource_id", "=", query.resourceId);
      if (query.before !== undefined) {
        const { at, id } = query.before;
        select = select.where(sql<boolean>`(at, id) < (${at}, ${id})`);
      }
      const rows = await select
        .orderBy("at", "desc")
        .orderBy("id", "desc")
        .limit(query.limit + 1)
        .execute();
      return { items: rows.slice(0, query.limit).map(toEntry), more: rows.length > query.limit };
    },
    async prune(tenantId, before, batch) {
      // A bounded batch per statement: each DELETE holds its locks for a moment only.
      const result = await sql`
        delete from provisioning_log
        where tenant_id = ${tenantId} and at < ${before} and (at, id) in (
          select at, id from provisioning_log where tenant_id = ${tenantId} and at < ${before} order by at, id limit ${batch}
        )`.execute(db);
      return Number(result.numAffectedRows ?? 0);
    },
  };
}
