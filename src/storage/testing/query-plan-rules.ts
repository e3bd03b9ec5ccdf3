/**
 * What counts as a walk of a tenant in a query plan: a full scan of one of the tenant's tables,
 * or an index read whose only equality is the tenant (every row of the tenant, in index order).
 * Scans of CTEs, subquery results and small lists are not walks.
 */
import type { DatabaseKind } from "./database-kinds.ts";

/** The tables that grow with a tenant; a plan must reach their rows by probes. */
export const TENANT_TABLES = Object.freeze([
  "users",
  "roles",
  "user_index",
  "role_index",
  "user_external_ids",
  "role_external_ids",
  "user_roles",
  "role_children",
]);

/** Migration 009's FTS5 tables (SQLite only): read by MATCH or rowid, never walked. */
const TRIGRAM_TABLES = Object.freeze(["user_index_trigram", "role_index_trigram"]);

/** Every index on TENANT_TABLES, and the table it belongs to (names as the migrations create them). */
const INDEX_TABLE =
  /^(?:sqlite_autoindex_)?(users|roles|user_index|role_index|user_external_ids|role_external_ids|user_roles|role_children)(_|$)/;

const KEYWORDS = new Set([
  "where",
  "on",
  "join",
  "cross",
  "left",
  "inner",
  "group",
  "order",
  "limit",
  "set",
  "union",
  "and",
]);

/** The names `text` gives TENANT_TABLES: the tables, and their aliases (`users as o`, `user_index i`). */
export function tenantTableNames(text: string): Set<string> {
  const tables = [...TENANT_TABLES, ...TRIGRAM_TABLES];
  const names = new Set<string>(tables);
  const pattern = new RegExp(`"?\\b(${tables.join("|")})\\b"?\\s+(?:as\\s+)?"?([a-z_][a-z0-9_]*)"?`, "gi");
  for (const match of text.matchAll(pattern)) {
    const alias = (match[2] ?? "").toLowerCase();
    if (!KEYWORDS.has(alias)) names.add(alias);
  }
  return names;
}

/**
 * Columns whose equality still leaves a tenant-wide range: the tenant, an index row's `path`
 * (every user has `emails.value`), an external id's `provider`, a membership's `source`, `active`.
 */
const WIDE_COLUMNS = new Set(["tenant_id", "path", "provider", "source", "active"]);

/** SQLite: `SCAN x` of a table, or `SEARCH x USING [COVERING] INDEX i (tenant_id=?)` constrained by wide columns only. */
function sqliteOffends(line: string, tables: ReadonlySet<string>): boolean {
  // An FTS5 table: its idxStr names the constraints it uses, `M` a MATCH, `=` a rowid.
  const virtual = /^SCAN (\S+) VIRTUAL TABLE INDEX \d+:(\S*)/.exec(line);
  if (virtual) return tables.has((virtual[1] ?? "").toLowerCase()) && !/[M=]/.test(virtual[2] ?? "");
  const scan = /^SCAN (\S+)(?: USING (?:COVERING )?INDEX (\S+))?/.exec(line);
  if (scan) {
    const [, name, index] = scan;
    if (index !== undefined) return INDEX_TABLE.test(index);
    // A scan of a subquery, CTE or constant row is not a scan of a table.
    return tables.has((name ?? "").toLowerCase());
  }
  const search = /^SEARCH (\S+) USING (?:COVERING |INTEGER PRIMARY KEY |PRIMARY KEY )?(?:INDEX (\S+) )?\((.*)\)/.exec(
    line,
  );
  if (search) {
    if (search[2] === undefined || !INDEX_TABLE.test(search[2])) return false;
    const constraints = (search[3] ?? "").split(" AND ");
    // A constraint (equality or range) on a column other than the wide ones narrows the read.
    return constraints.every((c) => WIDE_COLUMNS.has(/^(\w+)/.exec(c)?.[1] ?? ""));
  }
  return false;
}

/**
 * Below this estimated cost a read is of a table a few pages long (300 roles), where PostgreSQL
 * rightly scans instead of probing; a tenant walk of the test's 2,000 users costs more.
 */
const SMALL_READ_COST = 40;

/** PostgreSQL: `Seq Scan on <table>`, or an index scan whose Index Cond is wide columns only; small reads aside. */
function postgresOffends(line: string, next: string | undefined): boolean {
  const cost = /cost=[\d.]+\.\.([\d.]+)/.exec(line);
  if (cost && Number(cost[1]) < SMALL_READ_COST) return false;
  const seq = /Seq Scan on (\S+)/.exec(line);
  if (seq) return TENANT_TABLES.includes(seq[1] ?? "");
  const index = /(?:Index Scan|Index Only Scan|Bitmap Index Scan)(?: Backward)? (?:using|on) (\S+)/.exec(line);
  if (index && INDEX_TABLE.test(index[1] ?? "")) {
    const condition = next !== undefined && /Index Cond:/.test(next) ? next : "";
    // `x IS NULL` reads the rows without a value, which is what it matches.
    const equalities = condition.match(/\(\S+ = [^)]*\)|\S+ = ANY|\S+ IS NULL/g) ?? [];
    if (condition === "") return true;
    // A trigram index (migration 009) read for `value_lower LIKE '%needle%'` reads the rows holding the needle's trigrams.
    if (/ ~~ /.test(condition)) return false;
    return equalities.every((e) => WIDE_COLUMNS.has(/\(?(?:\w+\.)?(\w+) /.exec(e)?.[1] ?? ""));
  }
  return false;
}

/** The lines of `plan` (as ObservedStore.explain returns it) of the statement `text` that walk a tenant. */
export function offendingPlanLines(kind: DatabaseKind, plan: readonly string[], text: string): string[] {
  if (kind === "sqlite") {
    const tables = tenantTableNames(text);
    return plan.filter((line) => sqliteOffends(line, tables));
  }
  return plan.filter((line, i) => postgresOffends(line.trim(), plan[i + 1]?.trim()));
}
