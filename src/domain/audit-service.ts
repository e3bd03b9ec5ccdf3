/**
 * SPEC §12's migration audit: what a migration to SCIM will do, or did, to a tenant. Four
 * findings, each from set-based queries (AuditStore), never a query per user:
 * - users whose roles granted by hand SCIM will drop (the seed's "Existing user with manual
 *   roles"): under `ManualRoles` = replace, a user a provider has linked loses them at that
 *   provider's next write of the user; one no provider has linked yet, at the write after the
 *   first sync (which merges). Under `keep` none is dropped, and the report says so;
 * - hand-made roles no SCIM group adopted, each with the SCIM groups whose names nearly match
 *   (near-match.ts: the seed's "Store Managers" vs "Store Manager");
 * - users no provider has linked (not assigned to the application in the identity provider);
 * - users and roles linked by more than one provider.
 */
import { RosterError } from "../protocol/errors.ts";
import { tenantNotFound } from "./admin-access.ts";
import { keysNearlyMatch, nameKey } from "./near-match.ts";
import type { Store } from "./ports.ts";
import { type ManualRolesRule, readTenantSettings } from "./tenant-settings.ts";

/** When SCIM drops a user's hand-granted roles. */
export type DropMoment = "next-write" | "after-first-sync";

/** A user whose roles granted by hand SCIM will drop. */
export interface ManualRolesToDrop {
  readonly userId: string;
  readonly roleIds: readonly string[];
  /** The providers that link the user; none when none has provisioned it yet. */
  readonly providers: readonly string[];
  readonly when: DropMoment;
}

/** A hand-made role no SCIM group adopted, and the SCIM roles whose names nearly match. */
export interface UnadoptedRole {
  readonly roleId: string;
  readonly displayName: string;
  readonly nearMatches: readonly string[];
}

/** A user or role linked by several providers. */
export interface MultiProviderLink {
  readonly kind: "User" | "Role";
  readonly id: string;
  readonly providers: readonly string[];
}

/** How many of each finding there are in all (the lists stop at the report's limit). */
export interface AuditCounts {
  readonly manualRolesToDrop: number;
  readonly unadoptedRoles: number;
  readonly unlinkedUsers: number;
  readonly multiProvider: number;
}

/** The audit of one tenant. */
export interface AuditReport {
  readonly tenantId: string;
  /** The rule in force for roles granted by hand. */
  readonly manualRoles: ManualRolesRule;
  readonly manualRolesToDrop: readonly ManualRolesToDrop[];
  readonly unadoptedRoles: readonly UnadoptedRole[];
  readonly unlinkedUsers: readonly string[];
  readonly multiProvider: readonly MultiProviderLink[];
  readonly counts: AuditCounts;
  /** The most entries a list holds. */
  readonly limit: number;
}

/** The default and largest number of entries per list. */
export const AUDIT_LIMIT = Object.freeze({ default: 1000, max: 100_000 });

/** True when the audit found anything (`--fail-on-findings` exits 3 then). */
export function hasFindings(report: AuditReport): boolean {
  const { manualRolesToDrop, unadoptedRoles, unlinkedUsers, multiProvider } = report.counts;
  return manualRolesToDrop + unadoptedRoles + unlinkedUsers + multiProvider > 0;
}

/** Audits tenants; the CLI, the API and the console call the same method. */
export class AuditService {
  constructor(private readonly store: Store) {}

  /** The report of `tenantId`, each list cut at `limit` entries (Ids in code-point order); `notFound` for no tenant. */
  async audit(tenantId: string, limit: number = AUDIT_LIMIT.default): Promise<AuditReport> {
    if (!Number.isInteger(limit) || limit < 1 || limit > AUDIT_LIMIT.max) {
      throw new RosterError("invalidValue", `limit must be a whole number from 1 to ${AUDIT_LIMIT.max}`, {
        field: "limit",
      });
    }
    return this.store.snapshot(async (reader) => {
      const tenant = await reader.tenants.get(tenantId);
      if (tenant === undefined) throw tenantNotFound(tenantId);
      const rule = readTenantSettings(tenant.settings).manualRoles;
      const manual = rule === "keep" ? { total: 0, items: [] } : await reader.audit.manualHolders(tenantId, limit);
      const roles = await reader.audit.roleSummaries(tenantId);
      const adopted = roles
        .filter((role) => role.adopted)
        .map((role) => ({ id: role.id, key: nameKey(role.displayName) }));
      const unadopted = roles.filter((role) => !role.adopted);
      const unlinked = await reader.audit.unlinkedUsers(tenantId, limit);
      const users = await reader.audit.multiProvider(tenantId, "User", limit);
      const linkedRoles = await reader.audit.multiProvider(tenantId, "Role", limit);
      const multiProvider: MultiProviderLink[] = [
        ...linkedRoles.items.map((r) => ({ kind: "Role" as const, id: r.id, providers: r.providers })),
        ...users.items.map((u) => ({ kind: "User" as const, id: u.id, providers: u.providers })),
      ].slice(0, limit);
      return {
        tenantId,
        manualRoles: rule,
        manualRolesToDrop: manual.items.map((holder) => ({
          userId: holder.userId,
          roleIds: holder.roleIds,
          providers: holder.providers,
          when: holder.providers.length > 0 ? "next-write" : "after-first-sync",
        })),
        unadoptedRoles: unadopted.slice(0, limit).map((role) => {
          const key = nameKey(role.displayName);
          const nearMatches = adopted.filter((other) => keysNearlyMatch(key, other.key)).map((other) => other.id);
          return { roleId: role.id, displayName: role.displayName, nearMatches };
        }),
        unlinkedUsers: unlinked.items,
        multiProvider,
        counts: {
          manualRolesToDrop: manual.total,
          unadoptedRoles: unadopted.length,
          unlinkedUsers: unlinked.total,
          multiProvider: users.total + linkedRoles.total,
        },
        limit,
      };
    });
  }
}
