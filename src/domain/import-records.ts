/**
 * The records an import writes (SPEC §12): new ones from a line, and in a merge the stored
 * record with the line applied. Merge rules (docs/migration.md): records match by Id; the
 * line wins for every field it carries; nothing is taken away: external ids of other providers,
 * roles held and roles contained that the line does not name stay; SCIM attributes stay unless
 * the line carries its own. A record the merge changes keeps its CreatedAt and gets the import's
 * time as UpdatedAt and a new version; a record it creates keeps the line's timestamps.
 */
import { isDeepStrictEqual } from "node:util";
import type { ImportedRole, ImportedUser } from "./import-lines.ts";
import type { ExternalId, RoleAssignment, RoleRecord, UserRecord } from "./model.ts";
import type { StoredUser } from "./ports.ts";

/** The role type of a role a line without RoleType creates: SCIM's for SCIM attributes, else a hand-made role's. */
function defaultRoleType(line: ImportedRole): string {
  return line.scim === undefined ? "Role" : "Group";
}

/** A role made from its line. */
export function newRole(line: ImportedRole, now: string): RoleRecord {
  const createdAt = line.createdAt ?? now;
  return {
    id: line.id,
    displayName: line.displayName,
    externalIds: line.externalIds ?? [],
    roleType: line.roleType ?? defaultRoleType(line),
    scim: line.scim?.resource ?? null,
    scimProvider: line.scim?.provider ?? null,
    createdAt,
    modifiedAt: line.updatedAt ?? createdAt,
    version: 1,
  };
}

/** A user made from its line. */
export function newUser(line: ImportedUser, now: string): UserRecord {
  const createdAt = line.createdAt ?? now;
  return {
    id: line.id,
    email: line.email ?? null,
    firstName: line.firstName ?? null,
    lastName: line.lastName ?? null,
    phone: line.phone ?? null,
    b2cId: line.b2cId ?? null,
    externalIds: line.externalIds ?? [],
    active: line.active ?? true,
    scim: line.scim?.resource ?? null,
    scimProvider: line.scim?.provider ?? null,
    createdAt,
    modifiedAt: line.updatedAt ?? createdAt,
    version: 1,
  };
}

/** `stored` with each provider the line names set to the line's value; other providers' ids stay. */
export function mergeExternalIds(
  stored: readonly ExternalId[],
  given: readonly ExternalId[] | undefined,
): ExternalId[] {
  if (given === undefined) return [...stored];
  const named = new Set(given.map((id) => id.provider.toLowerCase()));
  return [...stored.filter((id) => !named.has(id.provider.toLowerCase())), ...given];
}

function sameExternalIds(a: readonly ExternalId[], b: readonly ExternalId[]): boolean {
  const key = (ids: readonly ExternalId[]) =>
    ids.map((id) => `${id.provider}\u0000${id.value}`).sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  return isDeepStrictEqual(key(a), key(b));
}

/** A merge of one record: the record as it will be, and whether anything changed. */
export interface Merged<T> {
  readonly record: T;
  readonly changed: boolean;
}

/** The stored role with its line applied, and the roles the line adds to what it contains. */
export function mergeRole(
  stored: RoleRecord,
  storedChildren: readonly string[],
  line: ImportedRole,
  now: string,
): Merged<RoleRecord> & { readonly addedChildren: readonly string[] } {
  const contained = new Set(storedChildren);
  const addedChildren = (line.children ?? []).filter((id) => !contained.has(id));
  const next = {
    displayName: line.displayName,
    externalIds: mergeExternalIds(stored.externalIds, line.externalIds),
    roleType: line.roleType ?? stored.roleType,
    scim: line.scim === undefined ? stored.scim : line.scim.resource,
    scimProvider: line.scim === undefined ? stored.scimProvider : line.scim.provider,
  };
  const changed =
    addedChildren.length > 0 ||
    next.displayName !== stored.displayName ||
    next.roleType !== stored.roleType ||
    next.scimProvider !== stored.scimProvider ||
    !isDeepStrictEqual(next.scim, stored.scim) ||
    !sameExternalIds(next.externalIds, stored.externalIds);
  return {
    record: changed ? { ...stored, ...next, modifiedAt: now, version: stored.version + 1 } : stored,
    changed,
    addedChildren,
  };
}

/** The stored user with its line applied, and the assignments to add or whose source to set. */
export function mergeUser(
  stored: StoredUser,
  line: ImportedUser,
  now: string,
): Merged<UserRecord> & { readonly assignments: readonly RoleAssignment[] } {
  const { user } = stored;
  const held = new Map(stored.roles.map((a) => [a.roleId, a]));
  const assignments = (line.roles ?? []).filter((a) => {
    const current = held.get(a.roleId);
    return current === undefined || current.source !== a.source || current.provider !== a.provider;
  });
  const pick = <T>(given: T | undefined, current: T): T => (given === undefined ? current : given);
  const next = {
    email: pick(line.email, user.email),
    firstName: pick(line.firstName, user.firstName),
    lastName: pick(line.lastName, user.lastName),
    phone: pick(line.phone, user.phone),
    b2cId: pick(line.b2cId, user.b2cId),
    externalIds: mergeExternalIds(user.externalIds, line.externalIds),
    active: pick(line.active, user.active),
    scim: line.scim === undefined ? user.scim : line.scim.resource,
    scimProvider: line.scim === undefined ? user.scimProvider : line.scim.provider,
  };
  const changed =
    assignments.length > 0 ||
    next.email !== user.email ||
    next.firstName !== user.firstName ||
    next.lastName !== user.lastName ||
    next.phone !== user.phone ||
    next.b2cId !== user.b2cId ||
    next.active !== user.active ||
    next.scimProvider !== user.scimProvider ||
    !isDeepStrictEqual(next.scim, user.scim) ||
    !sameExternalIds(next.externalIds, user.externalIds);
  return {
    record: changed ? { ...user, ...next, modifiedAt: now, version: user.version + 1 } : user,
    changed,
    assignments,
  };
}
