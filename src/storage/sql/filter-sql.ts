/**
 * Compiles a resolved SCIM filter (RFC 7644 §3.4.2.2) to parameterized SQL over the owner
 * table aliased `o`. Each comparison becomes `o.id IN (<indexed lookup>)`, an uncorrelated
 * subquery the database answers from an index, so a filter costs what it matches, not what
 * the tenant holds.
 */
import { type RawBuilder, sql } from "kysely";
import { RosterError } from "../../protocol/errors.ts";
import type { ResolvedFilter } from "../../protocol/filter/resolved-filter.ts";
import type { ResolvedAttribute } from "../../protocol/schema/schema-types.ts";
import { type CompareColumns, compareSql } from "./compare-sql.ts";
import { INDEX_KEY_LENGTH } from "./database-schema.ts";
import { andSql, idIn, orSql } from "./id-set-sql.ts";
import { specialAttribute } from "./special-attributes.ts";
import type { SqlDialect } from "./sql-dialect.ts";
import { prefixUpperBound } from "./user-page-sql.ts";

/** Everything a filter needs besides itself: the tenant, the provider whose view is filtered, the dialect. */
export interface FilterScope {
  readonly dialect: SqlDialect;
  readonly tenantId: string;
  /** Lower-cased provider name (SPEC §1). */
  readonly provider: string;
  readonly resourceType: "User" | "Group";
}

type Compare = Extract<ResolvedFilter, { kind: "compare" }>;
type Present = Extract<ResolvedFilter, { kind: "present" }>;
type Leaf = Compare | Present;

/** SQL that is true for the rows of `o` (users or roles of the scope's tenant) that match `filter`. */
export function filterSql(filter: ResolvedFilter, scope: FilterScope): RawBuilder<boolean> {
  switch (filter.kind) {
    case "and":
      return andSql(filterSql(filter.left, scope), filterSql(filter.right, scope));
    case "or":
      return orSql(filterSql(filter.left, scope), filterSql(filter.right, scope));
    case "not":
      return sql<boolean>`(not ${filterSql(filter.filter, scope)})`;
    case "valuePath":
      return valuePathSql(filter.attr, filter.filter, scope);
    case "present":
    case "compare":
      return leafSql(filter, scope);
  }
}

function indexTable(scope: FilterScope) {
  return sql.table(scope.resourceType === "User" ? "user_index" : "role_index");
}

/** A comparison or presence test outside any value path. */
function leafSql(leaf: Leaf, scope: FilterScope): RawBuilder<boolean> {
  if (leaf.kind === "compare" && leaf.value === null) {
    const present = leafSql({ kind: "present", attr: leaf.attr }, scope);
    if (leaf.op === "eq") return sql<boolean>`(not ${present})`;
    if (leaf.op === "ne") return present;
    throw new RosterError("invalidFilter", `operator ${leaf.op} does not apply to null`);
  }
  const special = specialAttribute(leaf.attr, scope);
  if (special) return special(leaf);
  if (leaf.kind === "compare" && leaf.op === "ne") {
    return sql<boolean>`(not ${leafSql({ ...leaf, op: "eq" }, scope)})`;
  }
  const narrowed = trigramNarrowing(leaf, "i", scope);
  if (narrowed) {
    return idIn(
      sql`select i.owner_id from ${narrowed.from} where ${narrowed.where} and ${narrowed.tenant} and ${indexCondition(leaf, "i", scope, true)}`,
    );
  }
  return idIn(
    sql`select i.owner_id from ${indexTable(scope)} i where i.tenant_id = ${scope.tenantId} and ${indexCondition(leaf, "i", scope)}`,
  );
}

/**
 * An FTS5 query for the rows holding trigrams that cover `needle` (at least 3 characters): the
 * ones starting at every third character, and the last one, each quoted, joined by AND. Every
 * row containing the needle holds them; the exact comparison then removes the rest. Measured
 * on 1,000,000 trigram rows, a third of the trigrams cost a third to a half of the phrase
 * of all of them (`"needle"`), which FTS5 matched term by term, position by position.
 */
export function coveringTrigrams(needle: string): string {
  const characters = [...needle];
  const starts: number[] = [];
  for (let start = 0; start + TRIGRAM_LENGTH <= characters.length; start += TRIGRAM_LENGTH) starts.push(start);
  if (characters.length % TRIGRAM_LENGTH !== 0) starts.push(characters.length - TRIGRAM_LENGTH);
  const terms = new Set(starts.map((start) => characters.slice(start, start + TRIGRAM_LENGTH).join("")));
  return [...terms].map((term) => `"${term.replaceAll('"', '""')}"`).join(" AND ");
}

/** The types whose index rows are text a substring of which can be asked for (not numbers, booleans or markers). */
const TEXT_TYPES = new Set(["string", "reference", "binary", "dateTime"]);

/** Fewer characters have no trigram; the trigram tables hold no rows of this path (migration 009). */
const TRIGRAM_LENGTH = 3;
const TRIGRAM_UNINDEXED_PATH = "schemas";

