/** The SCIM resources a provider sees of the application's users and roles (SPEC §4, §5). */
import { createHash } from "node:crypto";
import { isScimObject, type JsonValue, type ScimObject, URN } from "../protocol/resource/scim-object.ts";
import type { RoleRecord, RoleRef, UserRecord } from "./model.ts";
import type { MemberRef } from "./ports.ts";

/** Attributes Roster computes; whatever a client stored under these names is never shown. */
const COMPUTED = new Set(["schemas", "id", "meta", "groups", "members", "userName", "externalId", "active"]);

function sameProvider(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** The user's external id for `provider`, if it has one. */
export function externalIdFor(
  ids: readonly { provider: string; value: string }[],
  provider: string,
): string | undefined {
  return ids.find((id) => sameProvider(id.provider, provider))?.value;
}

/** SPEC §4: the `userName` seen through `provider`: its external id there, else its email, else its Id. */
export function userNameFor(user: UserRecord, provider: string): string {
  return externalIdFor(user.externalIds, provider) ?? user.email ?? user.id;
}

/**
 * `id` as one percent-encoded URL path segment. Never throws: a lone surrogate (which input
 * parsing refuses, so no stored id holds one) would be encoded as U+FFFD rather than make
 * `encodeURIComponent` throw a URIError.
 */
export function pathSegment(id: string): string {
  try {
    // The common case: well-formed text, encoded without first scanning it for surrogates.
    return encodeURIComponent(id);
  } catch {
    return encodeURIComponent(id.replace(/\p{Cs}/gu, "\uFFFD"));
  }
}

/** `W/"<version>"`, the weak ETag of a resource version (RFC 7644 §3.14); a Group's ETag. */
export function etag(version: number): string {
  return `W/"${version}"`;
}

/** The roles a user holds, as its `groups` show them: directly, and through nesting. */
export interface HeldRoles {
  readonly direct: readonly RoleRef[];
  readonly indirect: readonly RoleRef[];
}

/** Holds nothing. */
export const NO_ROLES: HeldRoles = Object.freeze({ direct: [], indirect: [] });

/**
 * The ETag of a user's resource (RFC 7644 §3.14): `W/"<version>"` while it shows no groups,
 * else `W/"<version>-<digest>"`, the digest covering every group it shows (Id, display name,
 * direct or indirect). The version covers the user's own attributes and its direct
 * memberships; the digest covers what other writes change without touching the user: a
 * role's rename, nesting that adds or removes indirect groups. So a representation that
 * changed never keeps an old tag, and a rename of a role with 100,000 members rewrites none
 * of them (docs/scim-protocol.md).
 */
export function userEtag(user: UserRecord, roles: HeldRoles): string {
  if (roles.direct.length === 0 && roles.indirect.length === 0) return etag(user.version);
  const shown = [roles.direct, roles.indirect].map((refs) => refs.map((r) => [r.id, r.displayName]));
  const digest = createHash("sha256").update(JSON.stringify(shown)).digest("base64url").slice(0, 16);
  return `W/"${user.version}-${digest}"`;
}

function withoutComputed(resource: ScimObject | null): Record<string, JsonValue> {
  const copy: Record<string, JsonValue> = {};
  for (const [key, value] of Object.entries(resource ?? {})) {
    if (!COMPUTED.has(key)) copy[key] = value;
  }
  return copy;
}

/** The attributes of a user made by hand, as SCIM would have written them. */
function synthesizedUser(user: UserRecord): Record<string, JsonValue> {
  const attributes: Record<string, JsonValue> = {};
  if (user.firstName || user.lastName) {
    attributes["name"] = {
      ...(user.firstName ? { givenName: user.firstName } : {}),
      ...(user.lastName ? { familyName: user.lastName } : {}),
    };
  }
  if (user.email) attributes["emails"] = [{ value: user.email, type: "work", primary: true }];
  if (user.phone) attributes["phoneNumbers"] = [{ value: user.phone, type: "work" }];
  return attributes;
}

/** The `schemas` of a resource: its core schema and every extension whose attributes it holds. */
export function schemasOf(attributes: Record<string, JsonValue>, core: string): string[] {
  return [core, ...Object.keys(attributes).filter((key) => key.startsWith("urn:") && isScimObject(attributes[key]))];
}

/** The stored attributes of a user as seen through `provider`, without id, meta and groups. */
export function userAttributes(user: UserRecord, provider: string): Record<string, JsonValue> {
  const attributes = user.scim ? withoutComputed(user.scim) : synthesizedUser(user);
  // `active` shows the user's state (which the management API may change too), unless the
  // provider's last write left it unassigned (a PATCH `remove`): RFC 7644 §3.5.2.2 makes it
  // absent then. POST and PUT store the state they keep as the default (docs/provisioning.md).
  const assigned = user.scim === null || Object.hasOwn(user.scim, "active");
  return {
    userName: userNameFor(user, provider),
    ...(user.b2cId ? { externalId: user.b2cId } : {}),
    ...attributes,
    ...(assigned ? { active: user.active } : {}),
  };
}

/** The full SCIM User resource of `user` through `provider`, with its direct and indirect groups. */
export function userResource(user: UserRecord, provider: string, roles: HeldRoles, baseUrl: string): ScimObject {
  const attributes = userAttributes(user, provider);
  const group = (role: RoleRef, type: string) => ({
    value: role.id,
    $ref: `${baseUrl}/Groups/${pathSegment(role.id)}`,
    display: role.displayName,
    type,
  });
  const groups = [...roles.direct.map((r) => group(r, "direct")), ...roles.indirect.map((r) => group(r, "indirect"))];
  return {
    schemas: schemasOf(attributes, URN.user),
    id: user.id,
    ...attributes,
    ...(groups.length ? { groups } : {}),
    meta: {
      resourceType: "User",
      created: user.createdAt,
      lastModified: user.modifiedAt,
      location: `${baseUrl}/Users/${pathSegment(user.id)}`,
      version: userEtag(user, roles),
    },
  };
}

/** The stored attributes of a role as seen through `provider`, without id, meta and members. */
export function groupAttributes(role: RoleRecord, provider: string): Record<string, JsonValue> {
  const externalId = externalIdFor(role.externalIds, provider);
  const attributes = withoutComputed(role.scim);
  return {
    ...attributes,
    displayName: role.displayName,
    ...(externalId ? { externalId } : {}),
  };
}

/** The full SCIM Group resource of `role` through `provider`; `members` only when they were read. */
export function groupResource(
  role: RoleRecord,
  provider: string,
  members: readonly MemberRef[] | undefined,
  baseUrl: string,
): ScimObject {
  const attributes = groupAttributes(role, provider);
  return {
    schemas: schemasOf(attributes, URN.group),
    id: role.id,
    ...attributes,
    ...(members?.length ? { members: memberValues(members, baseUrl) } : {}),
    meta: {
      resourceType: "Group",
      created: role.createdAt,
      lastModified: role.modifiedAt,
      location: `${baseUrl}/Groups/${pathSegment(role.id)}`,
      version: etag(role.version),
    },
  };
}

/** The `members` values of a Group resource for these user members (RFC 7643 §4.2). */
export function memberValues(members: readonly MemberRef[], baseUrl: string): ScimObject[] {
  return members.map((m) => ({
    value: m.id,
    $ref: `${baseUrl}/Users/${pathSegment(m.id)}`,
    display: m.display,
    type: "User",
  }));
}

/**
 * A Group resource read without its members, with `members` (when not empty) where
 * `groupResource` puts them: after the attributes, before `meta`. So
 * `withMembers(groupResource(r, p, undefined, b), memberValues(m, b))` equals `groupResource(r, p, m, b)`.
 */
export function withMembers(resource: ScimObject, members: readonly JsonValue[]): ScimObject {
  if (members.length === 0) return resource;
  const { meta, ...rest } = resource;
  return meta === undefined ? { ...rest, members } : { ...rest, members, meta };
}
