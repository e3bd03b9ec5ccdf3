/**
 * The size limits of what a client may send (SPEC §14): string lengths, the elements of a
 * multi-valued attribute, ids. The one place these numbers live; docs/scim-resources.md lists them.
 */
import { fail, ok, type Result } from "./errors.ts";
import { isScimObject, type JsonValue, URN } from "./resource/scim-object.ts";
import type { AttributeType } from "./schema/schema-types.ts";

/**
 * The longest resource id, in characters (Unicode code points). A user's id is its email or its
 * `userName` (at most MAX_IDENTIFIER_LENGTH), a group's its normalized `displayName` (at most
 * MAX_DISPLAY_NAME_LENGTH) with `-2`, `-3`, … appended when taken, so no id Roster makes is
 * longer; the limit keeps `/Users/{id}` and the `Location` header well inside what clients and
 * proxies accept.
 */
export const MAX_ID_LENGTH = 300;

/**
 * Identifiers: `userName`, `externalId`, an email address (`emails.value`). RFC 5321
 * caps an address at 254 octets; Entra ID's userPrincipalName is at most 113 characters and its
 * objectId 36; Okta's login at most 100.
 */
export const MAX_IDENTIFIER_LENGTH = 256;

/** `displayName` of users and groups (Entra ID allows 256). */
export const MAX_DISPLAY_NAME_LENGTH = 256;

/** Every other string, including attributes no schema defines and references (URLs). */
export const MAX_STRING_LENGTH = 2048;

/** `binary` attributes (RFC 7643 §2.3.6): a base64 X.509 certificate is 1–4 KB. */
export const MAX_BINARY_LENGTH = 16384;

/**
 * The most elements one multi-valued attribute may hold (emails, addresses, entitlements, …).
 * A group's `members` are not capped by it: they are rows of their own, and groups of any size
 * are added to and replaced (the body limit bounds one request).
 */
export const MAX_ELEMENTS = 1000;

/**
 * The longest percent-encoded id segment a URL can carry for an id of MAX_ID_LENGTH characters
 * (4 UTF-8 bytes per code point, 3 characters per byte): the router must accept at least this.
 */
export const MAX_ENCODED_ID_LENGTH = MAX_ID_LENGTH * 12;

const IDS = ["id", "members.value", "groups.value", `${URN.enterpriseUser}:manager.value`];
const IDENTIFIERS = ["userName", "externalId", "emails.value"];

const PATH_LIMITS: ReadonlyMap<string, number> = new Map([
  ...IDS.map((path) => [path, MAX_ID_LENGTH] as const),
  ...IDENTIFIERS.map((path) => [path, MAX_IDENTIFIER_LENGTH] as const),
  ["displayName", MAX_DISPLAY_NAME_LENGTH],
]);

/** Attributes whose elements are not capped by MAX_ELEMENTS (a group's `members`). */
const UNCAPPED_ELEMENTS: ReadonlySet<string> = new Set(["members", `${URN.group}:members`]);

/**
 * The longest string the attribute at `path` (a canonical path, e.g. `emails.value`) takes:
 * MAX_ID_LENGTH for ids (`id`, `members.value`, `groups.value`, the enterprise `manager.value`),
 * MAX_IDENTIFIER_LENGTH for identifiers, MAX_DISPLAY_NAME_LENGTH for `displayName`,
 * MAX_BINARY_LENGTH for `binary` attributes, MAX_STRING_LENGTH for everything else, attributes
 * no schema defines (`type` undefined) included.
 */
export function stringLimit(path: string, type?: AttributeType): number {
  return PATH_LIMITS.get(path) ?? (type === "binary" ? MAX_BINARY_LENGTH : MAX_STRING_LENGTH);
}

/** The most elements the multi-valued attribute at `path` may hold; undefined when unbounded (`members`). */
export function elementLimit(path: string): number | undefined {
  return UNCAPPED_ELEMENTS.has(path) ? undefined : MAX_ELEMENTS;
}

/** True when `text` holds no lone UTF-16 surrogate (it can be encoded as UTF-8 as it is). */
export function isWellFormedText(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}

// With the `u` flag a surrogate pair reads as one code point, so only lone halves match.
const LONE_SURROGATE = /\p{Cs}/u;

/** The length of `text` in Unicode code points, counting only as far as `limit` + 1. */
export function codePointLength(text: string, limit = Number.POSITIVE_INFINITY): number {
  if (text.length <= limit) return countCodePoints(text, text.length);
  // A code point is one or two UTF-16 units, so text of more than 2 × limit units is over the limit.
  return countCodePoints(text, Math.min(text.length, 2 * limit + 2));
}

function countCodePoints(text: string, units: number): number {
  let count = 0;
  for (let index = 0; index < units; index++) {
    const code = text.charCodeAt(index);
    if (code >= 0xd800 && code <= 0xdbff && index + 1 < units) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) index++;
    }
    count++;
  }
  return count;
}

/** True when `text` is longer than `limit` code points. */
export function isLongerThan(text: string, limit: number): boolean {
  return text.length > limit && codePointLength(text, limit) > limit;
}

/**
 * Checks a string a client sent for the attribute at `where`: `invalidValue` when it holds a
 * lone surrogate (it is not Unicode text: no database can store it as sent) or is longer than
 * `limit` characters.
 */
export function checkText(text: string, where: string, limit: number): Result<string> {
  if (!isWellFormedText(text)) return fail("invalidValue", `"${where}" is not valid Unicode text (a lone surrogate)`);
  if (isLongerThan(text, limit)) return fail("invalidValue", `"${where}" is longer than ${limit} characters`);
  return ok(text);
}

/**
 * A resource id as a URL or a Bulk path names it: at most MAX_ID_LENGTH characters of valid
 * Unicode (no resource can have a longer one); `invalidValue` otherwise, before anything is read.
 */
export function parseResourceId(id: string): Result<string> {
  return checkText(id, "id", MAX_ID_LENGTH);
}

/**
 * Checks a value of an attribute no schema defines (kept as received, SPEC §3) at `where`: every
 * string within MAX_STRING_LENGTH and every array within MAX_ELEMENTS, at any depth.
 */
export function checkUnknownValue(value: JsonValue, where: string): Result<JsonValue> {
  if (typeof value === "string") return checkText(value, where, MAX_STRING_LENGTH);
  if (Array.isArray(value)) {
    if (value.length > MAX_ELEMENTS) return fail("invalidValue", `"${where}" may hold at most ${MAX_ELEMENTS} values`);
    for (const item of value) {
      const checked = checkUnknownValue(item, where);
      if (!checked.ok) return checked;
    }
  } else if (isScimObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      const checked = checkUnknownValue(item, `${where}.${key}`);
      if (!checked.ok) return checked;
    }
  }
  return ok(value);
}
