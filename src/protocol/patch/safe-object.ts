/** Prototype-safe, copy-on-write helpers for the JSON objects the PATCH engine reads and builds. */
import type { JsonValue, ScimObject } from "../resource/scim-object.ts";

const FORBIDDEN_NAMES = new Set(["__proto__", "constructor", "prototype"]);

/**
 * True for a name that could reach an object's prototype when used as a key. The PATCH engine
 * refuses such names in paths and values, whatever their case, so that no request can pollute
 * `Object.prototype` (the flaw STACK.md records against the `scim-patch` package).
 */
export function isForbiddenName(name: string): boolean {
  return FORBIDDEN_NAMES.has(name.toLowerCase());
}

/**
 * The own key of `object` that names `name`: the exact key when present, else the first key equal
 * ignoring case (RFC 7643 §2.1: attribute names are case-insensitive).
 */
export function findKey(object: ScimObject, name: string): string | undefined {
  if (Object.hasOwn(object, name)) return name;
  const lower = name.toLowerCase();
  return Object.keys(object).find((key) => key.toLowerCase() === lower);
}

/** The value of the own key naming `name` (case-insensitive), or undefined. */
export function getKey(object: ScimObject, name: string): JsonValue | undefined {
  const key = findKey(object, name);
  return key === undefined ? undefined : object[key];
}

/** A plain object with the given entries, each defined as an own data property (never through a setter). */
export function objectFrom(entries: Iterable<readonly [string, JsonValue]>): ScimObject {
  const out: Record<string, JsonValue> = {};
  for (const [key, value] of entries) {
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** A copy of `object` with `name` set to `value`; keys naming `name` in another case are dropped. */
export function withKey(object: ScimObject, name: string, value: JsonValue): ScimObject {
  const lower = name.toLowerCase();
  const entries = Object.entries(object).filter(([key]) => key.toLowerCase() !== lower);
  const index = Object.keys(object).findIndex((key) => key.toLowerCase() === lower);
  // Keep the attribute where it was, so a replaced value does not move to the end of the resource.
  entries.splice(index < 0 ? entries.length : index, 0, [name, value]);
  return objectFrom(entries);
}

/** A copy of `object` without any key naming `name` (case-insensitive). */
export function withoutKey(object: ScimObject, name: string): ScimObject {
  const lower = name.toLowerCase();
  return objectFrom(Object.entries(object).filter(([key]) => key.toLowerCase() !== lower));
}
