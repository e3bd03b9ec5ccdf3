/** Applies parsed PATCH operations to a resource, atomically and without mutating it (RFC 7644 §3.5.2). */
import { fail, ok, type Result, RosterError } from "../errors.ts";
import { copyJson } from "../resource/safe-json.ts";
import type { JsonValue, ScimObject } from "../resource/scim-object.ts";
import type { ResourceTypeName } from "../schema/schema-types.ts";
import { applyAdd } from "./patch-add.ts";
import type { PatchOperation } from "./patch-operation.ts";
import { applyRemove, removeSchema } from "./patch-remove.ts";
import { applyReplace } from "./patch-replace.ts";
import { resolveTarget } from "./patch-target.ts";
import { applyValueObject } from "./patch-value-object.ts";

/**
 * The resource after `operations`, applied in order (RFC 7644 §3.5.2). Guarantees:
 * - atomic: "a PATCH request, regardless of the number of operations, SHALL be treated as
 *   atomic"; the first failing operation fails the whole request, naming its index;
 * - pure: `resource` and `operations` are never mutated; untouched parts of the resource are
 *   shared with the result;
 * - values are type-checked and canonicalized against the schema (Entra ID's "False" becomes
 *   false for `active`); extension attributes are kept under their schema URN, which joins or
 *   leaves `schemas` with its first or last attribute;
 * - no key that could reach a prototype is read or written (`invalidPath`/`invalidValue`);
 * - never throws on client input: every failure is a result with an RFC 7644 §3.12 code.
 * `resource` is expected canonical-cased, but attribute names are matched case-insensitively.
 */
export function applyPatch(
  resourceType: ResourceTypeName,
  resource: ScimObject,
  operations: readonly PatchOperation[],
): Result<ScimObject> {
  let current = resource;
  for (const [index, operation] of operations.entries()) {
    const next = applyOperation(resourceType, current, operation);
    if (!next.ok) {
      const { code, message } = next.error;
      return { ok: false, error: new RosterError(code, `Operations[${index}]: ${message}`, { cause: next.error }) };
    }
    current = next.value;
  }
  return ok(current);
}

function applyOperation(
  resourceType: ResourceTypeName,
  resource: ScimObject,
  operation: PatchOperation,
): Result<ScimObject> {
  const { op, path } = operation;
  const copied = operation.value === undefined ? ok(undefined) : copyJson(operation.value, "value");
  if (!copied.ok) return copied;
  const value: JsonValue | undefined = copied.value;
  if (op === "remove") {
    if (path === undefined) return fail("noTarget", `"remove" requires a "path"`);
    const target = resolveTarget(resourceType, path);
    if (!target.ok) return target;
    if (target.value.kind === "schema") return removeSchema(resource, target.value.schema, target.value.core);
    return applyRemove(resource, target.value);
  }
  if (op !== "add" && op !== "replace") return fail("invalidSyntax", `"op" must be "add", "remove" or "replace"`);
  if (value === undefined) return fail("invalidValue", `"${op}" requires a "value"`);
  if (path === undefined) return applyValueObject(resourceType, resource, op, undefined, value);
  const target = resolveTarget(resourceType, path);
  if (!target.ok) return target;
  if (target.value.kind === "schema")
    return applyValueObject(resourceType, resource, op, target.value.schema.id, value);
  return op === "add" ? applyAdd(resource, target.value, value) : applyReplace(resource, target.value, value);
}
