/** Compares one attribute value with a filter value by the attribute's type (RFC 7644 §3.4.2.2, RFC 7643 §2.3). */
import type { JsonValue } from "../resource/scim-object.ts";
import type { AttributeDefinition } from "../schema/schema-types.ts";
import type { CompareOperator, CompareValue } from "./filter-ast.ts";

/**
 * Whether the stored `leaf` satisfies `leaf <op> value` for an attribute defined by `def`.
 * Strings (and references, binary) compare by Unicode code point, lower-cased first unless
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
      return ordered(op, compareCodePoints(leaf, value));
  }
}

/**
 * Orders two strings by Unicode code point, the order both databases use for `gt`/`lt` and
 * `sortBy` (UTF-8 bytes on SQLite, `collate "C"` on PostgreSQL). JavaScript's `<` compares
 * UTF-16 units instead, which puts characters above U+FFFF (`😀`) before U+E000–U+FFFF (`ｘ`).
 */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index++) {
    const x = a.charCodeAt(index);
    const y = b.charCodeAt(index);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

// At the first differing unit, surrogates (U+D800–DFFF, the start of a code point above U+FFFF)
// must rank above U+E000–FFFF: shift them up and those down (ICU's code point order fix-up).
function codePointRank(unit: number): number {
  if (unit < 0xd800) return unit;
  return unit >= 0xe000 ? unit - 0x800 : unit + 0x2000;
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
