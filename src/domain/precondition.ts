/** Conditional writes (RFC 7644 §3.14): the client's If-Match / If-None-Match against a stored version. */
import { entityTagMatches } from "../protocol/entity-tag.ts";
import { RosterError } from "../protocol/errors.ts";
import type { WritePrecondition } from "./scim-operations.ts";

/**
 * Throws `preconditionFailed` (412) unless `precondition` holds for an existing resource whose
 * ETag is `current` (read inside the write's transaction): If-Match must match it,
 * If-None-Match must not (RFC 7232 §3.1, §3.2).
 */
export function assertPrecondition(precondition: WritePrecondition | undefined, current: string): void {
  if (precondition === undefined) return;
  const { ifMatch, ifNoneMatch } = precondition;
  if (ifMatch !== undefined && !entityTagMatches(ifMatch, current)) {
    throw new RosterError(
      "preconditionFailed",
      `Failed to update: the resource has changed, its version is ${current}`,
    );
  }
  if (ifNoneMatch !== undefined && entityTagMatches(ifNoneMatch, current)) {
    throw new RosterError("preconditionFailed", `The resource matches If-None-Match (version ${current})`);
  }
}

/** True when `precondition` sets a condition at all. */
export function hasPrecondition(precondition: WritePrecondition | undefined): boolean {
  return precondition?.ifMatch !== undefined || precondition?.ifNoneMatch !== undefined;
}
