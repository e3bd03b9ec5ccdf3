/** Who may do what with an admin key (SPEC §9): tenant scope, global-only routes, read-only keys. */
import { RosterError } from "../protocol/errors.ts";
import type { AdminKeyRecord } from "./model.ts";

/** What a management API operation needs of the key that calls it. */
export interface AdminRequirement {
  /** The tenant the operation reads or changes, when it names one. */
  readonly tenantId?: string | undefined;
  /** Only global keys may call it (admin keys, the tenant collection). */
  readonly globalOnly: boolean;
  /** It changes something: read-only keys may not call it. */
  readonly write: boolean;
}

/** The 404 of a tenant that does not exist, or that the key may not see: the two are indistinguishable. */
export function tenantNotFound(tenantId: string): RosterError {
  return new RosterError("notFound", `tenant ${JSON.stringify(tenantId)} does not exist`);
}

/**
 * Throws unless `key` may perform an operation with `requirement`. A tenant-scoped key asking
 * for another tenant gets that tenant's 404, before anything else is said about it; then
 * global-only operations and writes by read-only keys are `forbidden` (403).
 */
export function assertAdminAccess(key: AdminKeyRecord, requirement: AdminRequirement): void {
  const { tenantId } = requirement;
  if (tenantId !== undefined && key.tenantId !== null && key.tenantId !== tenantId) throw tenantNotFound(tenantId);
  if (requirement.globalOnly && key.tenantId !== null) {
    throw new RosterError("forbidden", `this admin key is scoped to tenant ${JSON.stringify(key.tenantId)}`);
  }
  if (requirement.write && key.readOnly) throw new RosterError("forbidden", "this admin key is read-only");
}
