/**
 * SPEC §12's export document: a header line, then a line per role and per user in the §9 shapes
 * (`record-json.ts`) with their `Kind` and, for records an identity provider wrote, `Scim`: the
 * SCIM attributes Roster keeps of that provider's last write (docs/migration.md, the format).
 */
import type { ScimObject } from "../protocol/resource/scim-object.ts";
import type { RoleDetails, UserDetails } from "./identity-service.ts";
import type { ExternalId, RoleRecord, UserRecord } from "./model.ts";
import { type RoleJson, roleJson, type UserJson, userJson } from "./record-json.ts";

/** The `Format` of every export. */
export const EXPORT_FORMAT = "roster-export";
/** The `Version` this Roster writes and reads. */
export const EXPORT_VERSION = 1;
/** The provider name an export shows for SCIM attributes written before Roster recorded the provider. */
export const UNKNOWN_PROVIDER = "unknown";

/** How many records follow the header. */
export interface ExportCounts {
  readonly Users: number;
  readonly Roles: number;
}

/** The first line. */
export interface ExportHeader {
  readonly Format: typeof EXPORT_FORMAT;
  readonly Version: typeof EXPORT_VERSION;
  readonly Tenant: string;
  readonly ExportedAt: string;
  readonly Counts: ExportCounts;
}

/** `{ <provider>: <the SCIM attributes of its last write> }`: one provider, the one that wrote last. */
export type ScimByProvider = Readonly<Record<string, ScimObject>>;

/** A role line. */
export type RoleLine = { readonly Kind: "Role" } & RoleJson & { readonly Scim?: ScimByProvider };

/** A user line. */
export type UserLine = { readonly Kind: "User" } & UserJson & { readonly Scim?: ScimByProvider };

/** The header of an export of `tenantId` at `exportedAt`. */
export function exportHeader(tenantId: string, exportedAt: string, counts: ExportCounts): ExportHeader {
  return { Format: EXPORT_FORMAT, Version: EXPORT_VERSION, Tenant: tenantId, ExportedAt: exportedAt, Counts: counts };
}

/**
 * The provider of a user's stored SCIM attributes: the recorded one; for users last written
 * before Roster recorded it, the provider whose external id is the resource's `userName` (every
 * SCIM write stores its `userName` as its external id), else the first; else UNKNOWN_PROVIDER.
 */
export function userScimProvider(user: UserRecord): string {
  if (user.scimProvider !== null) return user.scimProvider;
  const userName = user.scim?.["userName"];
  const byName =
    typeof userName === "string"
      ? (user.externalIds.find((id) => id.value === userName) ??
        user.externalIds.find((id) => id.value.toLowerCase() === userName.toLowerCase()))
      : undefined;
  return firstProvider(byName ? [byName] : user.externalIds);
}

/** The provider of a role's stored SCIM attributes: the recorded one, else its first linked provider, else UNKNOWN_PROVIDER. */
export function roleScimProvider(role: RoleRecord): string {
  return role.scimProvider ?? firstProvider(role.externalIds);
}

function firstProvider(ids: readonly ExternalId[]): string {
  return ids[0]?.provider ?? UNKNOWN_PROVIDER;
}

/** The role's line. */
export function roleLine(details: RoleDetails): RoleLine {
  const { role } = details;
  return {
    Kind: "Role",
    ...roleJson(details),
    ...(role.scim === null ? {} : { Scim: { [roleScimProvider(role)]: role.scim } }),
  };
}

/** The user's line. */
export function userLine(details: UserDetails): UserLine {
  const { user } = details;
  return {
    Kind: "User",
    ...userJson(details),
    ...(user.scim === null ? {} : { Scim: { [userScimProvider(user)]: user.scim } }),
  };
}
