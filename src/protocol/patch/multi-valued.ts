/** RFC 7643 §2.4 multi-valued attributes in a PATCH: elements, value filters, duplicates and `primary`. */
import { fail, ok, type Result } from "../errors.ts";
import { evaluateValueFilter } from "../filter/evaluate-filter.ts";
import type { CompareValue, Filter } from "../filter/filter-ast.ts";
import type { ResolvedFilter } from "../filter/resolved-filter.ts";
import { isScimObject, type JsonValue, type ScimObject } from "../resource/scim-object.ts";
import { findAttribute, resolveSubAttribute } from "../schema/resolve-attribute.ts";
import type { AttributeDefinition, ResolvedAttribute } from "../schema/schema-types.ts";
import { jsonEqual } from "./json-value.ts";
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
 * True when `a` and `b` are the same value of the attribute: equal JSON, or, where the `value`
 * sub-attribute is immutable (a group's `members`, RFC 7643 §4.2), equal `value`s, since
 * that `value` identifies the element.
 */
export function isSameElement(def: AttributeDefinition, a: JsonValue, b: JsonValue): boolean {
  if (jsonEqual(a, b)) return true;
  if (findAttribute(def.subAttributes, "value")?.mutability !== "immutable") return false;
  if (!isScimObject(a) || !isScimObject(b)) return false;
  const value = getKey(a, "value");
  return value !== undefined && jsonEqual(value, getKey(b, "value"));
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
