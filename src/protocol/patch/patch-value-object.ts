/** Applies an `add` or `replace` whose value is an object of attributes: path-less, or aimed at a schema URN. */
import { fail, ok, type Result } from "../errors.ts";
import { parsePatchPath } from "../path/parse-patch-path.ts";
import { isScimObject, type JsonValue, type ScimObject } from "../resource/scim-object.ts";
import type { ResourceTypeName } from "../schema/schema-types.ts";
import { isUnassigned, jsonEqual } from "./json-value.ts";
import { applyAdd } from "./patch-add.ts";
import { applyReplace } from "./patch-replace.ts";
import { slotOf } from "./patch-set.ts";
import { readSlot } from "./patch-slot.ts";
import { type PatchTarget, resolveTarget } from "./patch-target.ts";
import { getKey, isForbiddenName } from "./safe-object.ts";

/**
 * Applies each member of `value` as its own `add` or `replace` (RFC 7644 §3.5.2.1, §3.5.2.3:
 * without a path, "the value parameter contains a set of attributes"). `uri`, when given, is the
 * schema URN the path named, and qualifies every key. Keys are attribute names in RFC 7644
 * §3.10 notation, so `"name.givenName"` and `"urn:…:enterprise:2.0:User:manager"` work (Entra
 * ID writes both), and a key that is a schema URN holding an object of that schema's attributes
 * is applied attribute by attribute; a value path with a filter is not an attribute name and
 * fails with `invalidPath` (the `entra-pathless-value-paths` quirk splits such keys into
 * operations of their own before). `schemas` is ignored.
 * A readOnly attribute echoed with its current value, or when the resource has none (Okta sends
 * a group's `id` with its new `displayName`), is ignored; changing one fails with `mutability`.
 */
export function applyValueObject(
  resourceType: ResourceTypeName,
  resource: ScimObject,
  op: "add" | "replace",
  uri: string | undefined,
  value: JsonValue,
): Result<ScimObject> {
  if (!isScimObject(value)) return fail("invalidValue", `"${op}" of a set of attributes takes an object value`);
  let current = resource;
  for (const [key, item] of Object.entries(value)) {
    if (isForbiddenName(key)) return fail("invalidValue", `"${key}" is not an attribute name`);
    if (uri === undefined && key.toLowerCase() === "schemas") continue;
    const path = parsePatchPath(uri === undefined ? key : `${uri}:${key}`);
    if (!path.ok) return path;
    if (path.value.valueFilter !== undefined) {
      return fail("invalidPath", `"${key}" is a value path, not an attribute name; give it as the operation's "path"`);
    }
    const target = resolveTarget(resourceType, path.value);
    if (!target.ok) return target;
    let next: Result<ScimObject>;
    if (target.value.kind === "schema") {
      if (uri !== undefined) return fail("invalidPath", `"${key}" cannot be nested in "${uri}"`);
      next = applyValueObject(resourceType, current, op, target.value.schema.id, item);
    } else if (isReadOnlyEcho(current, target.value, item)) {
      continue;
    } else {
      next = op === "add" ? applyAdd(current, target.value, item) : applyReplace(current, target.value, item);
    }
    if (!next.ok) return next;
    current = next.value;
  }
  return ok(current);
}

function isReadOnlyEcho(resource: ScimObject, target: PatchTarget, value: JsonValue): boolean {
  if (target.kind !== "attribute" || target.filter !== undefined) return false;
  const def = target.sub?.subAttribute ?? target.attr.attribute;
  if (def.mutability !== "readOnly" && target.attr.attribute.mutability !== "readOnly") return false;
  const holder = readSlot(resource, slotOf(target));
  const sub = target.sub?.subAttribute;
  const current = sub === undefined ? holder : isScimObject(holder) ? getKey(holder, sub.name) : undefined;
  return isUnassigned(current) || jsonEqual(current, value);
}
