/**
 * Attributes that are not indexed values but columns or relations: `id`, `meta.*`, a user's
 * `userName` as seen through the provider (SPEC §4), a group's `externalId` for the provider,
 * a user's `groups` and a group's `members`.
 */
import { type RawBuilder, sql } from "kysely";
import { RosterError } from "../../protocol/errors.ts";
import type { ResolvedFilter } from "../../protocol/filter/resolved-filter.ts";
import type { ResolvedAttribute } from "../../protocol/schema/schema-types.ts";
import { type CompareColumns, type CompareSubject, compareSql } from "./compare-sql.ts";
import type { FilterScope } from "./filter-sql.ts";
import { idIn } from "./id-set-sql.ts";

type Handled = Extract<ResolvedFilter, { kind: "compare" | "present" | "valuePath" }>;
type Compiler = (filter: Handled) => RawBuilder<boolean>;
type Row = Readonly<Record<string, { readonly columns: CompareColumns; readonly subject: CompareSubject }>>;

const STRING_EXACT: CompareSubject = { type: "string", caseExact: true };
const STRING: CompareSubject = { type: "string", caseExact: false };
const DATE: CompareSubject = { type: "dateTime", caseExact: true };

function text(expression: RawBuilder<unknown>, lower = expression): CompareColumns {
  return { exact: expression, lower };
}

/** The compiler for `attr` when it is a column or a relation, else undefined (a generic indexed attribute). */
export function specialAttribute(attr: ResolvedAttribute, scope: FilterScope): Compiler | undefined {
  const path = attr.canonicalPath;
  const own = scope.resourceType === "User" ? userColumns : roleColumns;
  const column = own[path];
  if (column) return (filter) => columnSql(filter, column.columns, column.subject, scope);
  if (path.startsWith("meta.")) {
    throw new RosterError("invalidFilter", `${path} cannot be used in a filter`);
  }
  if (scope.resourceType === "User" && path === "userName") return (filter) => userNameSql(filter, scope);
  if (scope.resourceType === "Group" && path === "externalId") return (filter) => groupExternalIdSql(filter, scope);
  if (scope.resourceType === "User" && (path === "groups" || path.startsWith("groups."))) {
    return (filter) => relationSql(filter, scope, groupsRelation);
  }
  if (scope.resourceType === "Group" && (path === "members" || path.startsWith("members."))) {
    return (filter) => relationSql(filter, scope, membersRelation);
  }
  return undefined;
}

const userColumns: Row = {
  id: { columns: text(sql`o.id`, sql`o.id_lower`), subject: STRING_EXACT },
  "meta.created": { columns: text(sql`o.created_at`), subject: DATE },
  "meta.lastModified": { columns: text(sql`o.modified_at`), subject: DATE },
  "meta.resourceType": { columns: text(sql`'User'`), subject: STRING_EXACT },
};

const roleColumns: Row = {
  id: { columns: text(sql`o.id`), subject: STRING_EXACT },
  "meta.created": { columns: text(sql`o.created_at`), subject: DATE },
  "meta.lastModified": { columns: text(sql`o.modified_at`), subject: DATE },
  "meta.resourceType": { columns: text(sql`'Group'`), subject: STRING_EXACT },
};

function compareValueOf(filter: Handled) {
  if (filter.kind !== "compare" || filter.value === null) return undefined;
  return filter.value;
}

/** A leaf on a column of `o` itself; such columns are always present. */
function columnSql(filter: Handled, columns: CompareColumns, subject: CompareSubject, scope: FilterScope) {
  if (filter.kind === "valuePath")
    throw new RosterError("invalidFilter", `${filter.attr.canonicalPath} is not multi-valued`);
  if (filter.kind === "present") return sql<boolean>`1 = 1`;
  const value = compareValueOf(filter);
  if (value === undefined) return sql<boolean>`${filter.op === "ne" ? sql`1 = 1` : sql`1 = 0`}`;
  return compareSql(scope.dialect, columns, subject, filter.op, value);
}

/**
 * A user's `userName` through provider P: its external id for P, else its email, else its Id.
 * Three indexed lookups, one per case, so `userName eq "x"` stays a probe at any tenant size.
 */
function userNameSql(filter: Handled, scope: FilterScope): RawBuilder<boolean> {
  if (filter.kind === "valuePath") throw new RosterError("invalidFilter", "userName is not multi-valued");
  if (filter.kind === "present") return sql<boolean>`1 = 1`;
  const value = compareValueOf(filter);
  if (value === undefined) return sql<boolean>`${filter.op === "ne" ? sql`1 = 1` : sql`1 = 0`}`;
  if (filter.op === "ne") return sql<boolean>`(not ${userNameSql({ ...filter, op: "eq" }, scope)})`;
  const test = (columns: CompareColumns) => compareSql(scope.dialect, columns, STRING, filter.op, value);
  const noLink = sql`not exists (select 1 from user_external_ids l where l.tenant_id = u.tenant_id and l.owner_id = u.id and l.provider = ${scope.provider})`;
  return idIn(sql`
    select x.owner_id from user_external_ids x where x.tenant_id = ${scope.tenantId} and x.provider = ${scope.provider} and ${test(text(sql`x.value`, sql`x.value_lower`))}
    union all
    select u.id from users u where u.tenant_id = ${scope.tenantId} and u.email_lower is not null and ${test(text(sql`u.email`, sql`u.email_lower`))} and ${noLink}
    union all
    select u.id from users u where u.tenant_id = ${scope.tenantId} and u.email_lower is null and ${test(text(sql`u.id`, sql`u.id_lower`))} and ${noLink}`);
}

