/** Parses a POST or PUT body in strict RFC 7643 form into a canonical SCIM resource (RFC 7643 §2–§4, RFC 7644 §3.3, §3.5.1). */
import { fail, ok, type Result } from "../errors.ts";
import { schemasFor } from "../schema/resolve-attribute.ts";
import type { ResourceTypeName, SchemaDefinition } from "../schema/schema-types.ts";
import { canonicalizeAttributes } from "./canonicalize-attributes.ts";
import { copyJson } from "./safe-json.ts";
import { isScimObject, type JsonValue, type ScimObject } from "./scim-object.ts";

/**
 * Turns a create or replace body, as the RFC writes it, into the canonical resource Roster
 * stores (providers' dialects are rewritten before, by `normalizeResourceBody`; see
 * `parseResource`):
 * - the body must be a JSON object whose `schemas` (any case) is an array listing the resource
 *   type's core schema URN, compared case-insensitively (RFC 7643 §3); otherwise `invalidSyntax`;
 * - attributes are canonicalized by `canonicalizeAttributes` (canonical names, types checked,
 *   readOnly and unassigned values dropped, `password` accepted and discarded, extension
 *   attributes under their URN, unknown attributes kept as received);
 * - required attributes (`userName`, `displayName`) missing, null or blank → `invalidValue`;
 * - the keys `__proto__`, `constructor` and `prototype` anywhere in the body, values that are
 *   not JSON and nesting deeper than `MAX_JSON_DEPTH` → `invalidValue`;
 * - `schemas` comes back with known URNs in canonical case, duplicates removed, unknown URNs
 *   kept, and the URN of every extension present added when the client left it out.
 * Never throws; the result is built so that no key can reach a prototype.
 */
export function parseStrictResource(resourceType: ResourceTypeName, body: unknown): Result<ScimObject> {
  if (!isScimObject(body)) return fail("invalidSyntax", "The request body must be a JSON object");
  // Checked over the whole body, so that keys inside ignored attributes (`meta`) are refused too.
  const safe = copyJson(body, "the resource");
  if (!safe.ok) return safe;
  const known = schemasFor(resourceType);
  const schemas = parseSchemas(known, body);
  if (!schemas.ok) return schemas;
  const attributes = canonicalizeAttributes(resourceType, body);
  if (!attributes.ok) return attributes;
  const resource = attributes.value;
  for (const schema of known) {
    const container = schema === known[0] ? resource : resource[schema.id];
    if (!isScimObject(container)) continue;
    const missing = schema.attributes.find((attr) => attr.required && isBlank(container[attr.name]));
    if (missing !== undefined) return fail("invalidValue", `Attribute "${missing.name}" is required`);
  }
  const extensions = known.slice(1).filter((schema) => resource[schema.id] !== undefined);
  const listed = schemas.value;
  const declared = [...listed, ...extensions.map((schema) => schema.id).filter((id) => !listed.includes(id))];
  return ok(Object.fromEntries<JsonValue>([["schemas", declared], ...Object.entries(resource)]));
}

function parseSchemas(known: readonly SchemaDefinition[], body: ScimObject): Result<string[]> {
  const key = Object.keys(body).find((candidate) => candidate.toLowerCase() === "schemas");
  const list = key === undefined ? undefined : body[key];
  if (!Array.isArray(list) || !list.every((item): item is string => typeof item === "string")) {
    return fail("invalidSyntax", `"schemas" must be an array of schema URNs`);
  }
  const canonical: string[] = [];
  for (const urn of list) {
    const id = known.find((schema) => schema.id.toLowerCase() === urn.toLowerCase())?.id ?? urn;
    if (!canonical.some((seen) => seen.toLowerCase() === id.toLowerCase())) canonical.push(id);
  }
  const core = known[0]?.id ?? "";
  if (!canonical.includes(core)) return fail("invalidSyntax", `"schemas" must include ${core}`);
  return ok(canonical);
}

function isBlank(value: JsonValue | undefined): boolean {
  return value === undefined || value === null || (typeof value === "string" && value.trim() === "");
}
