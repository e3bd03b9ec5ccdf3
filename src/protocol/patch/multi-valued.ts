/** RFC 7643 §2.4 multi-valued attributes in a PATCH: elements, value filters, duplicates and `primary`. */
import { fail, ok, type Result } from "../errors.ts";
import { evaluateValueFilter } from "../filter/evaluate-filter.ts";
import type { CompareValue, Filter } from "../filter/filter-ast.ts";
import type { ResolvedFilter } from "../filter/resolved-filter.ts";
import { isScimObject, type JsonValue, type ScimObject } from "../resource/scim-object.ts";
import { findAttribute, resolveSubAttribute } from "../schema/resolve-attribute.ts";
import type { AttributeDefinition, ResolvedAttribute } from "../schema/schema-types.ts";
import { getKey, objectFrom, withKey } from "./safe-object.ts";

/** One element of a multi-valued attribute being rewritten, and whether this operation set it. */
export interface Entry {
  readonly element: JsonValue;
  readonly changed: boolean;
}

/** The elements of a multi-valued attribute's value; a lone value counts as one element. */
export function elementsOf(value: JsonValue | undefined): readonly JsonValue[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? (value as readonly JsonValue[]) : [value];
}

/** The elements as unchanged entries. */
export function entriesOf(elements: readonly JsonValue[]): Entry[] {
  return elements.map((element) => ({ element, changed: false }));
}

/** The indices of the elements a value filter selects (RFC 7644 §3.5.2 `valuePath`), or all without one. */
export function selectIndices(elements: readonly JsonValue[], filter: ResolvedFilter | undefined): number[] {
  const indices = elements.map((_, index) => index);
  return filter === undefined ? indices : indices.filter((index) => evaluateValueFilter(elements[index]!, filter));
}

/**
 * A key that is equal for two elements exactly when they are the same value of the attribute:
 * equal JSON (object key order does not matter), or, where the `value` sub-attribute is
 * immutable (a group's `members`, RFC 7643 §4.2), equal `value`s, since that `value`
 * identifies the element. Lets a multi-valued attribute be deduplicated with one key per
 * element instead of comparing every pair.
 */
export function elementKey(def: AttributeDefinition, element: JsonValue): string {
  if (isScimObject(element) && findAttribute(def.subAttributes, "value")?.mutability === "immutable") {
    const value = getKey(element, "value");
    if (value !== undefined) return `v${stableJson(value)}`;
  }
  return `j${stableJson(element)}`;
}

/** JSON text of `value` with every object's keys sorted, so that equal values (`jsonEqual`) give equal text. */
export function stableJson(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (isScimObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${stableJson(value[key]!)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * `entries` followed by each of `added` that neither they nor an earlier added value already
 * hold (RFC 7644 §3.5.2.1: "if the target location already contains the value specified, no
 * changes SHOULD be made"), marked changed. Linear: `keyOf` is called once per element, and
 * the rest is set lookups.
 */
export function appendDistinct(
  def: AttributeDefinition,
  entries: readonly Entry[],
  added: readonly JsonValue[],
  keyOf: (def: AttributeDefinition, element: JsonValue) => string = elementKey,
): Entry[] {
  const seen = new Set<string>();
  for (const entry of entries) seen.add(keyOf(def, entry.element));
  const result = [...entries];
  for (const element of added) {
    const key = keyOf(def, element);
    if (seen.has(key)) continue;
    seen.add(key);
    result.push({ element, changed: true });
  }
  return result;
}

/**
 * The final elements, with RFC 7644 §3.5.2's rule applied: setting `primary` to true on one
 * value sets it to false on every other value. Two values made primary by one operation fail
 * with `invalidValue` (RFC 7643 §2.4: "true MUST appear no more than once").
 */
export function settlePrimary(def: AttributeDefinition, label: string, entries: readonly Entry[]): Result<JsonValue[]> {
  const elements = entries.map((entry) => entry.element);
  if (findAttribute(def.subAttributes, "primary") === undefined) return ok(elements);
  const chosen = entries.filter((entry) => entry.changed && isPrimary(entry.element));
  if (chosen.length > 1) return fail("invalidValue", `"${label}" may have only one primary value`);
  if (chosen.length === 0) return ok(elements);
  return ok(
    entries.map(({ element, changed }) =>
      !changed && isPrimary(element) && isScimObject(element) ? withKey(element, "primary", false) : element,
    ),
  );
}

function isPrimary(element: JsonValue): boolean {
  return isScimObject(element) && getKey(element, "primary") === true;
}

/**
 * The element a value filter describes when it is a conjunction of `eq` comparisons on
 * sub-attributes (`emails[type eq "work"]` → `{ type: "work" }`), else undefined. Used to create
 * the element an `add` with a filter names when none matches: Entra ID sends
 * `add emails[type eq "work"].value` for a user that has no work email yet.
 */
export function filterTemplate(attr: ResolvedAttribute, filter: Filter): ScimObject | undefined {
  const fields = new Map<string, CompareValue>();
  return collectEquals(attr, filter, fields) ? objectFrom(fields) : undefined;
}

function collectEquals(attr: ResolvedAttribute, filter: Filter, fields: Map<string, CompareValue>): boolean {
  if (filter.kind === "and")
    return collectEquals(attr, filter.left, fields) && collectEquals(attr, filter.right, fields);
  if (filter.kind !== "compare" || filter.op !== "eq" || filter.value === null) return false;
  if (filter.path.uri !== undefined || filter.path.subAttr !== undefined) return false;
  const name = resolveSubAttribute(attr, filter.path.name)?.subAttribute?.name;
  if (name === undefined) return false;
  const known = fields.get(name);
  if (known !== undefined && known !== filter.value) return false;
  fields.set(name, filter.value);
  return true;
}
