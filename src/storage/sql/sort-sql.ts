/** The ORDER BY of a list (RFC 7644 §3.4.2.3): the requested attribute, then creation order, so pages are stable. */
import { type RawBuilder, sql } from "kysely";
import { RosterError } from "../../protocol/errors.ts";
import type { ResolvedAttribute } from "../../protocol/schema/schema-types.ts";
import type { FilterScope } from "./filter-sql.ts";

const COLUMNS: Readonly<Record<string, string>> = {
  id: "o.id",
  "meta.created": "o.created_at",
  "meta.lastModified": "o.modified_at",
  // Versions are the strings W/"n" (RFC 7644 §3.14); they sort as those strings do.
  "meta.version": `('W/"' || o.version || '"')`,
  // The location is the base URL and the id: ordering by one orders by the other.
  "meta.location": "o.id",
  // One resource type per list: every resource has the same value.
  "meta.resourceType": "''",
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
  if (path.startsWith("meta.") || path.startsWith("members") || path.startsWith("groups")) {
    throw new RosterError("invalidValue", `sortBy ${path} is not supported`);
  }
  const table = sql.table(scope.resourceType === "User" ? "user_index" : "role_index");
  const type = attr.subAttribute?.type ?? attr.attribute.type;
  const caseExact = attr.subAttribute?.caseExact ?? attr.attribute.caseExact;
  const value =
    type === "integer" || type === "decimal" ? sql`i.value_num` : caseExact ? sql`i.value` : sql`i.value_lower`;
  const path2 =
    type === "complex" && attr.attribute.subAttributes?.some((s) => s.name === "value") ? `${path}.value` : path;
  if (!attr.attribute.multiValued) {
    return sql`(select ${value} from ${table} i where i.tenant_id = o.tenant_id and i.owner_id = o.id and i.path = ${path2} and i.value <> '')`;
  }
  // RFC 7644 §3.4.2.3: a multi-valued attribute sorts by its primary value, else its first.
  const owner = attr.canonicalPath.includes(".")
    ? attr.canonicalPath.slice(0, attr.canonicalPath.lastIndexOf("."))
    : path;
  const primary = `${owner}.primary`;
  return sql`(select ${value} from ${table} i where i.tenant_id = o.tenant_id and i.owner_id = o.id and i.path = ${path2} and i.value <> ''
    order by case when exists (select 1 from ${table} p where p.tenant_id = i.tenant_id and p.owner_id = i.owner_id
      and p.path = ${primary} and p.element = i.element and p.value = 'true') then 0 else 1 end, i.element limit 1)`;
}

/**
 * ORDER BY for a list (RFC 7644 §3.4.2.3): resources without a value for the sort attribute
 * come last when ascending and first when descending; ties and unsorted lists follow creation
 * time and then Id, which never change. A `filtered` list's matches are found by index probes
 * and sorted: the creation order is then given as an expression no index answers, since walking
 * the `*_created` index of the whole tenant in order, testing each row, is what the planner
 * otherwise picks for `… order by created_at limit n` (issue 8).
 */
export function orderBySql(
  sortBy: ResolvedAttribute | undefined,
  sortOrder: "ascending" | "descending",
  scope: FilterScope,
  filtered = false,
): RawBuilder<unknown> {
  if (!sortBy)
    return filtered ? sql`${scope.dialect.unindexed(sql.ref("o.created_at"))}, o.id` : sql`o.created_at, o.id`;
  const key = sortKey(sortBy, scope);
  const direction = sql.raw(sortOrder === "descending" ? "desc" : "asc");
  return sql`(case when ${key} is null then 1 else 0 end) ${direction}, ${scope.dialect.binary(key)} ${direction}, o.created_at, o.id`;
}
