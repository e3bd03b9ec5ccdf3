/**
 * The console's navigation: the sections of a tenant, in the order the tabs show them. Every
 * section listed here is a screen that exists. The provisioning log, the events and webhooks,
 * and the migration screens (SPEC §11, §12) join this list, as one entry each, once their
 * routes exist.
 */
import { consolePaths } from "./console-paths.ts";

/** A section of a tenant's pages. */
export interface TenantSection {
  readonly id: string;
  readonly label: string;
  readonly href: (tenantId: string) => string;
}

/** The tabs of a tenant. */
export const TENANT_SECTIONS: readonly TenantSection[] = Object.freeze([
  { id: "overview", label: "Overview", href: (t: string) => consolePaths.tenant(t) },
  { id: "users", label: "Users", href: (t: string) => consolePaths.users(t) },
  { id: "roles", label: "Roles", href: (t: string) => consolePaths.roles(t) },
]);

/** The id of a tenant section. */
export type TenantSectionId = (typeof TENANT_SECTIONS)[number]["id"];
