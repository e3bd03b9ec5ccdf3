/** The JSON `roster user` and `roster role` print (SPEC §10): the application's records in the seed's PascalCase. */
import type { ExternalId, RoleRecord, UserAccess, UserRecord } from "../domain/model.ts";

/** An external identifier and the identity provider that wrote it. */
export interface ExternalIdJson {
  readonly Provider: string;
  readonly Value: string;
}

/** SPEC §10 `roster user show --json`: the application user; `Roles` are its direct role Ids. */
export interface UserJson {
  readonly Id: string;
  readonly Email: string | null;
  readonly FirstName: string | null;
  readonly LastName: string | null;
  readonly Phone: string | null;
  readonly B2CId: string | null;
  readonly ExternalIds: readonly ExternalIdJson[];
  readonly Roles: readonly string[];
  readonly Active: boolean;
}

/** SPEC §10 `roster user access --json`: role Ids held directly and through nesting. */
export interface AccessJson {
  readonly Active: boolean;
  readonly Direct: readonly string[];
  readonly Indirect: readonly string[];
}

/** SPEC §10 `roster role show --json`: `Roles` are the Ids of the roles it contains directly. */
export interface RoleJson {
  readonly Id: string;
  readonly DisplayName: string;
  readonly ExternalIds: readonly ExternalIdJson[];
  readonly RoleType: string;
  readonly Roles: readonly string[];
}

/** The user with the Ids of its direct roles; every key present, null where there is no value. */
export function userJson(user: UserRecord, roleIds: readonly string[]): UserJson {
  return {
    Id: user.id,
    Email: user.email,
    FirstName: user.firstName,
    LastName: user.lastName,
    Phone: user.phone,
    B2CId: user.b2cId,
    ExternalIds: user.externalIds.map(externalIdJson),
    Roles: [...roleIds],
    Active: user.active,
  };
}

/** What the user holds, by role Id; the domain already empties both lists for an inactive user. */
export function accessJson(access: UserAccess): AccessJson {
  return {
    Active: access.active,
    Direct: access.direct.map((role) => role.id),
    Indirect: access.indirect.map((role) => role.id),
  };
}

/** The role with the Ids of the roles it contains. */
export function roleJson(role: RoleRecord, childIds: readonly string[]): RoleJson {
  return {
    Id: role.id,
    DisplayName: role.displayName,
    ExternalIds: role.externalIds.map(externalIdJson),
    RoleType: role.roleType,
    Roles: [...childIds],
  };
}

function externalIdJson(externalId: ExternalId): ExternalIdJson {
  return { Provider: externalId.provider, Value: externalId.value };
}
