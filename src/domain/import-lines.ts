/**
 * The parsers of an export document's lines (SPEC §12): the header, a role line, a user line,
 * each checked on its own and turned into what the import writes. They return a Result whose
 * message names the field (`ExternalIds[1].Provider …`); the document checker adds the line.
 * A field a line leaves out is undefined: an import into an empty tenant gives it its default,
 * a merge leaves the stored value (docs/migration.md, the format).
 */
import { isDeepStrictEqual } from "node:util";
import { fail, ok, type Result } from "../protocol/errors.ts";
import {
  checkText,
  isWellFormedText,
  MAX_DISPLAY_NAME_LENGTH,
  MAX_ID_LENGTH,
  MAX_IDENTIFIER_LENGTH,
  MAX_STRING_LENGTH,
} from "../protocol/limits.ts";
import { canonicalizeAttributes } from "../protocol/resource/canonicalize-attributes.ts";
import { isForbiddenKey } from "../protocol/resource/safe-json.ts";
import { isScimObject, type JsonValue, type ScimObject } from "../protocol/resource/scim-object.ts";
import { EXPORT_FORMAT, EXPORT_VERSION, type ExportHeader } from "./export-document.ts";
import { isEmailAddress } from "./identity-service.ts";
import type { ExternalId, RoleAssignment } from "./model.ts";
import { parseProviderName } from "./provider-name.ts";
import { normalizeRoleName } from "./role-name.ts";

/** SCIM attributes and the provider whose write they are. */
export interface ImportedScim {
  readonly provider: string;
  readonly resource: ScimObject;
}

/** A role line, checked. */
export interface ImportedRole {
  readonly id: string;
  readonly displayName: string;
  readonly externalIds: readonly ExternalId[] | undefined;
  readonly roleType: string | undefined;
  /** The roles it contains directly. */
  readonly children: readonly string[] | undefined;
  readonly scim: ImportedScim | undefined;
  readonly createdAt: string | undefined;
  readonly updatedAt: string | undefined;
}

/** A user line, checked; undefined where the line leaves a field out. */
export interface ImportedUser {
  readonly id: string;
  readonly email: string | null | undefined;
  readonly firstName: string | null | undefined;
  readonly lastName: string | null | undefined;
  readonly phone: string | null | undefined;
  readonly b2cId: string | null | undefined;
  readonly externalIds: readonly ExternalId[] | undefined;
  /** Its direct roles with their sources (`manual` where RoleSources says none). */
  readonly roles: readonly RoleAssignment[] | undefined;
  readonly active: boolean | undefined;
  readonly scim: ImportedScim | undefined;
  readonly createdAt: string | undefined;
  readonly updatedAt: string | undefined;
}

/** A parsed line: the header, a role or a user. */
export type ImportedLine =
  | { readonly kind: "header"; readonly header: ExportHeader }
  | { readonly kind: "Role"; readonly role: ImportedRole }
  | { readonly kind: "User"; readonly user: ImportedUser };

const HEADER_FIELDS = new Set(["Format", "Version", "Tenant", "ExportedAt", "Counts"]);
const ROLE_FIELDS = new Set([
  "Kind",
  "Id",
  "DisplayName",
  "ExternalIds",
  "RoleType",
  "Roles",
  "CreatedAt",
  "UpdatedAt",
  "Scim",
]);
const USER_FIELDS = new Set([
  "Kind",
  "Id",
  "Email",
  "FirstName",
  "LastName",
  "Phone",
  "B2CId",
  "ExternalIds",
  "Roles",
  "RoleSources",
  "Active",
  "CreatedAt",
  "UpdatedAt",
  "Scim",
]);
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/u;
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses.
const CONTROL = /[\u0000-\u001f\u007f]/u;
const MAX_ROLE_TYPE_LENGTH = 64;

/** Thrown inside a parser and turned into its failed Result: the parsers read top to bottom. */
class FieldError extends Error {}

