/**
 * The management API's user list filters (SPEC §9) as SQL over the users table aliased `o`.
 * Each is an uncorrelated, index-backed subquery or an indexed column, so a page costs what it
 * matches, never a scan of the tenant.
 */
import { type RawBuilder, sql } from "kysely";
import type { UserPageQuery } from "../../domain/ports.ts";
import { INDEX_KEY_LENGTH } from "./database-schema.ts";
import type { SqlDialect } from "./sql-dialect.ts";

/** The indexed values `q` matches the start of: every email, the name parts and the display name. */
export const PREFIX_PATHS = Object.freeze([
  "emails.value",
  "name.givenName",
  "name.familyName",
  "name.formatted",
  "displayName",
]);

/**
 * The smallest string above every string that starts with `prefix`, in code-point order: the
 * prefix with its last code point incremented (undefined when there is none, so no upper bound).
 */
export function prefixUpperBound(prefix: string): string | undefined {
  const points = [...prefix].map((c) => c.codePointAt(0)!);
  while (points.length > 0) {
    let last = points.pop()! + 1;
    if (last >= 0xd800 && last <= 0xdfff) last = 0xe000;
    if (last <= 0x10ffff) return String.fromCodePoint(...points, last);
  }
  return undefined;
}

/**
 * `o.id` is a user one of whose PREFIX_PATHS values starts with `q`, case-insensitively: a range
 * over `value_key` in code-point order (binary on SQLite, the "C" collation index on PostgreSQL).
 */
export function prefixSql(dialect: SqlDialect, tenantId: string, q: string): RawBuilder<boolean> {
  const low = q.toLowerCase().slice(0, INDEX_KEY_LENGTH);
  const high = prefixUpperBound(low);
  const key = dialect.binary(sql.ref("value_key"));
  const ranges = PREFIX_PATHS.map(
    (path) =>
      sql`select owner_id from user_index where tenant_id = ${tenantId} and path = ${path} and ${key} >= ${low}${
        high === undefined ? sql`` : sql` and ${key} < ${high}`
      }`,
  );
  return sql<boolean>`o.id in (${sql.join(ranges, sql` union `)})`;
}

/** Every filter of `query` that is set, as conditions on `o`. */
export function userFilterSql(dialect: SqlDialect, tenantId: string, query: UserPageQuery): RawBuilder<boolean>[] {
  const conditions: RawBuilder<boolean>[] = [];
  if (query.active !== undefined) conditions.push(sql<boolean>`o.active = ${query.active ? 1 : 0}`);
  if (query.roleId !== undefined) {
    conditions.push(
      sql<boolean>`o.id in (select user_id from user_roles where tenant_id = ${tenantId} and role_id = ${query.roleId})`,
    );
  }
  if (query.provider !== undefined) {
    conditions.push(
      sql<boolean>`o.id in (select owner_id from user_external_ids where tenant_id = ${tenantId} and provider = ${query.provider.toLowerCase()})`,
    );
  }
  if (query.q !== undefined && query.q !== "") conditions.push(prefixSql(dialect, tenantId, query.q));
  return conditions;
}