/** Where a `co`/`ew` reads its candidate index rows from, and the conditions that find them. */
interface Narrowing {
  readonly from: RawBuilder<unknown>;
  /** True of every match; what the trigram index answers. */
  readonly where: RawBuilder<boolean>;
  /** The row's tenant, as a test and not an index range. */
  readonly tenant: RawBuilder<boolean>;
}

/**
 * For `co` and `ew` on a text attribute, the index rows (aliased `alias`) that can match, found by
 * the trigram index of migration 009: the FROM and a condition true of every match. The exact
 * comparison must still be applied (indexCondition). Undefined where the index cannot narrow:
 * a needle shorter than 3 characters, the `schemas` rows, and two cases where a match could hold
 * a trigram the index does not:
 *
 * - the index holds `value_lower` (JavaScript's lower-casing), and a case-exact attribute's match
 *   `value ⊇ needle` implies `value_lower ⊇ needle.toLowerCase()` only when lower-casing is per
 *   character, which it is except for the final-sigma rule (a needle holding "Σ");
 * - PostgreSQL's pg_trgm takes trigrams of words (letters and digits): a needle without 3 ASCII
 *   ones in a row may give it none, and its index would then read every row.
 *
 * The trigram index holds every tenant's rows; the row's tenant and path are then tests, given
 * as expressions no B-tree answers: with the `(tenant_id, path)` range at hand, PostgreSQL's
 * planner read a whole tenant's `emails.value` rather than the GIN index (a walk, in the plan
 * test); SQLite's CROSS JOIN already makes the FTS table drive.
 */
function trigramNarrowing(leaf: Leaf, alias: string, scope: FilterScope): Narrowing | undefined {
  if (leaf.kind !== "compare" || (leaf.op !== "co" && leaf.op !== "ew") || typeof leaf.value !== "string") return;
  if (leaf.attr.canonicalPath === TRIGRAM_UNINDEXED_PATH) return;
  const subject = leaf.attr.subAttribute ?? leaf.attr.attribute;
  if (!TEXT_TYPES.has(subject.type)) return;
  const needle = leaf.value.toLowerCase();
  if ([...needle].length < TRIGRAM_LENGTH || needle.includes("\0")) return;
  const caseExact = subject.caseExact || subject.type === "dateTime" || subject.type === "binary";
  if (caseExact && leaf.value.includes("\u03a3")) return;
  const row = sql.ref(alias);
  const tenant = sql<boolean>`${scope.dialect.unindexed(sql.ref(`${alias}.tenant_id`))} = ${scope.tenantId}`;
  if (scope.dialect.name === "sqlite") {
    const trigrams = sql.table(`${scope.resourceType === "User" ? "user_index" : "role_index"}_trigram`);
    return {
      from: sql`${trigrams} t cross join ${indexTable(scope)} ${row}`,
      where: sql<boolean>`t.value_lower match ${coveringTrigrams(needle)} and ${row}.rowid = t.rowid`,
      tenant,
    };
  }
  // ASCII: which other characters pg_trgm counts as letters depends on the database's locale.
  if (!/[a-z0-9]{3}/.test(needle)) return;
  const escaped = needle.replace(/[\\%_]/g, (c) => `\\${c}`);
  const pattern = leaf.op === "co" ? `%${escaped}%` : `%${escaped}`;
  return {
    from: sql`${indexTable(scope)} ${row}`,
    where: sql<boolean>`${row}.value_lower like ${pattern}`,
    tenant,
  };
}

/** The condition on one index row (aliased `alias`) for a leaf on a generic, indexed attribute. */
function indexCondition(leaf: Leaf, alias: string, scope: FilterScope, narrowed = false): RawBuilder<boolean> {
  const row = sql.ref(alias);
  // Under a trigram narrowing the path is tested, never an index range (trigramNarrowing).
  const pathColumn = narrowed ? scope.dialect.unindexed(sql.ref(`${alias}.path`)) : sql`${row}.path`;
  const path = sql<boolean>`${pathColumn} = ${leaf.attr.canonicalPath}`;
  const type = leaf.attr.subAttribute?.type ?? leaf.attr.attribute.type;
  if (leaf.kind === "present") {
    return type === "complex" ? path : sql<boolean>`${path} and ${row}.value <> ''`;
  }
  const columns: CompareColumns = {
    exact: sql`${row}.value`,
    lower: sql`${row}.value_lower`,
    ...(type === "integer" || type === "decimal" ? { number: sql`${row}.value_num` } : {}),
  };
  const subject = leaf.attr.subAttribute ?? leaf.attr.attribute;
  const value = leaf.value as Exclude<typeof leaf.value, null>;
  const test = compareSql(scope.dialect, columns, subject, leaf.op, value);
  if (leaf.op === "eq" && typeof value === "string") {
    // value_key carries the index; the full comparison above stays exact.
    const key = value.toLowerCase().slice(0, INDEX_KEY_LENGTH);
    return sql<boolean>`${path} and ${row}.value_key = ${key} and ${test}`;
  }
  if (
    leaf.op === "sw" &&
    typeof value === "string" &&
    value !== "" &&
    !subject.caseExact &&
    prefixRangeIndexed(scope)
  ) {
    // The test compares value_lower's start with the lower-cased needle, so every match has a key
    // in [needle, its upper bound) in code-point order; the test stays. (Not for case-exact
    // attributes: lower-casing is not always prefix-preserving, e.g. a final sigma.)
    const low = value.toLowerCase().slice(0, INDEX_KEY_LENGTH);
    const high = prefixUpperBound(low);
    const key = scope.dialect.binary(sql`${row}.value_key`);
    const range = high === undefined ? sql`${key} >= ${low}` : sql`${key} >= ${low} and ${key} < ${high}`;
    return sql<boolean>`${path} and ${range} and ${test}`;
  }
  return sql<boolean>`${path} and ${test}`;
}