function refuse(message: string): never {
  throw new FieldError(message);
}

function quote(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object"
    ? "an object"
    : typeof value === "string"
      ? `the string ${quote(value)}`
      : String(value);
}

function checkFields(object: Record<string, unknown>, known: ReadonlySet<string>): void {
  for (const key of Object.keys(object)) {
    if (!known.has(key)) refuse(`unknown field ${quote(key)}`);
  }
}

function text(value: unknown, field: string, max: number): string {
  if (typeof value !== "string" || value === "") refuse(`${field} must be a non-empty string, got ${describe(value)}`);
  const checked = checkText(value, field, max);
  if (!checked.ok) refuse(`${field} ${checked.error.message.replace(/^"[^"]*" /u, "")}`);
  return value;
}

function optionalText(object: Record<string, unknown>, field: string, max: number): string | null | undefined {
  if (!Object.hasOwn(object, field)) return undefined;
  const value = object[field];
  return value === null ? null : text(value, field, max);
}

function timestamp(object: Record<string, unknown>, field: string): string | undefined {
  if (!Object.hasOwn(object, field)) return undefined;
  const value = object[field];
  const time = typeof value === "string" && TIMESTAMP.test(value) ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(time)) refuse(`${field} must be an ISO 8601 date-time with a time zone, got ${describe(value)}`);
  return new Date(time).toISOString();
}

function provider(value: unknown, field: string): string {
  if (typeof value !== "string" || !parseProviderName(value).ok) {
    refuse(`${field} must be a provider name (1-64 letters, digits, '-' or '_'), got ${describe(value)}`);
  }
  return value;
}

function array(value: unknown, field: string): readonly unknown[] {
  if (!Array.isArray(value)) refuse(`${field} must be an array, got ${describe(value)}`);
  return value;
}

function externalIds(object: Record<string, unknown>): ExternalId[] | undefined {
  if (!Object.hasOwn(object, "ExternalIds")) return undefined;
  const seen = new Set<string>();
  return array(object["ExternalIds"], "ExternalIds").map((item, index) => {
    const field = `ExternalIds[${index}]`;
    if (!isScimObject(item as JsonValue)) refuse(`${field} must be an object { Provider, Value }`);
    const entry = item as Record<string, unknown>;
    checkFields(entry, new Set(["Provider", "Value"]));
    const name = provider(entry["Provider"], `${field}.Provider`);
    if (seen.has(name.toLowerCase())) refuse(`${field}.Provider ${quote(name)} appears twice (one value per provider)`);
    seen.add(name.toLowerCase());
    return { provider: name, value: text(entry["Value"], `${field}.Value`, MAX_IDENTIFIER_LENGTH) };
  });
}

function roleIds(object: Record<string, unknown>, self?: string): string[] | undefined {
  if (!Object.hasOwn(object, "Roles")) return undefined;
  const seen = new Set<string>();
  return array(object["Roles"], "Roles").map((item, index) => {
    const id = text(item, `Roles[${index}]`, MAX_ID_LENGTH);
    if (seen.has(id)) refuse(`Roles[${index}] names role ${quote(id)} twice`);
    if (id === self) refuse(`Roles[${index}]: role ${quote(id)} cannot contain itself`);
    seen.add(id);
    return id;
  });
}

