/** Reads and writes one attribute of a resource, inside its extension object when it has one. */
import { isScimObject, type JsonValue, type ScimObject } from "../resource/scim-object.ts";
import { isUnassigned } from "./json-value.ts";
import { findKey, getKey, withKey, withoutKey } from "./safe-object.ts";

/** Where an attribute lives: its canonical name, and the schema URN of its extension object if any. */
export interface Slot {
  readonly name: string;
  readonly container: string | undefined;
}

/** The attribute's current value, or undefined when it has none (names compared case-insensitively). */
export function readSlot(resource: ScimObject, slot: Slot): JsonValue | undefined {
  const holder = slot.container === undefined ? resource : getKey(resource, slot.container);
  return isScimObject(holder) ? getKey(holder, slot.name) : undefined;
}

/**
 * A copy of `resource` with the attribute set to `value`, or removed when `value` is unassigned
 * (RFC 7643 §2.5: null and `[]` mean unassigned). Extension attributes live under their schema
 * URN (RFC 7643 §3.3); the URN is added to `schemas` when the extension gains its first
 * attribute and taken out when it loses its last.
 */
export function writeSlot(resource: ScimObject, slot: Slot, value: JsonValue | undefined): ScimObject {
  if (slot.container === undefined) {
    return isUnassigned(value) ? withoutKey(resource, slot.name) : withKey(resource, slot.name, value!);
  }
  const current = getKey(resource, slot.container);
  const holder = isScimObject(current) ? current : {};
  const next = isUnassigned(value) ? withoutKey(holder, slot.name) : withKey(holder, slot.name, value!);
  if (Object.keys(next).length === 0) {
    return removeContainer(resource, slot.container);
  }
  return withSchema(withKey(resource, slot.container, next), slot.container, true);
}

/** A copy of `resource` without the extension object `urn`, and without `urn` in `schemas`. */
export function removeContainer(resource: ScimObject, urn: string): ScimObject {
  if (findKey(resource, urn) === undefined) return resource;
  return withSchema(withoutKey(resource, urn), urn, false);
}

/** A copy of `resource` whose `schemas` lists `urn` or not (only when `schemas` is a list). */
export function withSchema(resource: ScimObject, urn: string, present: boolean): ScimObject {
  const key = findKey(resource, "schemas");
  const schemas = key === undefined ? undefined : resource[key];
  if (key === undefined || !Array.isArray(schemas)) return resource;
  const lower = urn.toLowerCase();
  const listed = (item: JsonValue) => typeof item === "string" && item.toLowerCase() === lower;
  if (schemas.some(listed) === present) return resource;
  return withKey(resource, key, present ? [...schemas, urn] : schemas.filter((item) => !listed(item)));
}
