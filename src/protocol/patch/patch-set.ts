/** What `add` and `replace` share (RFC 7644 §3.5.2.1, §3.5.2.3): single-valued targets, complex merges, element updates. */
import { fail, ok, type Result } from "../errors.ts";
import { elementLimit } from "../limits.ts";
import { canonicalizeSingleValue, canonicalizeValue, tooManyElements } from "../resource/canonicalize-value.ts";
import { isScimObject, type JsonValue, type ScimObject } from "../resource/scim-object.ts";
import { findAttribute } from "../schema/resolve-attribute.ts";
import type { ResolvedAttribute } from "../schema/schema-types.ts";
import { type Entry, elementsOf, settlePrimary } from "./multi-valued.ts";
import { assertRemovable, assertWritable } from "./patch-mutability.ts";
import { readSlot, type Slot, withSchema, writeSlot } from "./patch-slot.ts";
import type { PatchTarget } from "./patch-target.ts";
import { getKey, withKey, withoutKey } from "./safe-object.ts";

/** A target that names a schema attribute. */
export type AttributeTarget = Extract<PatchTarget, { readonly kind: "attribute" }>;

/** A target that names an attribute no schema defines. */
export type UnknownTarget = Extract<PatchTarget, { readonly kind: "unknown" }>;

/** Where the target's attribute lives in the resource. */
export function slotOf(target: AttributeTarget): Slot {
  return { name: target.attr.attribute.name, container: target.container };
}

/** The canonical path of the target, for error details. */
export function labelOf(target: AttributeTarget): string {
  return (target.sub ?? target.attr).canonicalPath;
}

/** Fails with `mutability` when the attribute or sub-attribute is readOnly (RFC 7643 §2.2). */
export function assertNotReadOnly(target: AttributeTarget): Result<void> {
  const readOnly =
    target.attr.attribute.mutability === "readOnly" || target.sub?.subAttribute?.mutability === "readOnly";
  return readOnly ? fail("mutability", `"${labelOf(target)}" is read-only`) : ok(undefined);
}

/**
 * Sets an attribute no schema defines, kept as sent; an object given for an object already held
 * is merged into it, as a complex value would be (RFC 7644 §3.5.2.1), and null unassigns.
 */
export function setUnknown(resource: ScimObject, target: UnknownTarget, value: JsonValue): Result<ScimObject> {
  const current = readSlot(resource, target);
  let next = value;
  if (isScimObject(current) && isScimObject(value)) {
    next = current;
    for (const [key, item] of Object.entries(value)) {
      next = item === null ? withoutKey(next, key) : withKey(next, key, item);
    }
  }
  const written = writeSlot(resource, target, next);
  return ok(isSchemaUrn(target) ? withSchema(written, target.name, readSlot(written, target) !== undefined) : written);
}

/** Unassigns an attribute no schema defines (an unknown extension's URN leaves `schemas` with it). */
export function removeUnknown(resource: ScimObject, target: UnknownTarget): ScimObject {
  if (readSlot(resource, target) === undefined) return resource;
  const written = writeSlot(resource, target, undefined);
  return isSchemaUrn(target) ? withSchema(written, target.name, false) : written;
}

// Attribute names cannot contain ":" (RFC 7643 §2.1 ATTRNAME), so a top-level name with one is a schema URN.
function isSchemaUrn(target: UnknownTarget): boolean {
  return target.container === undefined && target.name.includes(":");
}

/** True for a writeOnly target: Roster keeps no value it may never return (RFC 7643 §2.2), so writes are dropped. */
export function isWriteOnly(target: AttributeTarget): boolean {
  return target.attr.attribute.mutability === "writeOnly" || target.sub?.subAttribute?.mutability === "writeOnly";
}

/**
 * An `add` or `replace` of a writeOnly target (`password`): the value is type-checked like any
 * other (`invalidValue` for `42`), then dropped, leaving `resource` as it was.
 */
export function dropWriteOnly(resource: ScimObject, target: AttributeTarget, value: JsonValue): Result<ScimObject> {
  const checked = canonicalizeValue(target.sub ?? target.attr, value);
  return checked.ok ? ok(resource) : checked;
}

/** Unassigns the whole attribute after the RFC 7644 §3.5.2.2 checks (required, readOnly, immutable). */
export function unassign(resource: ScimObject, target: AttributeTarget): Result<ScimObject> {
  const slot = slotOf(target);
  const current = readSlot(resource, slot);
  const allowed = assertRemovable(target.attr.attribute, target.attr.canonicalPath, current);
  if (!allowed.ok) return allowed;
  return ok(current === undefined ? resource : writeSlot(resource, slot, undefined));
}

