/** SPEC §4's attribute mapping: which SCIM values become the application user's fields. */
import { isScimObject, type JsonValue, type ScimObject } from "../protocol/resource/scim-object.ts";

/** The application fields a SCIM User resource sets. */
export interface MappedUser {
  readonly userName: string;
  readonly email: string | null;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly phone: string | null;
  readonly b2cId: string | null;
  /** `active` as the resource has it; undefined when unassigned (see docs/provisioning.md, deactivation). */
  readonly active: boolean | undefined;
}

function elements(value: JsonValue | undefined): readonly ScimObject[] {
  return Array.isArray(value) ? value.filter(isScimObject) : [];
}

function elementValue(element: ScimObject | undefined): string | null {
  const value = element?.["value"];
  return typeof value === "string" && value.trim() !== "" ? value.trim() : null;
}

function isType(element: ScimObject, type: string): boolean {
  const value = element["type"];
  return typeof value === "string" && value.toLowerCase() === type;
}

/** The chosen email: the one marked primary, else the first of type work, else the first (SPEC §4). */
export function chooseEmail(resource: ScimObject): string | null {
  const emails = elements(resource["emails"]).filter((e) => elementValue(e) !== null);
  return elementValue(emails.find((e) => e["primary"] === true) ?? emails.find((e) => isType(e, "work")) ?? emails[0]);
}

/** The phone: the work number, else the primary, else the first (SPEC §4). */
export function choosePhone(resource: ScimObject): string | null {
  const phones = elements(resource["phoneNumbers"]).filter((e) => elementValue(e) !== null);
  return elementValue(phones.find((e) => isType(e, "work")) ?? phones.find((e) => e["primary"] === true) ?? phones[0]);
}

function text(value: JsonValue | undefined): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

/** Maps a canonical SCIM User resource to the application's user fields. */
export function mapScimUser(resource: ScimObject): MappedUser {
  const name = isScimObject(resource["name"]) ? resource["name"] : {};
  return {
    userName: typeof resource["userName"] === "string" ? resource["userName"] : "",
    email: chooseEmail(resource),
    firstName: text(name["givenName"]),
    lastName: text(name["familyName"]),
    phone: choosePhone(resource),
    b2cId: text(resource["externalId"]),
    active: typeof resource["active"] === "boolean" ? resource["active"] : undefined,
  };
}
