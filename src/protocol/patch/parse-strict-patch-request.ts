/** Parses a PatchOp request body in strict RFC 7644 §3.5.2 form into typed operations. */
import { fail, ok, type Result, RosterError } from "../errors.ts";
import { parsePatchPath } from "../path/parse-patch-path.ts";
import type { PatchPath } from "../path/patch-path.ts";
import { copyJson } from "../resource/safe-json.ts";
import { isScimObject, type ScimObject, URN } from "../resource/scim-object.ts";
import type { PatchOperation } from "./patch-operation.ts";
import { getKey } from "./safe-object.ts";

/**
 * The most operations one PATCH request may carry. More is refused with `payloadTooLarge`
 * (413), as RFC 7644 §3.7.4 answers a Bulk request over its `maxOperations`; identity
 * providers send a handful, and Entra ID batches group members by the tens.
 */
export const MAX_PATCH_OPERATIONS = 1000;

const OPS: ReadonlySet<string> = new Set(["add", "remove", "replace"]);

/**
 * Parses a PATCH body (RFC 7644 §3.5.2) as the RFC writes it; providers' dialects are
 * rewritten before, by `normalizePatchRequest` (see `parsePatchRequest`). Guarantees: `schemas`
 * holds the PatchOp URN and `Operations` is a non-empty array of at most
 * `MAX_PATCH_OPERATIONS` (`invalidSyntax` otherwise; member names are case-insensitive, RFC 7643
 * §2.1); each `op` is exactly "add", "remove" or "replace" (`invalidSyntax`); each `path`
 * parses (`invalidPath`, or `invalidFilter` for a bad value filter, RFC 7644 §3.12 "PATCH (Path
 * Filter)"); add and replace carry a `value` (`invalidValue`, RFC 7644 §3.5.2.1, §3.12 "a
 * required value was missing"), which must be an object when `path` is absent; remove has a
 * `path` (`noTarget`, RFC 7644 §3.5.2.2) and no `value` (`invalidValue`: §3.5.2.2 defines none,
 * and ignoring one would turn "remove these members" into "remove every member"); a null
 * `path` or `value` counts as absent (RFC 7643 §2.5). Values are copied, JSON-only, and free
 * of prototype keys.
 */
export function parseStrictPatchRequest(body: unknown): Result<readonly PatchOperation[]> {
  if (!isScimObject(body)) return fail("invalidSyntax", "a PATCH body must be a JSON object");
  const schemas = getKey(body, "schemas");
  if (!Array.isArray(schemas) || !schemas.some((urn) => isUrn(urn, URN.patchOp))) {
    return fail("invalidSyntax", `a PATCH body must list "${URN.patchOp}" in "schemas"`);
  }
  const operations = getKey(body, "Operations");
  if (!Array.isArray(operations) || operations.length === 0) {
    return fail("invalidSyntax", `"Operations" must be a non-empty array`);
  }
  if (operations.length > MAX_PATCH_OPERATIONS) {
    return fail("payloadTooLarge", `a PATCH request may carry at most ${MAX_PATCH_OPERATIONS} operations`);
  }
  const parsed: PatchOperation[] = [];
  for (const [index, operation] of operations.entries()) {
    const result = parseOperation(operation);
    if (!result.ok) {
      const { code, message } = result.error;
      return { ok: false, error: new RosterError(code, `Operations[${index}]: ${message}`, { cause: result.error }) };
    }
    parsed.push(result.value);
  }
  return ok(Object.freeze(parsed));
}

function parseOperation(operation: unknown): Result<PatchOperation> {
  if (!isScimObject(operation)) return fail("invalidSyntax", "each operation must be a JSON object");
  const op = getKey(operation, "op");
  if (typeof op !== "string" || !OPS.has(op)) return fail("invalidSyntax", `"op" must be "add", "remove" or "replace"`);
  const path = parsePath(operation);
  if (!path.ok) return path;
  const value = parseValue(operation);
  if (!value.ok) return value;
  if (op === "remove") {
    if (path.value === undefined) return fail("noTarget", `"remove" requires a "path"`);
    if (value.value !== undefined && value.value !== null) {
      return fail("invalidValue", `"remove" takes no "value"; select the values to remove with a filter in "path"`);
    }
    return ok(Object.freeze({ op, path: path.value, value: undefined }));
  }
  if (value.value === undefined) return fail("invalidValue", `"${op}" requires a "value"`);
  if (path.value === undefined && !isScimObject(value.value)) {
    return fail("invalidValue", `"${op}" without "path" requires an object "value"`);
  }
  return ok(Object.freeze({ op: op as "add" | "replace", path: path.value, value: value.value }));
}

function parsePath(operation: ScimObject): Result<PatchPath | undefined> {
  const text = getKey(operation, "path");
  // Some clients send "path": null or "" for a path-less operation.
  if (text === undefined || text === null || (typeof text === "string" && text.trim() === "")) return ok(undefined);
  if (typeof text !== "string") return fail("invalidPath", `"path" must be a string`);
  const parsed = parsePatchPath(text);
  if (parsed.ok) return parsed;
  const { code, message } = parsed.error;
  return { ok: false, error: new RosterError(code, `"path" is not valid: ${message}`, { cause: parsed.error }) };
}

function parseValue(operation: ScimObject): Result<PatchOperation["value"]> {
  const value: unknown = getKey(operation, "value");
  return value === undefined ? ok(undefined) : copyJson(value, "value");
}

function isUrn(value: unknown, urn: string): boolean {
  return typeof value === "string" && value.toLowerCase() === urn.toLowerCase();
}
