/** Reading the members of SCIM request messages (SearchRequest, BulkRequest), whose names are case-insensitive. */
import { isScimObject, type JsonValue, type ScimObject } from "./resource/scim-object.ts";

/** The value of the member named `name` in any case (RFC 7643 §2.1), the exact spelling first. */
export function memberOf(message: ScimObject, name: string): JsonValue | undefined {
  if (Object.hasOwn(message, name)) return message[name];
  const lower = name.toLowerCase();
  const key = Object.keys(message).find((candidate) => candidate.toLowerCase() === lower);
  return key === undefined ? undefined : message[key];
}

/** True when `body` is a JSON object whose `schemas` lists `urn` (compared case-insensitively). */
export function isMessage(body: unknown, urn: string): body is ScimObject {
  if (!isScimObject(body)) return false;
  const schemas = memberOf(body, "schemas");
  return Array.isArray(schemas) && schemas.some((s) => typeof s === "string" && s.toLowerCase() === urn.toLowerCase());
}
