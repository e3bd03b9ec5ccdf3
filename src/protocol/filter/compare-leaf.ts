/** Compares one attribute value with a filter value by the attribute's type (RFC 7644 §3.4.2.2, RFC 7643 §2.3). */
import type { JsonValue } from "../resource/scim-object.ts";
import type { AttributeDefinition } from "../schema/schema-types.ts";
import type { CompareOperator, CompareValue } from "./filter-ast.ts";

/**
 * Whether the stored `leaf` satisfies `leaf <op> value` for an attribute defined by `def`.
 * Strings (and references, binary) compare by UTF-16 code units, lower-cased first unless
 * `caseExact`; numbers numerically; dateTimes by instant; booleans by `eq` only. A leaf of
 * another JSON type than the attribute's never matches.
 */
export function compareLeaf(
  def: AttributeDefinition,
  leaf: JsonValue,
  op: CompareOperator,
  value: CompareValue,
): boolean {
  switch (def.type) {
    case "boolean":
      return op === "eq" && toBoolean(leaf) === value;
    case "integer":
    case "decimal":
      return typeof leaf === "number" && typeof value === "number" && ordered(op, leaf - value);
    case "dateTime": {
      if (typeof leaf !== "string" || typeof value !== "string") return false;
      const difference = Date.parse(leaf) - Date.parse(value);
      return !Number.isNaN(difference) && ordered(op, difference);
    }
    case "complex":
      return false;
    default:
      if (typeof leaf !== "string" || typeof value !== "string") return false;
      return compareStrings(op, def.caseExact ? leaf : leaf.toLowerCase(), def.caseExact ? value : value.toLowerCase());
  }
}

function compareStrings(op: CompareOperator, leaf: string, value: string): boolean {
  switch (op) {
    case "co":
      return leaf.includes(value);
    case "sw":
      return leaf.startsWith(value);
    case "ew":
      return leaf.endsWith(value);
    default:
      return ordered(op, leaf < value ? -1 : leaf > value ? 1 : 0);
  }
}

function ordered(op: CompareOperator, difference: number): boolean {
  switch (op) {
    case "eq":
      return difference === 0;
    case "ne":
      return difference !== 0;
    case "gt":
      return difference > 0;
    case "ge":
      return difference >= 0;
    case "lt":
      return difference < 0;
    case "le":
      return difference <= 0;
    default:
      return false;
  }
}

function toBoolean(leaf: JsonValue): boolean | undefined {
  if (typeof leaf === "boolean") return leaf;
  if (leaf === "true" || leaf === "false") return leaf === "true";
  return undefined;
}