function scim(object: Record<string, unknown>, resourceType: "User" | "Group"): ImportedScim | undefined {
  if (!Object.hasOwn(object, "Scim")) return undefined;
  const value = object["Scim"];
  if (!isScimObject(value as JsonValue)) refuse(`Scim must be an object { <provider>: <SCIM attributes> }`);
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length !== 1) {
    refuse(
      `Scim must hold exactly one provider (Roster keeps the SCIM attributes of the last write), got ${entries.length}`,
    );
  }
  const [name, resource] = entries[0]!;
  const field = `Scim.${name}`;
  provider(name, "the provider of Scim");
  if (!isScimObject(resource as JsonValue)) refuse(`${field} must be an object of SCIM attributes`);
  const attributes = resource as ScimObject;
  for (const key of ["schemas", "id", "meta", resourceType === "User" ? "groups" : "members"]) {
    if (Object.hasOwn(attributes, key)) refuse(`${field} must not hold ${quote(key)}: Roster computes it`);
  }
  const canonical = canonicalizeAttributes(resourceType, attributes);
  if (!canonical.ok) refuse(`${field}: ${canonical.error.message}`);
  if (!isDeepStrictEqual(canonical.value, attributes)) {
    refuse(
      `${field} is not SCIM attributes as Roster stores them (attribute names in their schema's case, no empty values)`,
    );
  }
  return { provider: name, resource: attributes };
}

function email(object: Record<string, unknown>, fromScim: boolean): string | null | undefined {
  const value = optionalText(object, "Email", MAX_IDENTIFIER_LENGTH);
  if (value === undefined || value === null) return value;
  if (value.trim() !== value || CONTROL.test(value))
    refuse(`Email ${quote(value)} has surrounding white space or control characters`);
  // An identity provider's address is kept as it sent it; one made by hand must be an address.
  if (!fromScim && !isEmailAddress(value)) refuse(`Email ${quote(value)} is not an email address`);
  return value;
}

function roleSources(
  object: Record<string, unknown>,
  ids: readonly string[] | undefined,
): RoleAssignment[] | undefined {
  const hasSources = Object.hasOwn(object, "RoleSources");
  if (ids === undefined) {
    if (hasSources) refuse("RoleSources needs Roles: the roles it gives the source of");
    return undefined;
  }
  const sources = hasSources ? object["RoleSources"] : {};
  if (!isScimObject(sources as JsonValue))
    refuse(`RoleSources must be an object { <roleId>: "manual" | "scim:<provider>" }`);
  const given = sources as Record<string, unknown>;
  const listed = new Set(ids);
  for (const key of Object.keys(given)) {
    if (!listed.has(key)) refuse(`RoleSources names role ${quote(key)} that Roles does not list`);
  }
  return ids.map((roleId) => {
    if (!Object.hasOwn(given, roleId) || given[roleId] === "manual")
      return { roleId, source: "manual", provider: null };
    const source = given[roleId];
    const match = typeof source === "string" ? /^scim:(.*)$/su.exec(source) : null;
    if (match === null) refuse(`RoleSources.${roleId} must be "manual" or "scim:<provider>", got ${describe(source)}`);
    return { roleId, source: "scim", provider: provider(match[1], `the provider of RoleSources.${roleId}`) };
  });
}

function header(object: Record<string, unknown>): ExportHeader {
  if (object["Format"] !== EXPORT_FORMAT) {
    refuse(`not a Roster export: Format must be ${quote(EXPORT_FORMAT)}, got ${describe(object["Format"])}`);
  }
  if (object["Version"] !== EXPORT_VERSION) {
    refuse(`Version ${describe(object["Version"])} is not one this Roster reads (it reads Version ${EXPORT_VERSION})`);
  }
  checkFields(object, HEADER_FIELDS);
  const tenant = text(object["Tenant"], "Tenant", 64);
  const exportedAt = timestamp(object, "ExportedAt") ?? refuse("ExportedAt is required");
  const counts = object["Counts"];
  if (!isScimObject(counts as JsonValue)) refuse("Counts must be an object { Users, Roles }");
  const { Users, Roles, ...rest } = counts as Record<string, unknown>;
  if (Object.keys(rest).length > 0) refuse(`Counts has an unknown field ${quote(Object.keys(rest)[0]!)}`);
  for (const [name, value] of [
    ["Users", Users],
    ["Roles", Roles],
  ] as const) {
    if (!Number.isSafeInteger(value) || (value as number) < 0) {
      refuse(`Counts.${name} must be a whole number, got ${describe(value)}`);
    }
  }
  return {
    Format: EXPORT_FORMAT,
    Version: EXPORT_VERSION,
    Tenant: tenant,
    ExportedAt: exportedAt,
    Counts: { Users: Users as number, Roles: Roles as number },
  };
}

