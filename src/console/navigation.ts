/**
 * The console's navigation: the sections of a tenant, in the order the tabs show them. Every
 * section listed here is a screen that exists.
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
  { id: "log", label: "Provisioning log", href: (t: string) => consolePaths.log(t) },
  { id: "events", label: "Events & webhooks", href: (t: string) => consolePaths.events(t) },
  { id: "migration", label: "Migration", href: (t: string) => consolePaths.migration(t) },
]);

/** The id of a tenant section. */
export type TenantSectionId = (typeof TENANT_SECTIONS)[number]["id"];
