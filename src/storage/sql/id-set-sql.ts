/**
 * Filter conditions of the form `o.id in (<subquery>)`, remembered with their subquery so that
 * `a or b` over two of them becomes one `o.id in (<a> union <b>)` (and `a and b` one filtered by the other): a
 * set of probes, where an OR of two IN conditions made SQLite walk the tenant testing both on
 * every row. A list whose whole filter is such a set reads its rows by joining the set.
 */
import { type RawBuilder, sql } from "kysely";

const subqueries = new WeakMap<RawBuilder<boolean>, RawBuilder<unknown>>();

/** `o.id in (subquery)`; `subquery` selects one column of owner ids named `owner_id`. */
export function idIn(subquery: RawBuilder<unknown>): RawBuilder<boolean> {
  const condition = sql<boolean>`o.id in (${subquery})`;
  subqueries.set(condition, subquery);
  return condition;
}

/** The subquery of an idIn condition (owner ids, possibly repeated), else undefined. */
export function idSetOf(condition: RawBuilder<boolean>): RawBuilder<unknown> | undefined {
  return subqueries.get(condition);
}

/** `left or right`, as one IN over both subqueries (UNION ALL: no ordered merge, repeats are harmless). */
export function orSql(left: RawBuilder<boolean>, right: RawBuilder<boolean>): RawBuilder<boolean> {
  const a = subqueries.get(left);
  const b = subqueries.get(right);
  if (a !== undefined && b !== undefined) {
    return idIn(sql`select owner_id from (${a}) a union all select owner_id from (${b}) b`);
  }
  return sql<boolean>`(${left} or ${right})`;
}

/**
 * `left and right`, as one IN over the owners of the left subquery that the right one holds
 * too (not INTERSECT: its ordered merge made SQLite read an input in primary-key order, a walk).
 */
export function andSql(left: RawBuilder<boolean>, right: RawBuilder<boolean>): RawBuilder<boolean> {
  const a = subqueries.get(left);
  const b = subqueries.get(right);
  if (a !== undefined && b !== undefined) {
    return idIn(sql`select owner_id from (${a}) a where owner_id in (select owner_id from (${b}) b)`);
  }
  return sql<boolean>`(${left} and ${right})`;
}