/**
 * Sets a single-valued attribute or one sub-attribute of it: a simple value is replaced, a
 * complex value merged (RFC 7644 §3.5.2.1: "the existing value is replaced"; §3.5.2.3:
 * "sub-attributes that are not specified in the value parameter are left unchanged"). null
 * unassigns (RFC 7643 §2.5).
 */
export function setSingle(resource: ScimObject, target: AttributeTarget, value: JsonValue): Result<ScimObject> {
  const slot = slotOf(target);
  const current = readSlot(resource, slot);
  const def = target.attr.attribute;
  let next: Result<JsonValue | undefined>;
  if (target.sub !== undefined) next = setSub(target.sub, current, value);
  else if (value === null) return unassign(resource, target);
  else if (def.type === "complex") next = mergeComplex(target.attr, current, value);
  else next = canonicalizeValue(target.attr, value);
  if (!next.ok) return next;
  const merged = next.value ?? undefined;
  if (merged === undefined && current !== undefined) return unassign(resource, target);
  const allowed = assertWritable(def, target.attr.canonicalPath, current, merged);
  return allowed.ok ? ok(writeSlot(resource, slot, merged)) : allowed;
}

/**
 * `current` (a complex value or element) merged with the sub-attributes of `value`, checked
 * against each sub-attribute's mutability. A sub-attribute given as null is removed.
 * Undefined when nothing is left.
 */
export function mergeComplex(
  attr: ResolvedAttribute,
  current: JsonValue | undefined,
  value: JsonValue,
): Result<ScimObject | undefined> {
  const canonical = canonicalizeSingleValue(attr, value);
  if (!canonical.ok) return canonical;
  let next: ScimObject = isScimObject(current) ? current : {};
  const written: ScimObject = isScimObject(value) ? value : {};
  for (const [key, item] of Object.entries(written)) {
    const sub = findAttribute(attr.attribute.subAttributes, key);
    if (item !== null || sub?.mutability === "readOnly") continue;
    const name = sub?.name ?? key;
    if (sub !== undefined) {
      const allowed = assertRemovable(sub, `${attr.canonicalPath}.${name}`, getKey(next, name));
      if (!allowed.ok) return allowed;
    }
    next = withoutKey(next, name);
  }
  const given = canonical.value;
  for (const [name, item] of isScimObject(given) ? Object.entries(given) : []) {
    const sub = findAttribute(attr.attribute.subAttributes, name);
    if (sub !== undefined) {
      const allowed = assertWritable(sub, `${attr.canonicalPath}.${name}`, getKey(next, name), item);
      if (!allowed.ok) return allowed;
    }
    next = withKey(next, name, item);
  }
  return ok(Object.keys(next).length === 0 ? undefined : next);
}

/**
 * `element` (a complex value) with the sub-attribute `sub` set to `value`, or removed for null;
 * undefined when nothing is left.
 */
export function setSub(
  sub: ResolvedAttribute,
  element: JsonValue | undefined,
  value: JsonValue,
): Result<ScimObject | undefined> {
  const def = sub.subAttribute!;
  const base: ScimObject = isScimObject(element) ? element : {};
  const current = getKey(base, def.name);
  if (value === null) {
    const allowed = assertRemovable(def, sub.canonicalPath, current);
    if (!allowed.ok) return allowed;
    const next = withoutKey(base, def.name);
    return ok(Object.keys(next).length === 0 ? undefined : next);
  }
  const canonical = canonicalizeValue(sub, value);
  if (!canonical.ok) return canonical;
  if (canonical.value === null) return setSub(sub, element, null);
  const allowed = assertWritable(def, sub.canonicalPath, current, canonical.value);
  return allowed.ok ? ok(withKey(base, def.name, canonical.value)) : allowed;
}

/**
 * Writes the rewritten elements back after the element limit (`src/protocol/limits.ts`: an
 * `add` that would leave more values than it allows fails with `invalidValue`), the `primary`
 * and the mutability rules.
 */
export function writeElements(
  resource: ScimObject,
  target: AttributeTarget,
  current: JsonValue | undefined,
  entries: readonly Entry[],
): Result<ScimObject> {
  const before = elementsOf(current);
  if (entries.length === before.length && entries.every((entry, index) => entry.element === before[index])) {
    return ok(resource);
  }
  const def = target.attr.attribute;
  const limit = elementLimit(target.attr.canonicalPath);
  if (limit !== undefined && entries.length > limit) return tooManyElements(target.attr.canonicalPath, limit);
  const settled = settlePrimary(def, target.attr.canonicalPath, entries);
  if (!settled.ok) return settled;
  const allowed = assertWritable(def, target.attr.canonicalPath, current, settled.value);
  if (!allowed.ok) return allowed;
  return ok(writeSlot(resource, slotOf(target), settled.value));
}
