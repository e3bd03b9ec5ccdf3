/** Turns index entries and external ids into rows of the index and external-id tables. */
import type { ExternalId } from "../../domain/model.ts";
import type { IndexEntry } from "../../protocol/resource/index-entries.ts";
import { type ExternalIdTable, INDEX_KEY_LENGTH, type IndexTable } from "./database-schema.ts";

/** Rows of user_index / role_index for one owner. */
export function indexRows(tenantId: string, ownerId: string, entries: readonly IndexEntry[]): IndexTable[] {
  return entries.map((entry) => {
    const lower = entry.value.toLowerCase();
    return {
      tenant_id: tenantId,
      owner_id: ownerId,
      path: entry.path,
      element: entry.element,
      value: entry.value,
      value_lower: lower,
      value_key: lower.slice(0, INDEX_KEY_LENGTH),
      value_num: entry.number,
    };
  });
}

/** Rows of user_external_ids / role_external_ids for one owner. */
export function externalIdRows(tenantId: string, ownerId: string, ids: readonly ExternalId[]): ExternalIdTable[] {
  return ids.map((id) => ({
    tenant_id: tenantId,
    owner_id: ownerId,
    provider: id.provider.toLowerCase(),
    provider_name: id.provider,
    value: id.value,
    value_lower: id.value.toLowerCase(),
  }));
}

/** Groups external-id rows by owner, in the order they were written. */
export function externalIdsByOwner(rows: readonly ExternalIdTable[]): Map<string, ExternalId[]> {
  const byOwner = new Map<string, ExternalId[]>();
  for (const row of rows) {
    const list = byOwner.get(row.owner_id) ?? [];
    list.push({ provider: row.provider_name, value: row.value });
    byOwner.set(row.owner_id, list);
  }
  return byOwner;
}

/** Splits rows into batches small enough for any database's parameter limit. */
export function chunks<T>(items: readonly T[], size = 500): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}
