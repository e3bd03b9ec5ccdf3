/** One filter comparison (RFC 7644 §3.4.2.2) as SQL over a pair of columns: the value as stored and lower-cased. */
import { type RawBuilder, sql } from "kysely";
import { RosterError } from "../../protocol/errors.ts";
import type { CompareOperator, CompareValue } from "../../protocol/filter/filter-ast.ts";
import type { AttributeType } from "../../protocol/schema/schema-types.ts";
import type { SqlDialect } from "./sql-dialect.ts";

/** The columns a comparison reads. `lower` holds the JavaScript-lower-cased text (SQLite's lower() is ASCII-only). */
export interface CompareColumns {
  readonly exact: RawBuilder<unknown>;
  readonly lower: RawBuilder<unknown>;
  /** The numeric column for integer and decimal attributes, when there is one. */
  readonly number?: RawBuilder<unknown>;
}

/** What is being compared: the attribute's type and case rule. */
export interface CompareSubject {
  readonly type: AttributeType;
  readonly caseExact: boolean;
}

const ORDER_OPERATORS: Readonly<Record<string, string>> = { gt: ">", ge: ">=", lt: "<", le: "<=" };

/**
 * SQL that is true when the column pair satisfies `op value`. `eq null`/`ne null` and `pr`
 * are handled by the caller (they are about presence, not about a stored value).
 */
export function compareSql(
  dialect: SqlDialect,
  columns: CompareColumns,
  subject: CompareSubject,
  op: CompareOperator,
  value: Exclude<CompareValue, null>,
): RawBuilder<boolean> {
  if (typeof value === "boolean") {
    if (op !== "eq" && op !== "ne")
      throw new RosterError("invalidFilter", `operator ${op} does not apply to a boolean`);
    const test = sql<boolean>`${columns.exact} = ${String(value)}`;
    return op === "eq" ? test : sql<boolean>`not (${test})`;
  }
  if (typeof value === "number") {
    const column = columns.number ?? columns.exact;
    const bound = columns.number ? value : String(value);
    return numericOrTextCompare(column, op, bound);
  }
  const caseExact = subject.caseExact || subject.type === "dateTime" || subject.type === "binary";
  const column = caseExact ? columns.exact : columns.lower;
  const needle = caseExact ? value : value.toLowerCase();
  if (needle === "" && (op === "co" || op === "sw" || op === "ew")) {
    // Every string contains, starts and ends with the empty string (and SQLite's substr(x, -0) is all of x).
    return sql<boolean>`${column} is not null`;
  }
  switch (op) {
    case "eq":
      return sql<boolean>`${column} = ${needle}`;
    case "ne":
      return sql<boolean>`${column} <> ${needle}`;
    case "co":
      return sql<boolean>`${dialect.position(column, needle)} > 0`;
    case "sw":
      // SQL counts characters (code points); JavaScript's length counts UTF-16 units.
      return sql<boolean>`substr(${column}, 1, ${[...needle].length}) = ${needle}`;
    case "ew":
      return sql<boolean>`${dialect.suffix(column, [...needle].length)} = ${needle}`;
    default:
      return sql<boolean>`${dialect.binary(column)} ${sql.raw(ORDER_OPERATORS[op] ?? "=")} ${needle}`;
  }
}

function numericOrTextCompare(column: RawBuilder<unknown>, op: CompareOperator, bound: number | string) {
  switch (op) {
    case "eq":
      return sql<boolean>`${column} = ${bound}`;
    case "ne":
      return sql<boolean>`${column} <> ${bound}`;
    case "gt":
    case "ge":
    case "lt":
    case "le":
      return sql<boolean>`${column} ${sql.raw(ORDER_OPERATORS[op] ?? "=")} ${bound}`;
    default:
      throw new RosterError("invalidFilter", `operator ${op} does not apply to a number`);
  }
}