function role(object: Record<string, unknown>): ImportedRole {
  checkFields(object, ROLE_FIELDS);
  const id = text(object["Id"], "Id", MAX_ID_LENGTH);
  const displayName = text(object["DisplayName"], "DisplayName", MAX_DISPLAY_NAME_LENGTH);
  if (normalizeRoleName(displayName) === "") refuse("DisplayName must not be blank");
  return {
    id,
    displayName,
    externalIds: externalIds(object),
    roleType: optionalText(object, "RoleType", MAX_ROLE_TYPE_LENGTH) ?? undefined,
    children: roleIds(object, id),
    scim: scim(object, "Group"),
    createdAt: timestamp(object, "CreatedAt"),
    updatedAt: timestamp(object, "UpdatedAt"),
  };
}

function user(object: Record<string, unknown>): ImportedUser {
  checkFields(object, USER_FIELDS);
  const id = text(object["Id"], "Id", MAX_ID_LENGTH);
  const scimAttributes = scim(object, "User");
  const active = object["Active"];
  if (Object.hasOwn(object, "Active") && typeof active !== "boolean") {
    refuse(`Active must be true or false, got ${describe(active)}`);
  }
  const roles = roleIds(object);
  return {
    id,
    email: email(object, scimAttributes !== undefined),
    firstName: optionalText(object, "FirstName", MAX_STRING_LENGTH),
    lastName: optionalText(object, "LastName", MAX_STRING_LENGTH),
    phone: optionalText(object, "Phone", MAX_STRING_LENGTH),
    b2cId: optionalText(object, "B2CId", MAX_IDENTIFIER_LENGTH),
    externalIds: externalIds(object),
    roles: roleSources(object, roles),
    active: typeof active === "boolean" ? active : undefined,
    scim: scimAttributes,
    createdAt: timestamp(object, "CreatedAt"),
    updatedAt: timestamp(object, "UpdatedAt"),
  };
}

/** Parses a line's JSON text into an object; `expectHeader` for the document's first line. */
export function parseDocumentLine(textLine: string, expectHeader: boolean): Result<ImportedLine> {
  let value: unknown;
  try {
    value = JSON.parse(textLine);
  } catch {
    if (expectHeader && textLine.startsWith(`{"Format":"${EXPORT_FORMAT}"`) && textLine.includes('"Items":[')) {
      return fail(
        "invalidValue",
        "this is a json export: the import reads the ndjson format (`roster export`'s default)",
      );
    }
    return fail("invalidValue", "not a JSON value");
  }
  if (!isScimObject(value as JsonValue))
    return fail("invalidValue", `a line must be a JSON object, got ${describe(value)}`);
  const object = value as Record<string, unknown>;
  try {
    for (const key of Object.keys(object)) {
      if (isForbiddenKey(key)) refuse(`field ${quote(key)} is not allowed`);
      if (!isWellFormedText(key)) refuse("a field name is not valid Unicode text");
    }
    if (expectHeader) {
      if (Object.hasOwn(object, "Kind")) refuse("the first line must be the header { Format, Version, Tenant, … }");
      return ok({ kind: "header", header: header(object) });
    }
    const kind = object["Kind"];
    if (kind === "Role") return ok({ kind: "Role", role: role(object) });
    if (kind === "User") return ok({ kind: "User", user: user(object) });
    if (Object.hasOwn(object, "Format")) refuse("a second header: the document has one, on its first line");
    return refuse(`Kind must be "Role" or "User", got ${describe(kind)}`);
  } catch (error) {
    if (error instanceof FieldError) return fail("invalidValue", error.message);
    throw error;
  }
}
