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

/** Whether an unfiltered list sorted by `sortBy` is a merge of index walks (userNamePageSql). */
export function isUserNameSort(sortBy: ResolvedAttribute | undefined, scope: FilterScope): boolean {
  return sortBy !== undefined && scope.resourceType === "User" && sortBy.canonicalPath === "userName";
}

/**
 * The counts that decide userNamePageSql's shape: the tenant's users and how many of them have
 * an external id for the provider (owner_counts and user_link_counts of migration 009).
 */
export function userNameCountsSql(scope: FilterScope): RawBuilder<{ users: number | null; links: number | null }> {
  return sql`select
    (select n from owner_counts where tenant_id = ${scope.tenantId} and kind = 'users') as users,
    (select n from user_link_counts where tenant_id = ${scope.tenantId} and provider = ${scope.provider}) as links`;
}

/**
 * The `upTo`-th external id value of the provider in the direction of the sort (undefined when
 * it has fewer): no user without an external id whose fallback key lies beyond it can be among
 * the first `upTo`, since `upTo` linked users come before it.
 */
export function userNameBoundSql(scope: FilterScope, descending: boolean, upTo: number): RawBuilder<{ k: string }> {
  const direction = sql.raw(descending ? "desc" : "asc");
  return sql`select x.value_lower as k from user_external_ids x
    where x.tenant_id = ${scope.tenantId} and x.provider = ${scope.provider}
    order by ${scope.dialect.binary(sql`x.value_lower`)} ${direction} limit 1 offset ${upTo - 1}`;
}

/**
 * An unfiltered page of users sorted by userName (RFC 7644 §3.4.2.3), without ordering the
 * tenant: a user's userName through provider P is its external id for P, else its email, else
 * its Id (SPEC §4), so the first `offset + limit` users in that order are among the first
 * `offset + limit` external ids of P in value order (`user_external_ids_value`, on PostgreSQL
 * `user_external_ids_sort`) and the first `offset + limit` users without one in fallback-key
 * order (`users_name_fallback`), walked only when there are such users (`unlinked`) and only up
 * to `bound` (userNameBoundSql). Those candidates are then ordered by orderBySql, the very
 * expression of the general list, so the page is the one it gives.
 */
export function userNamePageSql(
  scope: FilterScope,
  sortBy: ResolvedAttribute,
  sortOrder: "ascending" | "descending",
  page: { readonly offset: number; readonly limit: number },
  fallback: { readonly unlinked: boolean; readonly bound: string | undefined },
): RawBuilder<unknown> {
  const descending = sortOrder === "descending";
  const direction = sql.raw(descending ? "desc" : "asc");
  const upTo = page.offset + page.limit;
  const { dialect, tenantId, provider } = scope;
  const linked = sql`select x.owner_id as id from user_external_ids x
    where x.tenant_id = ${tenantId} and x.provider = ${provider}
    order by ${dialect.binary(sql`x.value_lower`)} ${direction} limit ${upTo}`;
  const fallbackKey = dialect.binary(sql`coalesce(u.email_lower, u.id_lower)`);
  const beyond =
    fallback.bound === undefined
      ? sql``
      : sql` and ${fallbackKey} ${sql.raw(descending ? ">=" : "<=")} ${fallback.bound}`;
  const unlinked = sql`select u.id as id from users u
    where u.tenant_id = ${tenantId}${beyond}
      and not exists (select 1 from user_external_ids l where l.tenant_id = u.tenant_id and l.owner_id = u.id and l.provider = ${provider})
    order by ${fallbackKey} ${direction}, u.created_at, u.id limit ${upTo}`;
  const candidates = fallback.unlinked
    ? sql`with a as (${linked}), d as (${unlinked}), m as (select id from a union all select id from d)`
    : sql`with m as (${linked})`;
  // Each candidate is a primary-key probe: SQLite's CROSS JOIN keeps the order, PostgreSQL's
  // LATERAL with OFFSET 0, which it does not flatten (at a few thousand users it hashed a scan
  // of the tenant instead).
  const owners =
    dialect.name === "postgres"
      ? sql`m cross join lateral (select * from users p where p.tenant_id = ${tenantId} and p.id = m.id offset 0) o`
      : sql`m cross join users o where o.tenant_id = ${tenantId} and o.id = m.id`;
  return sql`${candidates}
    select o.* from ${owners}
    order by ${orderBySql(sortBy, sortOrder, scope, true)} limit ${page.limit} offset ${page.offset}`;
}