/**
 * `emails[type eq "work" and value co "@x"]`: one element must satisfy the whole inner filter.
 * The lookup is driven by an `eq` conjunct when there is one (an indexed probe), else by the
 * element markers of the attribute; the rest is tested on the same element.
 */
function valuePathSql(attr: ResolvedAttribute, inner: ResolvedFilter, scope: FilterScope): RawBuilder<boolean> {
  const special = specialAttribute(attr, scope);
  if (special) return special({ kind: "valuePath", attr, filter: inner });
  const conjuncts = flattenAnd(inner);
  const probes = conjuncts.filter(
    (c): c is Compare => c.kind === "compare" && c.op === "eq" && typeof c.value === "string",
  );
  // `type`, `primary` and `display` hold few distinct values; `value` (or any other) is the selective probe.
  const strong = probes.find((c) => !WEAK_PROBES.has(c.attr.subAttribute?.name ?? ""));
  // Without one, a `co`/`ew` the trigram index narrows drives before a weak `eq`.
  const text = strong
    ? undefined
    : conjuncts.find((c): c is Compare => c.kind === "compare" && trigramNarrowing(c, "e", scope) !== undefined);
  const driver = strong ?? text ?? probes[0];
  const rest = driver ? conjuncts.filter((c) => c !== driver) : conjuncts;
  const narrowed = text && driver === text ? trigramNarrowing(text, "e", scope) : undefined;
  const start = driver
    ? indexCondition(driver, "e", scope, narrowed !== undefined)
    : sql<boolean>`e.path = ${attr.canonicalPath}`;
  const tests = rest.map((c) => elementSql(c, scope));
  const where = tests.reduce((acc, t) => sql<boolean>`${acc} and ${t}`, start);
  if (narrowed) {
    return idIn(
      sql`select e.owner_id from ${narrowed.from} where ${narrowed.where} and ${narrowed.tenant} and ${where}`,
    );
  }
  return idIn(sql`select e.owner_id from ${indexTable(scope)} e where e.tenant_id = ${scope.tenantId} and ${where}`);
}

const WEAK_PROBES = new Set(["type", "primary", "display"]);

/**
 * Whether a code-point range over value_key is an index range: always on SQLite (binary order);
 * on PostgreSQL only user_index has its "C"-collation index (user_index_prefix, migration 004).
 */
function prefixRangeIndexed(scope: FilterScope): boolean {
  return scope.dialect.name === "sqlite" || scope.resourceType === "User";
}

function flattenAnd(filter: ResolvedFilter): ResolvedFilter[] {
  return filter.kind === "and" ? [...flattenAnd(filter.left), ...flattenAnd(filter.right)] : [filter];
}

/** A sub-filter tested on the element of the enclosing value path (the index row aliased `e`). */
function elementSql(filter: ResolvedFilter, scope: FilterScope): RawBuilder<boolean> {
  switch (filter.kind) {
    case "and":
      return sql<boolean>`(${elementSql(filter.left, scope)} and ${elementSql(filter.right, scope)})`;
    case "or":
      return sql<boolean>`(${elementSql(filter.left, scope)} or ${elementSql(filter.right, scope)})`;
    case "not":
      return sql<boolean>`(not ${elementSql(filter.filter, scope)})`;
    case "valuePath":
      throw new RosterError("invalidFilter", "value paths cannot be nested");
    case "present":
    case "compare": {
      if (filter.kind === "compare" && filter.value === null) {
        const present = elementSql({ kind: "present", attr: filter.attr }, scope);
        return filter.op === "eq" ? sql<boolean>`(not ${present})` : present;
      }
      if (filter.kind === "compare" && filter.op === "ne") {
        return sql<boolean>`(not ${elementSql({ ...filter, op: "eq" }, scope)})`;
      }
      return sql<boolean>`exists (select 1 from ${indexTable(scope)} i where i.tenant_id = e.tenant_id and i.owner_id = e.owner_id and i.element = e.element and ${indexCondition(filter, "i", scope)})`;
    }
  }
}