/** A group's `externalId` through provider P: the external id the role holds for P. */
function groupExternalIdSql(filter: Handled, scope: FilterScope): RawBuilder<boolean> {
  if (filter.kind === "valuePath") throw new RosterError("invalidFilter", "externalId is not multi-valued");
  const base = sql`select x.owner_id from role_external_ids x where x.tenant_id = ${scope.tenantId} and x.provider = ${scope.provider}`;
  if (filter.kind === "present") return idIn(base);
  const value = compareValueOf(filter);
  if (value === undefined) {
    return filter.op === "eq" ? sql<boolean>`o.id not in (${base})` : idIn(base);
  }
  if (filter.op === "ne") return sql<boolean>`(not ${groupExternalIdSql({ ...filter, op: "eq" }, scope)})`;
  const test = compareSql(scope.dialect, text(sql`x.value`, sql`x.value_lower`), STRING_EXACT, filter.op, value);
  return idIn(sql`${base} and ${test}`);
}

/** A multi-valued attribute backed by the user_roles table, seen from one side. */
interface Relation {
  /** SELECT … FROM … WHERE tenant, yielding the owner id as `owner`; rows aliased `m`. */
  readonly from: (scope: FilterScope) => RawBuilder<unknown>;
  readonly subAttributes: Row;
}

const groupsRelation: Relation = {
  from: (scope) =>
    sql`select m.user_id as owner from user_roles m join roles r on r.tenant_id = m.tenant_id and r.id = m.role_id where m.tenant_id = ${scope.tenantId}`,
  subAttributes: {
    // Role ids are lower case by construction (normalized display names), so they are their own folding.
    value: { columns: text(sql`m.role_id`), subject: STRING },
    display: { columns: text(sql`r.display_name`, sql`r.display_name_lower`), subject: STRING },
    type: { columns: text(sql`'direct'`), subject: STRING },
  },
};

const membersRelation: Relation = {
  from: (scope) =>
    sql`select m.role_id as owner from user_roles m join users mu on mu.tenant_id = m.tenant_id and mu.id = m.user_id where m.tenant_id = ${scope.tenantId}`,
  subAttributes: {
    value: { columns: text(sql`m.user_id`, sql`mu.id_lower`), subject: STRING },
    display: { columns: text(sql`mu.display`, sql`mu.display_lower`), subject: STRING },
    type: { columns: text(sql`'User'`, sql`'user'`), subject: STRING },
  },
};

/** `groups.value eq "x"`, `members[value eq "x"]`: a test on one membership row. */
function relationSql(filter: Handled, scope: FilterScope, relation: Relation): RawBuilder<boolean> {
  // `ne` is `not eq` (RFC 7644 §3.4.2.2 as protocol/ evaluates it): no membership row is equal.
  if (filter.kind === "compare" && filter.op === "ne") {
    return sql<boolean>`(not ${relationSql({ ...filter, op: "eq" }, scope, relation)})`;
  }
  const condition =
    filter.kind === "valuePath" ? rowSql(filter.filter, scope, relation) : rowSql(filter, scope, relation);
  return idIn(sql`select owner as owner_id from (${relation.from(scope)} and ${condition}) rel`);
}

function rowSql(filter: ResolvedFilter, scope: FilterScope, relation: Relation): RawBuilder<boolean> {
  switch (filter.kind) {
    case "and":
      return sql<boolean>`(${rowSql(filter.left, scope, relation)} and ${rowSql(filter.right, scope, relation)})`;
    case "or":
      return sql<boolean>`(${rowSql(filter.left, scope, relation)} or ${rowSql(filter.right, scope, relation)})`;
    case "not":
      return sql<boolean>`(not ${rowSql(filter.filter, scope, relation)})`;
    case "valuePath":
      throw new RosterError("invalidFilter", "value paths cannot be nested");
    default: {
      const name = filter.attr.subAttribute?.name ?? "value";
      const column = relation.subAttributes[name];
      if (!column) throw new RosterError("invalidFilter", `${filter.attr.canonicalPath} cannot be used in a filter`);
      if (filter.kind === "present") return sql<boolean>`1 = 1`;
      if (filter.value === null) return filter.op === "ne" ? sql<boolean>`1 = 1` : sql<boolean>`1 = 0`;
      return compareSql(scope.dialect, column.columns, column.subject, filter.op, filter.value);
    }
  }
}
