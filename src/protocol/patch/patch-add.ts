/** The PATCH `add` operation (RFC 7644 §3.5.2.1). */
import { fail, ok, type Result } from "../errors.ts";
import { canonicalizeSingleValue, canonicalizeValue } from "../resource/canonicalize-value.ts";
import { isScimObject, type JsonValue, type ScimObject } from "../resource/scim-object.ts";
import { appendDistinct, type Entry, elementsOf, entriesOf, filterTemplate, selectIndices } from "./multi-valued.ts";
import {
  type AttributeTarget,
  assertNotReadOnly,
  dropWriteOnly,
  isWriteOnly,
  labelOf,
  mergeComplex,
  setSingle,
  setSub,
  setUnknown,
  slotOf,
  writeElements,
} from "./patch-set.ts";
import { singleValueMatches } from "./patch-single-filter.ts";
import { readSlot } from "./patch-slot.ts";
import type { PatchTarget } from "./patch-target.ts";
import { withKey } from "./safe-object.ts";

/**
 * Adds `value` at `target` (RFC 7644 §3.5.2.1): a single-valued attribute is set (complex
 * values merged), a multi-valued attribute gains the values it does not already hold ("if the
 * target location already contains the value specified, no changes SHOULD be made"), a value
 * filter sets the sub-attribute (or merges the value) into every matching element. When a
 * filter made only of `eq` comparisons matches nothing, the element it describes is created
 * (Entra ID: `add emails[type eq "work"].value`); any other filter that matches nothing fails
 * with `noTarget`. Immutable attributes can only be added while unassigned; readOnly ones fail
 * with `mutability`.
 */
export function applyAdd(
  resource: ScimObject,
  target: Exclude<PatchTarget, { kind: "schema" }>,
  value: JsonValue,
): Result<ScimObject> {
  if (target.kind === "unknown") return setUnknown(resource, target, value);
  if (isWriteOnly(target)) return dropWriteOnly(resource, target, value);
  const readOnly = assertNotReadOnly(target);
  if (!readOnly.ok) return readOnly;
  if (!target.attr.attribute.multiValued) {
    if (!singleValueMatches(resource, target))
      return fail("noTarget", `the value of "${labelOf(target)}" does not match the path`);
    return setSingle(resource, target, value);
  }
  if (target.filter === undefined && target.sub === undefined) return appendValues(resource, target, value);
  return addToElements(resource, target, value);
}

function appendValues(resource: ScimObject, target: AttributeTarget, value: JsonValue): Result<ScimObject> {
  const def = target.attr.attribute;
  const canonical = canonicalizeValue(target.attr, value);
  if (!canonical.ok) return canonical;
  const current = readSlot(resource, slotOf(target));
  const entries = appendDistinct(def, entriesOf(elementsOf(current)), elementsOf(canonical.value));
  return writeElements(resource, target, current, entries);
}

function addToElements(resource: ScimObject, target: AttributeTarget, value: JsonValue): Result<ScimObject> {
  const current = readSlot(resource, slotOf(target));
  const elements = elementsOf(current);
  const indices = selectIndices(elements, target.filter?.resolved);
  if (indices.length === 0) return createElement(resource, target, current, value);
  const entries: Entry[] = entriesOf(elements);
  for (const index of indices) {
    const element = elements[index];
    const next =
      target.sub === undefined ? mergeComplex(target.attr, element, value) : setSub(target.sub, element, value);
    if (!next.ok) return next;
    entries[index] = { element: next.value ?? {}, changed: true };
  }
  return writeElements(
    resource,
    target,
    current,
    entries.filter((entry) => !isScimObject(entry.element) || Object.keys(entry.element).length > 0),
  );
}

/**
 * Creates the element an `eq`-only filter describes (`emails[type eq "work"]`), with `value` as
 * its sub-attribute or merged into it; any other filter fails with `noTarget`.
 */
export function createElement(
  resource: ScimObject,
  target: AttributeTarget,
  current: JsonValue | undefined,
  value: JsonValue,
): Result<ScimObject> {
  if (value === null) return ok(resource);
  const template = target.filter === undefined ? undefined : filterTemplate(target.attr, target.filter.written);
  if (template === undefined) return fail("noTarget", `no value of "${labelOf(target)}" matches the path`);
  let raw: ScimObject = template;
  if (target.sub !== undefined) raw = withKey(raw, target.sub.subAttribute!.name, value);
  else if (isScimObject(value)) for (const [key, item] of Object.entries(value)) raw = withKey(raw, key, item);
  else return fail("invalidValue", `"${labelOf(target)}" takes a complex value`);
  const element = canonicalizeSingleValue(target.attr, raw);
  if (!element.ok) return element;
  if (element.value === null) return ok(resource);
  return writeElements(resource, target, current, [
    ...entriesOf(elementsOf(current)),
    { element: element.value, changed: true },
  ]);
}
