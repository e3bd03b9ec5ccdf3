/**
 * The names SPEC §4 and §5 match by, as lock keys (LockStore): a create or adopting write
 * takes the key of every name it looks up before looking, so that simultaneous creates of one
 * user or role, in any instance, run one after the other and match what the first one wrote.
 * Each key is compared as the lookup compares its name.
 */
import { normalizeRoleName } from "./role-name.ts";

/** A user's email, compared case-insensitively. */
export function userEmailKey(email: string): string {
  return `user-email:${email.toLowerCase()}`;
}

/** A provider's `userName` of a user (its external id there), compared case-insensitively. */
export function userNameKey(provider: string, userName: string): string {
  return `user-name:${provider.toLowerCase()}:${userName.toLowerCase()}`;
}

/** A user's B2CId (the SCIM `externalId`), compared exactly. */
export function userB2CIdKey(b2cId: string): string {
  return `user-b2c:${b2cId}`;
}

/** A user's Id, unique case-insensitively. */
export function userIdKey(id: string): string {
  return `user-id:${id.toLowerCase()}`;
}

/** A role's display name, compared after SPEC §3's normalization. */
export function roleNameKey(displayName: string): string {
  return `role-name:${normalizeRoleName(displayName)}`;
}

/** A provider's `externalId` of a role, compared exactly. */
export function roleExternalIdKey(provider: string, externalId: string): string {
  return `role-xid:${provider.toLowerCase()}:${externalId}`;
}

/**
 * The tenant's nesting as a whole: a nest checks for a cycle over the whole graph before it adds
 * an edge, so two nests (A in B, B in A) must not check at the same time.
 */
export function roleNestingKey(): string {
  return "role-nesting";
}
