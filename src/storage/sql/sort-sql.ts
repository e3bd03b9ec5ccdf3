/** The ORDER BY of a list (RFC 7644 §3.4.2.3): the requested attribute, then creation order, so pages are stable. */
import { type RawBuilder, sql } from "kysely";
import type { ResolvedAttribute } from "../../protocol/schema/schema-types.ts";
import type { FilterScope } from "./filter-sql.ts";

const COLUMNS: Readonly<Record<string, string>> = {
  id: "o.id",
  "meta.created": "o.created_at",
  "meta.lastModified": "o.modified_at",
};

function sortKey(attr: ResolvedAttribute, scope: FilterScope): RawBuilder<unknown> {
  const path = attr.canonicalPath;
  const column = COLUMNS[path];
  if (column) return sql.raw(column);
  if (scope.resourceType === "User" && path === "userName") {
    return sql`coalesce((select x.value_lower from user_external_ids x where x.tenant_id = o.tenant_id and x.owner_id = o.id and x.provider = ${scope.provider}), o.email_lower, o.id_lower)`;
  }
  if (scope.resourceType === "Group" && path === "externalId") {
    return sql`(select x.value from role_external_ids x where x.tenant_id = o.tenant_id and x.owner_id = o.id and x.provider = ${scope.provider})`;
  }
  const table = sql.table(scope.resourceType === "User" ? "user_index" : "role_index");
  const type = attr.subAttribute?.type ?? attr.attribute.type;
  const caseExact = attr.subAttribute?.caseExact ?? attr.attribute.caseExact;
  const value =
    type === "integer" || type === "decimal" ? sql`i.value_num` : caseExact ? sql`i.value` : sql`i.value_lower`;
  const path2 =
    type === "complex" && attr.attribute.subAttributes?.some((s) => s.name === "value") ? `${path}.value` : path;
  return sql`(select min(${value}) from ${table} i where i.tenant_id = o.tenant_id and i.owner_id = o.id and i.path = ${path2} and i.value <> '')`;
}

/**
 * ORDER BY for a list: resources without the sort attribute come last in either direction;
 * ties and unsorted lists follow creation time and then Id, which never change.
 */
export function orderBySql(
  sortBy: ResolvedAttribute | undefined,
  sortOrder: "ascending" | "descending",
  scope: FilterScope,
): RawBuilder<unknown> {
  if (!sortBy) return sql`o.created_at, o.id`;
  const key = sortKey(sortBy, scope);
  const direction = sql.raw(sortOrder === "descending" ? "desc" : "asc");
  return sql`(case when ${key} is null then 1 else 0 end), ${scope.dialect.binary(key)} ${direction}, o.created_at, o.id`;
}
