/**
 * A user's fields changed by hand (SPEC §9 `PATCH /users/{id}`). For a user an identity provider
 * wrote, its stored SCIM attributes change alike, so that SCIM reads, filters and the next sync
 * see what the application holds (the provider, being the master, may then write it back).
 */
import { isScimObject, type JsonValue, type ScimObject } from "../protocol/resource/scim-object.ts";
import type { UserRecord } from "./model.ts";
import { chooseEmail, choosePhone } from "./user-mapping.ts";

/** The fields a hand change may set; `null` clears an optional one, absent leaves it. */
export interface UserChanges {
  readonly email?: string | undefined;
  readonly firstName?: string | null | undefined;
  readonly lastName?: string | null | undefined;
  readonly phone?: string | null | undefined;
  readonly active?: boolean | undefined;
}

function elementsOf(value: JsonValue | undefined): ScimObject[] {
  return Array.isArray(value) ? value.filter(isScimObject).map((e) => ({ ...e })) : [];
}

/** `list` with the element whose value is `chosen` given `value` (removed for null), or a new one when none is. */
function withChosen(list: ScimObject[], chosen: string | null, value: string | null, type: string): ScimObject[] {
  const index =
    chosen === null ? -1 : list.findIndex((e) => typeof e["value"] === "string" && e["value"].trim() === chosen);
  if (value === null) return index < 0 ? list : list.filter((_, i) => i !== index);
  if (index < 0) return [...list, { value, type, primary: list.length === 0 }];
  list[index] = { ...list[index], value };
  return list;
}

/** The stored SCIM attributes of a provider-written user with `changes` applied. */
function changedScim(scim: ScimObject, changes: UserChanges): ScimObject {
  const next: Record<string, JsonValue> = { ...scim };
  if (changes.firstName !== undefined || changes.lastName !== undefined) {
    const name: Record<string, JsonValue> = isScimObject(next["name"]) ? { ...next["name"] } : {};
    for (const [key, value] of [
      ["givenName", changes.firstName],
      ["familyName", changes.lastName],
    ] as const) {
      if (value === null) delete name[key];
      else if (value !== undefined) name[key] = value;
    }
    delete name["formatted"];
    next["name"] = name;
  }
  if (changes.email !== undefined) {
    next["emails"] = withChosen(elementsOf(next["emails"]), chooseEmail(scim), changes.email, "work");
  }
  if (changes.phone !== undefined) {
    next["phoneNumbers"] = withChosen(elementsOf(next["phoneNumbers"]), choosePhone(scim), changes.phone, "work");
  }
  return next;
}

/** The user with `changes` applied, one version later, modified at `now`. */
export function applyUserChanges(user: UserRecord, changes: UserChanges, now: string): UserRecord {
  return {
    ...user,
    email: changes.email ?? user.email,
    firstName: changes.firstName === undefined ? user.firstName : changes.firstName,
    lastName: changes.lastName === undefined ? user.lastName : changes.lastName,
    phone: changes.phone === undefined ? user.phone : changes.phone,
    active: changes.active ?? user.active,
    scim: user.scim === null ? null : changedScim(user.scim, changes),
    modifiedAt: now,
    version: user.version + 1,
  };
}
