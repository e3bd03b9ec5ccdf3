/** Type-checks and canonicalizes one attribute value against its schema definition (RFC 7643 §2). */
import { fail, ok, type Result } from "../errors.ts";
import { checkUnknownValue, elementLimit } from "../limits.ts";
import { findAttribute } from "../schema/resolve-attribute.ts";
import type { AttributeDefinition, ResolvedAttribute } from "../schema/schema-types.ts";
import { canonicalizeScalar } from "./canonicalize-scalar.ts";
import { copyJson, forbiddenKey, isForbiddenKey } from "./safe-json.ts";
import { isScimObject, type JsonValue } from "./scim-object.ts";

/**
 * Canonicalizes the whole value of a resolved attribute (or sub-attribute) as a client wrote
 * it, for a create, replace or PATCH:
 * - `null`, `[]` (for a multi-valued attribute) and complex values left empty mean
 *   "unassigned" (RFC 7643 §2.5) and come back as `null`;
 * - a multi-valued attribute takes a JSON array, a single-valued one anything but an array
 *   (RFC 7643 §2.4), and a complex one an object (§2.3.8); the lone values, one-element arrays
 *   and bare ids identity providers send are rewritten before, by the quirks in
 *   `src/protocol/quirks/`;
 * - complex values get their sub-attribute names in canonical case; readOnly sub-attributes
 *   are dropped (RFC 7644 §3.5.1); unknown sub-attributes are kept as received;
 * - at most one element of a multi-valued attribute may be `primary: true` (RFC 7643 §2.4);
 * - strings are Unicode text within the attribute's length limit, and a multi-valued attribute
 *   holds at most its element limit (`src/protocol/limits.ts`), counted before any element is
 *   looked at.
 * Type mismatches, forbidden keys and the rules above fail with `invalidValue`.
 */
export function canonicalizeValue(resolved: ResolvedAttribute, value: unknown): Result<JsonValue> {
  return canonicalizeDefined(resolved.subAttribute ?? resolved.attribute, value, resolved.canonicalPath);
}

/**
 * Canonicalizes one element of a multi-valued attribute (or the value of a single-valued one),
 * with the rules of `canonicalizeValue`; for PATCH operations that target one element.
 */
export function canonicalizeSingleValue(resolved: ResolvedAttribute, value: unknown): Result<JsonValue> {
  return canonicalizeOne(resolved.subAttribute ?? resolved.attribute, value, resolved.canonicalPath);
}

function canonicalizeDefined(def: AttributeDefinition, value: unknown, where: string): Result<JsonValue> {
  if (!def.multiValued) {
    if (Array.isArray(value)) return fail("invalidValue", `Attribute "${where}" is single-valued`);
    return canonicalizeOne(def, value, where);
  }
  if (value === null) return ok(null);
  if (!Array.isArray(value)) return fail("invalidValue", `Attribute "${where}" is multi-valued and takes an array`);
  const limit = elementLimit(where);
  if (limit !== undefined && value.length > limit) return tooManyElements(where, limit);
  const items: JsonValue[] = [];
  for (const item of value) {
    if (Array.isArray(item)) return fail("invalidValue", `Attribute "${where}" holds a nested array`);
    const canonical = canonicalizeOne(def, item, where);
    if (!canonical.ok) return canonical;
    if (canonical.value !== null) items.push(canonical.value);
  }
  const primaries = items.filter((item) => isScimObject(item) && item["primary"] === true).length;
  if (primaries > 1) return fail("invalidValue", `Attribute "${where}" has more than one primary value`);
  return ok(items.length === 0 ? null : items);
}

function canonicalizeOne(def: AttributeDefinition, value: unknown, where: string): Result<JsonValue> {
  if (value === null) return ok(null);
  if (def.type !== "complex") return canonicalizeScalar(def.type, value, where);
  if (isScimObject(value)) return canonicalizeComplex(def, value, where);
  return fail("invalidValue", `Attribute "${where}" must be a complex value`);
}

function canonicalizeComplex(
  def: AttributeDefinition,
  value: { readonly [key: string]: unknown },
  where: string,
): Result<JsonValue> {
  const entries = new Map<string, JsonValue>();
  for (const [key, raw] of Object.entries(value)) {
    if (isForbiddenKey(key)) return forbiddenKey(key, where);
    const sub = findAttribute(def.subAttributes, key);
    if (sub?.mutability === "readOnly") continue;
    const name = sub?.name ?? key;
    const canonical =
      sub === undefined ? copyUnknown(raw, `${where}.${key}`) : canonicalizeDefined(sub, raw, `${where}.${sub.name}`);
    if (!canonical.ok) return canonical;
    if (canonical.value === null) continue;
    if (entries.has(name)) return fail("invalidValue", `Attribute "${where}.${name}" is given more than once`);
    entries.set(name, canonical.value);
  }
  return ok(entries.size === 0 ? null : Object.fromEntries(entries));
}

function copyUnknown(raw: unknown, where: string): Result<JsonValue> {
  const copied = copyJson(raw, where, 2);
  return copied.ok ? checkUnknownValue(copied.value, where) : copied;
}

/** The `invalidValue` result for a multi-valued attribute holding more than `limit` elements. */
export function tooManyElements<T>(where: string, limit: number): Result<T> {
  return fail("invalidValue", `Attribute "${where}" may hold at most ${limit} values`);
}
