/** The PATCH `remove` operation (RFC 7644 §3.5.2.2). */
import { fail, ok, type Result } from "../errors.ts";
import { isScimObject, type JsonValue, type ScimObject } from "../resource/scim-object.ts";
import { findAttribute } from "../schema/resolve-attribute.ts";
import type { AttributeDefinition, SchemaDefinition } from "../schema/schema-types.ts";
import { type Entry, elementsOf, entriesOf, selectIndices } from "./multi-valued.ts";
import { assertRemovable, assertWritable } from "./patch-mutability.ts";
import {
  type AttributeTarget,
  assertNotReadOnly,
  isWriteOnly,
  removeUnknown,
  setSub,
  slotOf,
  unassign,
  writeElements,
} from "./patch-set.ts";
import { singleValueMatches } from "./patch-single-filter.ts";
import { readSlot, removeContainer, writeSlot } from "./patch-slot.ts";
import type { PatchTarget } from "./patch-target.ts";
import { getKey } from "./safe-object.ts";

/**
 * Removes the value at `target` (RFC 7644 §3.5.2.2): the attribute, the elements a value filter
 * selects, or a sub-attribute (of every selected element). A multi-valued attribute that loses
 * its last element becomes unassigned. Removing something absent, or what a filter does not
 * match, changes nothing. Required and readOnly attributes, and immutable ones with a value, fail with
 * `mutability` ("If an attribute is removed or becomes unassigned and is defined as a required
 * attribute or a read-only attribute").
 */
export function applyRemove(
  resource: ScimObject,
  target: Exclude<PatchTarget, { kind: "schema" }>,
): Result<ScimObject> {
  if (target.kind === "unknown") return ok(removeUnknown(resource, target));
  if (isWriteOnly(target)) return ok(resource);
  const readOnly = assertNotReadOnly(target);
  if (!readOnly.ok) return readOnly;
  const def = target.attr.attribute;
  const current = readSlot(resource, slotOf(target));
  if (!def.multiValued) {
    if (!singleValueMatches(resource, target)) return ok(resource);
    if (target.sub === undefined) return unassign(resource, target);
    return removeSub(resource, target, current);
  }
  if (target.filter === undefined && target.sub === undefined) return unassign(resource, target);
  const elements = elementsOf(current);
  return rewrite(resource, target, current, entriesOf(elements), selectIndices(elements, target.filter?.resolved));
}

/**
 * Removes the whole extension object a schema URN path names, after checking each of its
 * attributes can go; the core schema cannot be removed (it holds required attributes).
 */
export function removeSchema(resource: ScimObject, schema: SchemaDefinition, core: boolean): Result<ScimObject> {
  if (core) return fail("mutability", `the core schema "${schema.id}" cannot be removed`);
  const holder = getKey(resource, schema.id);
  for (const [name, item] of Object.entries(isScimObject(holder) ? holder : {})) {
    const def: AttributeDefinition | undefined = findAttribute(schema.attributes, name);
    const allowed = def === undefined ? ok(undefined) : assertRemovable(def, `${schema.id}:${def.name}`, item);
    if (!allowed.ok) return allowed;
  }
  return ok(removeContainer(resource, schema.id));
}

function rewrite(
  resource: ScimObject,
  target: AttributeTarget,
  current: JsonValue | undefined,
  entries: readonly Entry[],
  indices: readonly number[],
): Result<ScimObject> {
  const next: (Entry | undefined)[] = [...entries];
  for (const index of indices) {
    const element = entries[index]!.element;
    if (target.sub === undefined) {
      next[index] = undefined;
      continue;
    }
    if (!isScimObject(element) || getKey(element, target.sub.subAttribute!.name) === undefined) continue;
    const removed = setSub(target.sub, element, null);
    if (!removed.ok) return removed;
    next[index] = removed.value === undefined ? undefined : { element: removed.value, changed: false };
  }
  const kept = next.filter((entry) => entry !== undefined);
  if (kept.length === 0 && entries.length > 0) return unassign(resource, target);
  return writeElements(resource, target, current, kept);
}

function removeSub(resource: ScimObject, target: AttributeTarget, current: JsonValue | undefined): Result<ScimObject> {
  const sub = target.sub!;
  if (!isScimObject(current) || getKey(current, sub.subAttribute!.name) === undefined) return ok(resource);
  const removed = setSub(sub, current, null);
  if (!removed.ok) return removed;
  if (removed.value === undefined) return unassign(resource, target);
  const allowed = assertWritable(target.attr.attribute, target.attr.canonicalPath, current, removed.value);
  return allowed.ok ? ok(writeSlot(resource, slotOf(target), removed.value)) : allowed;
}
