/** Refuses a PATCH whose values break the size limits, before the resource is read (SPEC §14). */
import { fail, ok, type Result, RosterError } from "../errors.ts";
import { checkText, checkUnknownValue, elementLimit, stringLimit } from "../limits.ts";
import { parsePatchPath } from "../path/parse-patch-path.ts";
import type { PatchPath } from "../path/patch-path.ts";
import { isScimObject, type JsonValue } from "../resource/scim-object.ts";
import { findAttribute } from "../schema/resolve-attribute.ts";
import type { AttributeDefinition, ResourceTypeName } from "../schema/schema-types.ts";
import type { PatchOperation } from "./patch-operation.ts";
import { resolveTarget } from "./patch-target.ts";

/**
 * Checks the values of `operations` against the length and element limits of the attributes
 * they target (`src/protocol/limits.ts`), so that an oversized PATCH is refused with
 * `invalidValue` before any database access. Only limits are checked here: types, paths and
 * mutability are left to `applyPatch`, which applies the same limits again while
 * canonicalizing (this check never refuses what `applyPatch` would accept). A group's
 * `members` have no element limit; each member id has the identifier limit.
 */
export function checkPatchLimits(resourceType: ResourceTypeName, operations: readonly PatchOperation[]): Result<void> {
  for (const [index, operation] of operations.entries()) {
    if (operation.value === undefined) continue;
    const checked =
      operation.path === undefined
        ? checkAttributes(resourceType, undefined, operation.value)
        : checkPath(resourceType, operation.path, operation.value);
    if (!checked.ok) {
      const { code, message } = checked.error;
      return { ok: false, error: new RosterError(code, `Operations[${index}]: ${message}`, { cause: checked.error }) };
    }
  }
  return ok(undefined);
}

function checkPath(resourceType: ResourceTypeName, path: PatchPath, value: JsonValue): Result<void> {
  const target = resolveTarget(resourceType, path);
  if (!target.ok) return ok(undefined);
  const resolved = target.value;
  if (resolved.kind === "schema") return checkAttributes(resourceType, resolved.schema.id, value);
  if (resolved.kind === "unknown") return asVoid(checkUnknownValue(value, resolved.name));
  const { attr, sub, filter } = resolved;
  if (sub?.subAttribute !== undefined) return checkValue(sub.subAttribute, sub.canonicalPath, value, true);
  return checkValue(attr.attribute, attr.canonicalPath, value, filter === undefined);
}

/** A path-less value, or the value of a schema URN path: an object of attributes (see applyValueObject). */
function checkAttributes(resourceType: ResourceTypeName, uri: string | undefined, value: JsonValue): Result<void> {
  if (!isScimObject(value)) return ok(undefined);
  for (const [key, item] of Object.entries(value)) {
    if (uri === undefined && key.toLowerCase() === "schemas") continue;
    const path = parsePatchPath(uri === undefined ? key : `${uri}:${key}`);
    if (!path.ok || path.value.valueFilter !== undefined) continue;
    const checked = checkPath(resourceType, path.value, item);
    if (!checked.ok) return checked;
  }
  return ok(undefined);
}

/**
 * Checks `value` for the attribute `def` at `path`; `whole` when it is the attribute's whole
 * value (a list, for a multi-valued attribute) rather than one element of it.
 */
function checkValue(def: AttributeDefinition, path: string, value: JsonValue, whole: boolean): Result<void> {
  if (def.mutability === "readOnly") return ok(undefined);
  if (Array.isArray(value)) {
    if (!(def.multiValued && whole)) return ok(undefined);
    const limit = elementLimit(path);
    if (limit !== undefined && value.length > limit) {
      return fail("invalidValue", `Attribute "${path}" may hold at most ${limit} values`);
    }
    for (const element of value) {
      const checked = checkValue(def, path, element, false);
      if (!checked.ok) return checked;
    }
    return ok(undefined);
  }
  if (typeof value === "string") {
    return def.type === "complex" ? ok(undefined) : asVoid(checkText(value, path, stringLimit(path, def.type)));
  }
  if (!isScimObject(value) || def.type !== "complex") return ok(undefined);
  for (const [key, item] of Object.entries(value)) {
    const sub = findAttribute(def.subAttributes, key);
    const checked =
      sub === undefined
        ? asVoid(checkUnknownValue(item, `${path}.${key}`))
        : checkValue(sub, `${path}.${sub.name}`, item, true);
    if (!checked.ok) return checked;
  }
  return ok(undefined);
}

function asVoid(result: Result<unknown>): Result<void> {
  return result.ok ? ok(undefined) : result;
}
