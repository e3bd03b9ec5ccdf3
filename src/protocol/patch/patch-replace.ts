/** The PATCH `replace` operation (RFC 7644 §3.5.2.3). */
import { fail, ok, type Result } from "../errors.ts";
import { canonicalizeSingleValue, canonicalizeValue } from "../resource/canonicalize-value.ts";
import type { JsonValue, ScimObject } from "../resource/scim-object.ts";
import { type Entry, elementsOf, entriesOf, selectIndices } from "./multi-valued.ts";
import { createElement } from "./patch-add.ts";
import {
  type AttributeTarget,
  assertNotReadOnly,
  dropWriteOnly,
  isWriteOnly,
  labelOf,
  setSingle,
  setSub,
  setUnknown,
  slotOf,
  unassign,
  writeElements,
} from "./patch-set.ts";
import { singleValueMatches } from "./patch-single-filter.ts";
import { readSlot } from "./patch-slot.ts";
import type { PatchTarget } from "./patch-target.ts";

/**
 * Replaces the value at `target` (RFC 7644 §3.5.2.3): a single-valued attribute is replaced (a
 * complex one merged: sub-attributes not given are left unchanged), a multi-valued attribute
 * without a filter is replaced as a whole (an empty list or null unassigns it), a value filter
 * replaces every matching element, or its sub-attribute when the path names one; a filter that
 * matches nothing creates the element when the attribute has no values yet and the filter is made of
 * `eq` tests only, else fails with `noTarget`. A target that does not exist is added. null unassigns
 * (RFC 7643 §2.5), subject to the required and mutability rules.
 */
export function applyReplace(
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
  if (target.filter === undefined && target.sub === undefined) return replaceAll(resource, target, value);
  return replaceElements(resource, target, value);
}

function replaceAll(resource: ScimObject, target: AttributeTarget, value: JsonValue): Result<ScimObject> {
  const canonical = canonicalizeValue(target.attr, value);
  if (!canonical.ok) return canonical;
  if (canonical.value === null) return unassign(resource, target);
  const current = readSlot(resource, slotOf(target));
  const entries = elementsOf(canonical.value).map((element) => ({ element, changed: true }));
  return writeElements(resource, target, current, entries);
}

function replaceElements(resource: ScimObject, target: AttributeTarget, value: JsonValue): Result<ScimObject> {
  const current = readSlot(resource, slotOf(target));
  const elements = elementsOf(current);
  const indices = selectIndices(elements, target.filter?.resolved);
  // An attribute with no values yet: RFC 7644 §3.5.2.3 treats a replace of what does not exist
  // as an add, which can create the element an eq-only filter describes (Entra ID replaces
  // `phoneNumbers[type eq "mobile"].value` on users that have none). When the attribute has
  // values and none matches, the RFC's noTarget applies.
  if (indices.length === 0) {
    return elements.length === 0
      ? createElement(resource, target, current, value)
      : fail("noTarget", `no value of "${labelOf(target)}" matches the path`);
  }
  let replacement: JsonValue | undefined;
  if (target.sub === undefined) {
    const canonical = canonicalizeSingleValue(target.attr, value);
    if (!canonical.ok) return canonical;
    replacement = canonical.value ?? undefined;
  }
  const entries: (Entry | undefined)[] = entriesOf(elements);
  for (const index of indices) {
    const next = target.sub === undefined ? ok(replacement) : setSub(target.sub, elements[index], value);
    if (!next.ok) return next;
    entries[index] = next.value === undefined ? undefined : { element: next.value, changed: true };
  }
  const kept = entries.filter((entry) => entry !== undefined);
  if (kept.length === 0) return unassign(resource, target);
  return writeElements(resource, target, current, kept);
}
