/**
 * SPEC §9's shapes of the application's records, in the seed's PascalCase: the same in the
 * management API, the CLI's `--json` and the export (export-document.ts).
 */
import type { RoleDetails, UserDetails } from "./identity-service.ts";
import type { AdminKeyRecord, ExternalId, RoleAssignment, ScimTokenRecord, TenantRecord, UserAccess } from "./model.ts";
import type { RoleHolder } from "./ports.ts";
import { effectiveTenantSettings } from "./tenant-settings.ts";

/** An external identifier and the identity provider that wrote it. */
export interface ExternalIdJson {
  readonly Provider: string;
  readonly Value: string;
}

/** A user; `Roles` are its direct roles, `RoleSources` how it came to hold each. */
export interface UserJson {
  readonly Id: string;
  readonly Email: string | null;
  readonly FirstName: string | null;
  readonly LastName: string | null;
  readonly Phone: string | null;
  readonly B2CId: string | null;
  readonly ExternalIds: readonly ExternalIdJson[];
  readonly Roles: readonly string[];
  readonly RoleSources: Readonly<Record<string, string>>;
  readonly Active: boolean;
  readonly CreatedAt: string;
  readonly UpdatedAt: string;
}

/** A role; `Roles` are the roles it contains directly. */
export interface RoleJson {
  readonly Id: string;
  readonly DisplayName: string;
  readonly ExternalIds: readonly ExternalIdJson[];
  readonly RoleType: string;
  readonly Roles: readonly string[];
  readonly CreatedAt: string;
  readonly UpdatedAt: string;
}

/** A tenant: the settings in force (null where none), and whether SCIM writes are paused. */
export interface TenantJson {
  readonly Id: string;
  readonly Settings: Readonly<Record<string, string | null>>;
  readonly Paused: boolean;
  /** The `Retry-After` paused SCIM writes answer with; null when not paused. */
  readonly RetryAfterSeconds: number | null;
  /** When the pause began; null when not paused. */
  readonly PausedAt: string | null;
  readonly CreatedAt: string;
}

/** An admin key, never its secret. */
export interface AdminKeyJson {
  readonly Id: string;
  readonly Name: string;
  readonly Tenant: string | null;
  readonly ReadOnly: boolean;
  readonly CreatedAt: string;
  readonly LastUsedAt: string | null;
}

/** A SCIM token, as its hash. */
export interface ScimTokenJson {
  readonly Id: string;
  readonly Hash: string;
  readonly CreatedAt: string;
  readonly ExpiresAt: string | null;
  readonly LastUsedAt: string | null;
}

/** What a user holds, by role Id (an inactive user holds nothing). */
export interface AccessJson {
  readonly Active: boolean;
  readonly Direct: readonly string[];
  readonly Indirect: readonly string[];
}

/** A holder of a role; `Direct` false when held only through nesting. */
export interface MemberJson {
  readonly Id: string;
  readonly Email: string | null;
  readonly Direct: boolean;
}

function externalIdJson(externalId: ExternalId): ExternalIdJson {
  return { Provider: externalId.provider, Value: externalId.value };
}

/** SPEC §9 `RoleSources` value: `manual`, or `scim:<provider>`. */
export function roleSource(assignment: RoleAssignment): string {
  return assignment.source === "manual" ? "manual" : `scim:${assignment.provider ?? ""}`;
}

/** The user with its direct assignments. */
export function userJson({ user, roles }: UserDetails): UserJson {
  return {
    Id: user.id,
    Email: user.email,
    FirstName: user.firstName,
    LastName: user.lastName,
    Phone: user.phone,
    B2CId: user.b2cId,
    ExternalIds: user.externalIds.map(externalIdJson),
    Roles: roles.map((a) => a.roleId),
    RoleSources: Object.fromEntries(roles.map((a) => [a.roleId, roleSource(a)])),
    Active: user.active,
    CreatedAt: user.createdAt,
    UpdatedAt: user.modifiedAt,
  };
}

/** The role with the Ids of the roles it contains. */
export function roleJson({ role, children }: RoleDetails): RoleJson {
  return {
    Id: role.id,
    DisplayName: role.displayName,
    ExternalIds: role.externalIds.map(externalIdJson),
    RoleType: role.roleType,
    Roles: [...children],
    CreatedAt: role.createdAt,
    UpdatedAt: role.modifiedAt,
  };
}

/** The tenant with the settings in force. */
export function tenantJson(tenant: TenantRecord): TenantJson {
  return {
    Id: tenant.id,
    Settings: effectiveTenantSettings(tenant.settings),
    Paused: tenant.pause !== null,
    RetryAfterSeconds: tenant.pause?.retryAfterSeconds ?? null,
    PausedAt: tenant.pause?.since ?? null,
    CreatedAt: tenant.createdAt,
  };
}

/** The admin key's public fields. */
export function adminKeyJson(key: AdminKeyRecord): AdminKeyJson {
  return {
    Id: key.id,
    Name: key.name,
    Tenant: key.tenantId,
    ReadOnly: key.readOnly,
    CreatedAt: key.createdAt,
    LastUsedAt: key.lastUsedAt,
  };
}

/** The SCIM token's public fields. */
export function scimTokenJson(token: ScimTokenRecord): ScimTokenJson {
  return {
    Id: token.id,
    Hash: token.hash,
    CreatedAt: token.createdAt,
    ExpiresAt: token.expiresAt,
    LastUsedAt: token.lastUsedAt,
  };
}

/** The access answer by role Id. */
export function accessJson(access: UserAccess): AccessJson {
  return {
    Active: access.active,
    Direct: access.direct.map((role) => role.id),
    Indirect: access.indirect.map((role) => role.id),
  };
}

/** A holder of a role. */
export function memberJson(holder: RoleHolder): MemberJson {
  return { Id: holder.id, Email: holder.email, Direct: holder.direct };
}
