/** Type-checks one simple attribute value against its RFC 7643 §2.3 data type. */
import { fail, ok, type Result } from "../errors.ts";
import { checkText, stringLimit } from "../limits.ts";
import type { AttributeType } from "../schema/schema-types.ts";
import type { JsonValue } from "./scim-object.ts";

// xsd:dateTime (RFC 7643 §2.3.5): date, "T", time with optional fraction, optional offset.
const DATE_TIME = /^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

/** True for an xsd:dateTime string (RFC 7643 §2.3.5) that names a real instant. */
export function isDateTime(value: string): boolean {
  return DATE_TIME.test(value) && !Number.isNaN(Date.parse(value));
}

/**
 * Checks a simple value (RFC 7643 §2.3.1–§2.3.7) and returns it unchanged: a `boolean` is JSON
 * true or false (Entra ID's "True"/"False" are rewritten before, by the `entra-string-booleans`
 * quirk). `reference` and `binary` accept any string: Roster keeps them as received. Strings
 * must be Unicode text no longer than the limit of the attribute (`where` is its canonical path,
 * see `stringLimit`). A mismatch is `invalidValue` naming `where`.
 */
export function canonicalizeScalar(
  type: Exclude<AttributeType, "complex">,
  value: unknown,
  where: string,
): Result<JsonValue> {
  switch (type) {
    case "string":
    case "reference":
    case "binary":
      return typeof value === "string"
        ? checkText(value, where, stringLimit(where, type))
        : mismatch(where, "a string");
    case "boolean":
      return typeof value === "boolean" ? ok(value) : mismatch(where, "a boolean");
    case "integer":
      return typeof value === "number" && Number.isSafeInteger(value) ? ok(value) : mismatch(where, "an integer");
    case "decimal":
      return typeof value === "number" && Number.isFinite(value) ? ok(value) : mismatch(where, "a number");
    case "dateTime":
      return typeof value === "string" && isDateTime(value) ? ok(value) : mismatch(where, "an xsd:dateTime string");
  }
}

function mismatch(where: string, expected: string): Result<never> {
  return fail("invalidValue", `Attribute "${where}" must be ${expected}`);
}
