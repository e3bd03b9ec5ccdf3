/** Keyset pages of the management API's lists: rows strictly after a key in (created_at, id) order. */
import { type RawBuilder, sql } from "kysely";
import type { ResourceKey } from "../../domain/ports.ts";

/**
 * The condition for rows after `after` in (created_at, id) order, on the columns of `alias`
 * (unqualified when absent); always true without a key. The `*_created` indexes cover it.
 */
export function afterKeySql(after: ResourceKey | undefined, alias?: string): RawBuilder<boolean> {
  if (after === undefined) return sql<boolean>`1 = 1`;
  const created = sql.ref(alias ? `${alias}.created_at` : "created_at");
  const id = sql.ref(alias ? `${alias}.id` : "id");
  return sql<boolean>`(${created}, ${id}) > (${after.createdAt}, ${after.id})`;
}
