/** The rules for tenant ids: the `{tenantId}` segment of the SCIM URL (SPEC §1). */
import { fail, ok, type Result } from "../protocol/errors.ts";

/** The longest tenant id Roster accepts. */
export const MAX_TENANT_ID_LENGTH = 64;

const TENANT_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Accepts 1–64 ASCII letters, digits, `-`, `_` and `.`, not `.` or `..` alone: safe in a URL
 * path segment without escaping. Tenant ids are compared exactly (case-sensitively) and kept
 * as given.
 */
export function parseTenantId(value: string): Result<string> {
  if (!TENANT_ID.test(value) || value === "." || value === "..") {
    const shown = value.length > 80 ? `${value.slice(0, 80)}…` : value;
    return fail(
      "invalidValue",
      `invalid tenant id ${JSON.stringify(shown)}: use 1-${MAX_TENANT_ID_LENGTH} letters, digits, '-', '_' or '.'`,
    );
  }
  return ok(value);
}

/** True when `value` is a well-formed tenant id. */
export function isTenantId(value: string): boolean {
  return parseTenantId(value).ok;
}
