/**
 * The payloads of SPEC §11's change events (`Data` of the envelope), in the §9 shapes, and the
 * diffs that say what changed. Values of SCIM attributes never appear: only their paths.
 */
import { isDeepStrictEqual } from "node:util";
import { RosterError } from "../protocol/errors.ts";
import { isScimObject, type JsonValue, type ScimObject } from "../protocol/resource/scim-object.ts";
import type { RoleRecord, UserRecord } from "./model.ts";
import type { AccessSnapshot } from "./ports.ts";

/** Every event type Roster writes (SPEC §11, plus `role.updated` for a role's external ids). */
export const EVENT_TYPES = Object.freeze([
  "user.created",
  "user.updated",
  "user.deactivated",
  "user.reactivated",
  "user.deleted",
  "role.created",
  "role.renamed",
  "role.updated",
  "role.deleted",
  "role.nested",
  "role.unnested",
  "membership.added",
  "membership.removed",
  "access.changed",
] as const);

/** An event type. */
export type EventType = (typeof EVENT_TYPES)[number];

/** True for a known event type. */
export function isEventType(value: string): value is EventType {
  return (EVENT_TYPES as readonly string[]).includes(value);
}

/** A user in events: the §9 user without `Roles`/`RoleSources` (roles travel in membership and access events). */
export function userEventJson(user: UserRecord): Record<string, unknown> {
  return {
    Id: user.id,
    Email: user.email,
    FirstName: user.firstName,
    LastName: user.lastName,
    Phone: user.phone,
    B2CId: user.b2cId,
    ExternalIds: user.externalIds.map((x) => ({ Provider: x.provider, Value: x.value })),
    Active: user.active,
    CreatedAt: user.createdAt,
    UpdatedAt: user.modifiedAt,
  };
}

/** A role in events: the §9 role without `Roles` (nesting travels in role.nested / role.unnested). */
export function roleEventJson(role: RoleRecord): Record<string, unknown> {
  return {
    Id: role.id,
    DisplayName: role.displayName,
    ExternalIds: role.externalIds.map((x) => ({ Provider: x.provider, Value: x.value })),
    RoleType: role.roleType,
    CreatedAt: role.createdAt,
    UpdatedAt: role.modifiedAt,
  };
}

const USER_FIELDS: readonly [string, (user: UserRecord) => unknown][] = [
  ["Email", (u) => u.email],
  ["FirstName", (u) => u.firstName],
  ["LastName", (u) => u.lastName],
  ["Phone", (u) => u.phone],
  ["B2CId", (u) => u.b2cId],
  ["ExternalIds", (u) => u.externalIds.map((x) => [x.provider.toLowerCase(), x.value])],
];

/** The §9 fields of a user that differ (Active apart: it has its own events). */
export function changedUserFields(before: UserRecord, after: UserRecord): string[] {
  return USER_FIELDS.filter(([, read]) => !isDeepStrictEqual(read(before), read(after))).map(([name]) => name);
}

/**
 * The attribute paths that differ between two SCIM attribute sets: a top-level attribute, or
 * `parent.sub` for a sub-attribute of a single complex one (`name.givenName`, and the
 * extension's `urn:…:User.department`); a multi-valued attribute by its name. Sorted.
 */
export function changedAttributePaths(before: ScimObject | null, after: ScimObject | null): string[] {
  const paths: string[] = [];
  const a = before ?? {};
  const b = after ?? {};
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = a[key];
    const y = b[key];
    if (isDeepStrictEqual(x, y)) continue;
    if (isComplex(x) || isComplex(y)) {
      const xs = isComplex(x) ? x : {};
      const ys = isComplex(y) ? y : {};
      for (const sub of new Set([...Object.keys(xs), ...Object.keys(ys)])) {
        if (!isDeepStrictEqual(xs[sub], ys[sub])) paths.push(`${key}.${sub}`);
      }
    } else paths.push(key);
  }
  return paths.sort();
}

function isComplex(value: JsonValue | undefined): value is ScimObject {
  return value !== undefined && isScimObject(value);
}

/** What SPEC §9's access answer says, by role Id: an inactive (or deleted) user holds nothing. */
export interface AccessJsonShape {
  readonly Active: boolean;
  readonly Direct: readonly string[];
  readonly Indirect: readonly string[];
}

const NO_ACCESS: AccessJsonShape = Object.freeze({ Active: false, Direct: [], Indirect: [] });

/** The access answer of a snapshot (NO_ACCESS for a user that no longer exists). */
export function effectiveAccess(snapshot: AccessSnapshot | undefined): AccessJsonShape {
  if (snapshot === undefined || !snapshot.active) return NO_ACCESS;
  return {
    Active: true,
    Direct: [...snapshot.direct.keys()].sort(),
    Indirect: [...snapshot.indirect].sort(),
  };
}

/** Checks event type names: known ones, each once. */
export function parseEventTypes(types: readonly string[] | null | undefined, field = "Events"): string[] | null {
  if (types === undefined || types === null) return null;
  const unknown = types.filter((type) => !isEventType(type));
  if (unknown.length > 0) {
    throw new RosterError(
      "invalidValue",
      `unknown event type ${JSON.stringify(unknown[0])}; known types: ${EVENT_TYPES.join(", ")}`,
      { field },
    );
  }
  if (types.length === 0)
    throw new RosterError("invalidValue", `${field} must name at least one type, or be absent for all`, { field });
  return [...new Set(types)];
}
