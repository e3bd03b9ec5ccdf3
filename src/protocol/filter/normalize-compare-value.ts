/** Checks a comparison against its attribute's type (RFC 7644 §3.4.2.2, RFC 7643 §2.3) and normalizes its value. */
import { fail, ok, type Result } from "../errors.ts";
import type { AttributeDefinition } from "../schema/schema-types.ts";
import type { CompareOperator, CompareValue } from "./filter-ast.ts";
import { normalizeXsdDateTime } from "./xsd-date-time.ts";

const ORDERING: ReadonlySet<CompareOperator> = new Set(["gt", "ge", "lt", "le"]);
const SUBSTRING: ReadonlySet<CompareOperator> = new Set(["co", "sw", "ew"]);

/**
 * The value a comparison on `def` compares with, or `invalidFilter` when the operator or the
 * value's JSON type does not fit the attribute (RFC 7644 §3.4.2.2):
 * - `null` only with `eq`/`ne`, for any type (`eq null` means "not present");
 * - boolean: `eq`/`ne` only; `true`/`false`, or the strings "true"/"false" (any case), converted;
 * - binary: no `gt`/`ge`/`lt`/`le` (RFC 7644 §3.4.2.2 requires a failure);
 * - integer, decimal, dateTime: no `co`/`sw`/`ew`; integer needs an integral number, decimal
 *   a number, dateTime an xsd:dateTime string, normalized to `YYYY-MM-DDTHH:mm:ss.sssZ`;
 * - string, reference, binary: a string;
 * - complex: no comparison other than with `null`.
 * `path` names the attribute in error details.
 */
export function normalizeCompareValue(
  def: AttributeDefinition,
  op: CompareOperator,
  value: CompareValue,
  path: string,
): Result<CompareValue> {
  const refuse = (why: string) => fail<CompareValue>("invalidFilter", `cannot compare "${path}" with "${op}": ${why}`);
  if (value === null) return op === "eq" || op === "ne" ? ok(null) : refuse("null only works with eq and ne");
  if (def.type === "complex") return refuse("it is a complex attribute; compare one of its sub-attributes");
  switch (def.type) {
    case "boolean": {
      if (op !== "eq" && op !== "ne") return refuse("it is a boolean");
      const bool = typeof value === "string" ? { true: true, false: false }[value.toLowerCase()] : value;
      return typeof bool === "boolean" ? ok(bool) : refuse("the value must be true or false");
    }
    case "integer":
    case "decimal":
      if (SUBSTRING.has(op)) return refuse(`it is ${def.type === "integer" ? "an integer" : "a decimal"}`);
      if (typeof value !== "number") return refuse("the value must be a number");
      return def.type === "integer" && !Number.isInteger(value) ? refuse("the value must be an integer") : ok(value);
    case "dateTime": {
      if (SUBSTRING.has(op)) return refuse("it is a dateTime");
      const normalized = typeof value === "string" ? normalizeXsdDateTime(value) : undefined;
      return normalized === undefined ? refuse("the value must be an xsd:dateTime string") : ok(normalized);
    }
    default:
      if (def.type === "binary" && ORDERING.has(op)) return refuse("it is binary");
      return typeof value === "string" ? ok(value) : refuse("the value must be a string");
  }
}
