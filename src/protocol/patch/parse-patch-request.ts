/** Parses a PatchOp request body as identity providers send it: their quirks rewritten, then the strict RFC 7644 parse. */
import type { Result } from "../errors.ts";
import { normalizePatchRequest, type PatchDialect } from "../quirks/provider-quirks.ts";
import { checkPatchLimits } from "./check-patch-limits.ts";
import { parseStrictPatchRequest } from "./parse-strict-patch-request.ts";
import type { PatchOperation } from "./patch-operation.ts";

export { MAX_PATCH_OPERATIONS } from "./parse-strict-patch-request.ts";

/**
 * Parses a PATCH body (RFC 7644 §3.5.2) from any client: `normalizePatchRequest` first rewrites
 * the known deviations of identity providers (Entra ID's "Replace", its member removals by
 * `value` list, "False" for false…, see `src/protocol/quirks/`), then `parseStrictPatchRequest`
 * applies the RFC with its guarantees and error codes. `dialect` names the resource type and
 * the provider segment when the caller knows them (every SCIM route does); without a resource
 * type, paths are read against each resource type in turn. Every request reaches the strict
 * core through here, so no caller can skip the quirks. With a resource type, the values are
 * also checked against the size limits (`checkPatchLimits`), so an oversized PATCH is refused
 * before the resource is read.
 */
export function parsePatchRequest(body: unknown, dialect: PatchDialect = {}): Result<readonly PatchOperation[]> {
  const operations = parseStrictPatchRequest(normalizePatchRequest(body, dialect));
  if (!operations.ok || dialect.resourceType === undefined) return operations;
  const limits = checkPatchLimits(dialect.resourceType, operations.value);
  return limits.ok ? operations : limits;
}
