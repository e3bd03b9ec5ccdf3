/** The application's identity model (SPEC §3): tenants, users, roles. */
import type { ScimObject } from "../protocol/resource/scim-object.ts";

/** An identifier written by one identity provider; `provider` keeps the case it was first written in. */
export interface ExternalId {
  readonly provider: string;
  readonly value: string;
}

/** A tenant and its settings (raw strings; `tenant-settings.ts` knows their meaning). */
export interface TenantRecord {
  readonly id: string;
  readonly createdAt: string;
  readonly settings: Readonly<Record<string, string>>;
  /** Set while SCIM writes are paused (SPEC §9, the seed's rollback); null otherwise. */
  readonly pause: TenantPause | null;
  /** Grows with every change of the tenant's settings or pause, for ETags. */
  readonly version: number;
}

/** A tenant's pause: since when, and the `Retry-After` its SCIM writes answer with. */
export interface TenantPause {
  readonly since: string;
  readonly retryAfterSeconds: number;
}

/** A management API key (SPEC §9); only the SHA-256 of the key itself is ever stored. */
export interface AdminKeyRecord {
  readonly id: string;
  readonly name: string;
  /** The one tenant a scoped key sees; null for a global key. */
  readonly tenantId: string | null;
  readonly readOnly: boolean;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
}

/**
 * A signed-in session of the web console (SPEC §13), made with an admin key. Only the SHA-256
 * of the session's secret (the cookie) is stored, as `id`.
 */
export interface ConsoleSessionRecord {
  readonly id: string;
  /** The admin key the session was opened with; the session ends when the key is revoked. */
  readonly keyId: string;
  readonly createdAt: string;
  /** The last request seen (recorded at most once a minute). */
  readonly lastSeenAt: string;
  /** When the session ends unless used again: the earlier of its idle and absolute limits. */
  readonly expiresAt: string;
}

/** One of a tenant's SCIM bearer tokens (SPEC §9 token rotation), stored as its SHA-512 hash. */
export interface ScimTokenRecord {
  readonly id: string;
  /** Upper-case hex SHA-512 of the token, as `roster token generate` and the seed's script print it. */
  readonly hash: string;
  readonly createdAt: string;
  /** When the token stops opening SCIM; null for a token without expiry. */
  readonly expiresAt: string | null;
  readonly lastUsedAt: string | null;
}

/** SPEC §3 User. */
export interface UserRecord {
  readonly id: string;
  readonly email: string | null;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly phone: string | null;
  readonly b2cId: string | null;
  readonly externalIds: readonly ExternalId[];
  readonly active: boolean;
  /** The SCIM attributes as last received (canonical names, no id/meta/groups); null for a user made by hand. */
  readonly scim: ScimObject | null;
  /**
   * The identity provider whose write `scim` holds (SPEC §12 export `Scim: { <provider>: … }`);
   * null when `scim` is null, and for users last written before migration 005.
   */
  readonly scimProvider: string | null;
  readonly createdAt: string;
  readonly modifiedAt: string;
  readonly version: number;
}

/** How a user came to hold a role directly. */
export interface RoleAssignment {
  readonly roleId: string;
  readonly source: "manual" | "scim";
  /** The provider whose group membership gave the role; null for a hand assignment. */
  readonly provider: string | null;
}

/** SPEC §3 Role. */
export interface RoleRecord {
  readonly id: string;
  readonly displayName: string;
  readonly externalIds: readonly ExternalId[];
  readonly roleType: string;
  /** The SCIM attributes as last received, without id/meta/members; null for a role made by hand. */
  readonly scim: ScimObject | null;
  /** The identity provider whose write `scim` holds; null as for UserRecord.scimProvider. */
  readonly scimProvider: string | null;
  readonly createdAt: string;
  readonly modifiedAt: string;
  readonly version: number;
}

/** A role reference as shown in a user's `groups` or a role's children. */
export interface RoleRef {
  readonly id: string;
  readonly displayName: string;
}

/**
 * A role a user holds, found by walking nesting down from its direct roles: `depth` 0 for a
 * direct role, else the length of a shortest path, with `viaId` the role one step up that path.
 */
export interface ReachedRole {
  readonly id: string;
  readonly displayName: string;
  readonly depth: number;
  /** The role containing this one on a shortest path; null for a direct role. */
  readonly viaId: string | null;
}

/** One nesting below a role: `parentId` contains `child`. */
export interface NestingEdge {
  readonly parentId: string;
  readonly child: RoleRef;
}

/** What a user holds: its direct roles and the roles they contain, at any depth. */
export interface UserAccess {
  readonly active: boolean;
  readonly direct: readonly RoleRef[];
  readonly indirect: readonly RoleRef[];
}

/** The text SCIM shows as a user's `display` in a group's members: its displayName, else its name, else its email, else its Id. */
export function userDisplay(user: UserRecord): string {
  const displayName = user.scim?.["displayName"];
  if (typeof displayName === "string" && displayName !== "") return displayName;
  const name = [user.firstName, user.lastName].filter((part) => part).join(" ");
  return name || user.email || user.id;
}

/**
 * `ids` with `provider`'s entry set to `value` (providers compared case-insensitively), or
 * removed when `value` is undefined; every other provider's entry is kept (SPEC §1, §7).
 */
export function withExternalId(ids: readonly ExternalId[], provider: string, value: string | undefined): ExternalId[] {
  const others = ids.filter((id) => id.provider.toLowerCase() !== provider.toLowerCase());
  return value === undefined ? others : [...others, { provider, value }];
}
