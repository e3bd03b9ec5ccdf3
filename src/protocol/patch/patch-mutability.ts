/** The mutability and required checks of RFC 7643 §2.2 and RFC 7644 §3.5.2 that every PATCH operation applies. */
import { fail, ok, type Result } from "../errors.ts";
import type { JsonValue } from "../resource/scim-object.ts";
import type { AttributeDefinition } from "../schema/schema-types.ts";
import { isUnassigned, jsonEqual } from "./json-value.ts";

/**
 * Whether `def` may change from `current` to `next` (RFC 7644 §3.5.2: "a client MUST NOT modify
 * an attribute that has mutability readOnly or immutable. However, a client MAY add a value to
 * an immutable attribute if the attribute had no previous value"). Setting an immutable
 * attribute to the value it already has is no modification. Fails with `mutability`.
 */
export function assertWritable(
  def: AttributeDefinition,
  label: string,
  current: JsonValue | undefined,
  next: JsonValue | undefined,
): Result<void> {
  if (def.mutability === "readOnly") return fail("mutability", `"${label}" is read-only`);
  if (def.mutability === "immutable" && !isUnassigned(current) && !jsonEqual(current, next)) {
    return fail("mutability", `"${label}" is immutable and already has a value`);
  }
  return ok(undefined);
}

/**
 * Whether `def` may become unassigned (RFC 7644 §3.5.2.2: removing a required or read-only
 * attribute fails with `mutability`; an immutable one with a value cannot be changed either).
 */
export function assertRemovable(def: AttributeDefinition, label: string, current: JsonValue | undefined): Result<void> {
  if (def.mutability === "readOnly") return fail("mutability", `"${label}" is read-only`);
  if (def.required) return fail("mutability", `"${label}" is required and cannot be removed`);
  if (def.mutability === "immutable" && !isUnassigned(current)) {
    return fail("mutability", `"${label}" is immutable and already has a value`);
  }
  return ok(undefined);
}
