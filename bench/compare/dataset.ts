/**
 * The benchmark's data set, the same for every server: user i and group j as an identity
 * provider sends them, which groups each user is in, and the ids every server gives them
 * (Roster's rules: a user's id is its chosen email, a group's id its lower-cased display name
 * without white space). Pure and deterministic, so that every target holds the same tenant.
 */

/** The provider segment of every request (`/scim/v2/{tenant}/{provider}`). */
export const PROVIDER = "EntraID";
/** The tenant segment of every request. */
export const TENANT = "bench";
/** Where each server mounts its SCIM endpoints. */
export const BASE_PATH = `/scim/v2/${TENANT}/${PROVIDER}`;

/** The schema URNs of RFC 7643 §8.7 and the message URNs of RFC 7644 the bodies use. */
export const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
export const ENTERPRISE_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
export const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
export const PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
export const LIST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

/** A JSON body as sent or received. */
export type Json = Record<string, unknown>;

/**
 * Zero-padded to 7 digits (sizes up to 10,000,000): every name of the set then sorts the same
 * by code unit and by locale collation, and no name is a prefix or suffix of another.
 */
export function pad(n: number): string {
  return String(n).padStart(7, "0");
}

/** The users' `userName` (Entra ID's userPrincipalName). */
export function userName(i: number): string {
  return `upn${pad(i)}@corp.example`;
}

/** The users' one (work, primary) email, and so their id. */
export function userEmail(i: number): string {
  return `user${pad(i)}@example.com`;
}

/** The users' `externalId` (Entra ID's objectId): GUID-shaped, one per user. */
export function userExternalId(i: number): string {
  return `5ca1ab1e-0000-4000-8000-${String(i).padStart(12, "0")}`;
}

/** The id every server gives user i. */
export function userId(i: number): string {
  return userEmail(i);
}

/** User i as Entra ID creates it. `prefix` names a disjoint set (created users, the initial sync). */
export function userBody(i: number, prefix = ""): Json {
  const email = prefix === "" ? userEmail(i) : `${prefix}user${pad(i)}@example.com`;
  return {
    schemas: [USER_SCHEMA, ENTERPRISE_SCHEMA],
    userName: prefix === "" ? userName(i) : `${prefix}upn${pad(i)}@corp.example`,
    externalId: prefix === "" ? userExternalId(i) : `${prefix}-${userExternalId(i)}`,
    active: true,
    displayName: `Given${i} Family${i % 997}`,
    name: { givenName: `Given${i}`, familyName: `Family${i % 997}` },
    emails: [{ value: email, type: "work", primary: true }],
    [ENTERPRISE_SCHEMA]: { department: `Dept${i % 50}`, employeeNumber: String(i) },
  };
}

/** How many ordinary groups a tenant of `users` users has: one per hundred users, at least ten. */
export function groupCount(users: number): number {
  return Math.max(10, Math.floor(users / 100));
}

/** Group j's display name. */
export function groupName(j: number, prefix = ""): string {
  return `${prefix}Group ${pad(j)}`;
}

/** Group j's id (Roster's rule: the display name in lower case without white space). */
export function groupId(j: number, prefix = ""): string {
  return groupName(j, prefix).toLowerCase().replace(/\s/g, "");
}

/** Group j's `externalId` (Entra ID's group objectId). */
export function groupExternalId(j: number, prefix = ""): string {
  return `${prefix}0b1ec7ed-0000-4000-8000-${String(j).padStart(12, "0")}`;
}

/** Group j without members, as Entra ID creates it. */
export function groupBody(j: number, prefix = ""): Json {
  return { schemas: [GROUP_SCHEMA], displayName: groupName(j, prefix), externalId: groupExternalId(j, prefix) };
}

/** The ordinary group user i belongs to. */
export function groupOf(i: number, groups: number): number {
  return i % groups;
}

/** The one big group: users 0 … bigGroupSize − 1 are its members. */
export const BIG_GROUP = Object.freeze({
  displayName: "All Staff",
  id: "allstaff",
  externalId: "0b1ec7ed-ffff-4000-8000-000000000000",
});

/**
 * Members of the big group: 100,000 where the tenant has room for them beside as many
 * non-members to add, else half the users (the other half are added by the PATCH scenario).
 */
export function bigGroupSize(users: number): number {
  return Math.min(100_000, Math.floor(users / 2));
}

/** The big group without members, as Entra ID creates it. */
export function bigGroupBody(): Json {
  return { schemas: [GROUP_SCHEMA], displayName: BIG_GROUP.displayName, externalId: BIG_GROUP.externalId };
}

/** The ids of the groups user i is a member of. */
export function groupsOfUser(i: number, users: number): string[] {
  const ids = [groupId(groupOf(i, groupCount(users)))];
  if (i < bigGroupSize(users)) ids.push(BIG_GROUP.id);
  return ids;
}

/** The users of ordinary group j: j, j + G, j + 2G, … */
export function membersOfGroup(j: number, users: number): number[] {
  const members: number[] = [];
  for (let i = j; i < users; i += groupCount(users)) members.push(i);
  return members;
}

/** A small, fast, seeded PRNG (mulberry32): request targets vary, and the same seed gives the same sequence. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [min, max) from `random`. */
export function randomInt(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * Math.max(1, max - min));
}
