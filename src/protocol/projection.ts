/** The `attributes` and `excludedAttributes` parameters of RFC 7644 §3.9, and the projection they ask for. */
import { fail, ok, type Result } from "./errors.ts";
import { isScimObject, type JsonValue, type ScimObject } from "./resource/scim-object.ts";
import { parseAttributeName } from "./schema/parse-attribute-name.ts";
import {
  findAttribute,
  isCoreSchema,
  resolveAttribute,
  resolveInSchema,
  schemaOf,
  schemasFor,
} from "./schema/resolve-attribute.ts";
import type {
  AttributeDefinition,
  ResolvedAttribute,
  ResourceTypeName,
  SchemaDefinition,
} from "./schema/schema-types.ts";

/** The attributes a response should carry (RFC 7644 §3.9); both lists empty means the default set. */
export interface Projection {
  readonly attributes: readonly ResolvedAttribute[];
  readonly excludedAttributes: readonly ResolvedAttribute[];
}

/** No `attributes`, no `excludedAttributes`: every attribute whose `returned` is always or default. */
export const DEFAULT_PROJECTION: Projection = Object.freeze({ attributes: [], excludedAttributes: [] });

/**
 * Parses an `attributes` or `excludedAttributes` value (RFC 7644 §3.9): comma-separated names in
 * §3.10 notation (`userName`, `name.givenName`, URN-qualified names), or an array of them as a
 * POST `/.search` body sends. A schema URN alone stands for every attribute of that schema.
 * Names are resolved case-insensitively. RFC 7644 leaves unknown names open: Roster ignores
 * them (clients ask for custom attributes other servers know), but refuses text that is not
 * attribute notation at all (`emails[type eq "work"]`) with `invalidValue`.
 */
export function parseAttributeList(
  resourceType: ResourceTypeName,
  text: string | readonly string[] | undefined,
): Result<readonly ResolvedAttribute[]> {
  const names = (typeof text === "string" ? [text] : (text ?? [])).flatMap((part) => part.split(","));
  const resolved: ResolvedAttribute[] = [];
  for (const name of names.map((part) => part.trim()).filter((part) => part !== "")) {
    const schema = schemaOf(resourceType, name);
    if (schema !== undefined) {
      resolved.push(...schemaAttributes(resourceType, schema));
      continue;
    }
    const path = parseAttributeName(name);
    if (!path.ok) return fail("invalidValue", `"${name}" is not an attribute name (RFC 7644 §3.10)`);
    const attribute = resolveAttribute(resourceType, path.value);
    if (attribute !== undefined) resolved.push(attribute);
  }
  return ok(Object.freeze(resolved));
}

/**
 * Applies RFC 7644 §3.9 to a full resource: `schemas` and attributes returned "always" (`id`)
 * are always kept and "never" ones never; with `attributes`, only the listed attributes (a
 * listed sub-attribute such as `emails.value` keeps just that sub-attribute of each element)
 * plus the "always" ones; without, every "default" attribute minus the excluded ones. "request"
 * attributes come back only when listed in `attributes`. Attributes no schema defines count
 * as "default". When both lists are given, `attributes` selects and `excludedAttributes` then
 * removes. Complex values and extension objects left empty are dropped.
 */
export function projectResource(
  resource: ScimObject,
  resourceType: ResourceTypeName,
  projection: Projection,
): ScimObject {
  const entries: [string, JsonValue][] = [];
  for (const [key, value] of Object.entries(resource)) {
    const schema = schemaOf(resourceType, key);
    const projected =
      key === "schemas"
        ? value
        : schema !== undefined && !isCoreSchema(resourceType, schema) && isScimObject(value)
          ? nonEmpty(projectObject(resourceType, schema, value, projection))
          : projectEntry(resourceType, schemasFor(resourceType)[0], key, value, projection);
    if (projected !== undefined) entries.push([key, projected]);
  }
  return Object.fromEntries(entries);
}

/**
 * Whether a response under `projection` carries attribute `name` of `resourceType` (RFC 7644
 * §3.9), e.g. `needsAttribute(p, "Group", "members")`, so the server can skip reading what it
 * would not return. Unknown names answer true.
 */
export function needsAttribute(projection: Projection, resourceType: ResourceTypeName, name: string): boolean {
  const path = parseAttributeName(name);
  const resolved = path.ok ? resolveAttribute(resourceType, path.value) : undefined;
  return resolved === undefined || selection(resolved, projection) !== "none";
}

/** How much of one attribute a projection keeps: nothing, all of it, or some of its sub-attributes. */
export type Selection = "none" | "whole" | "some";

/**
 * The RFC 7644 §3.9 decision for one top-level attribute: "never" → none, "always" → whole;
 * excluded → none; with `attributes`, whole when listed, some when only sub-attributes are
 * listed, else none; without, whole unless `returned` is "request".
 */
export function selection(resolved: ResolvedAttribute, projection: Projection): Selection {
  const { returned } = resolved.attribute;
  if (returned === "never") return "none";
  if (returned === "always") return "whole";
  if (projection.excludedAttributes.some((other) => sameWhole(other, resolved))) return "none";
  if (projection.attributes.length === 0) return returned === "request" ? "none" : "whole";
  if (projection.attributes.some((other) => sameWhole(other, resolved))) return "whole";
  return projection.attributes.some((other) => isSubOf(other, resolved)) ? "some" : "none";
}

function projectObject(
  resourceType: ResourceTypeName,
  schema: SchemaDefinition,
  object: ScimObject,
  projection: Projection,
): ScimObject {
  const entries: [string, JsonValue][] = [];
  for (const [key, value] of Object.entries(object)) {
    const projected = projectEntry(resourceType, schema, key, value, projection);
    if (projected !== undefined) entries.push([key, projected]);
  }
  return Object.fromEntries(entries);
}

function projectEntry(
  resourceType: ResourceTypeName,
  schema: SchemaDefinition | undefined,
  key: string,
  value: JsonValue,
  projection: Projection,
): JsonValue | undefined {
  const resolved = schema && resolveInSchema(resourceType, schema, key, undefined);
  if (resolved === undefined) return projection.attributes.length === 0 ? value : undefined;
  const chosen = selection(resolved, projection);
  if (chosen === "none") return undefined;
  const { attribute } = resolved;
  if (attribute.type !== "complex" || attribute.returned === "always") return value;
  const keep = (subKey: string): boolean => keepSubAttribute(resolved, subKey, chosen === "some", projection);
  const filtered = Array.isArray(value)
    ? value.map((element) => filterElement(element, keep)).filter((element) => element !== undefined)
    : filterElement(value, keep);
  return Array.isArray(filtered) && filtered.length === 0 ? undefined : filtered;
}

function keepSubAttribute(parent: ResolvedAttribute, key: string, selective: boolean, projection: Projection): boolean {
  const sub = findAttribute(parent.attribute.subAttributes, key);
  if (sub === undefined) return !selective;
  if (sub.returned === "never") return false;
  if (sub.returned === "always") return true;
  const listed = (list: readonly ResolvedAttribute[]): boolean =>
    list.some((other) => isSubOf(other, parent) && other.subAttribute === sub);
  if (listed(projection.excludedAttributes)) return false;
  return selective || sub.returned === "request" ? listed(projection.attributes) : true;
}

function filterElement(value: JsonValue, keep: (key: string) => boolean): JsonValue | undefined {
  if (!isScimObject(value)) return value;
  return nonEmpty(Object.fromEntries(Object.entries(value).filter(([key]) => keep(key))));
}

function nonEmpty(object: ScimObject): ScimObject | undefined {
  return Object.keys(object).length === 0 ? undefined : object;
}

function sameWhole(listed: ResolvedAttribute, resolved: ResolvedAttribute): boolean {
  return listed.subAttribute === undefined && listed.attribute === resolved.attribute;
}

function isSubOf(listed: ResolvedAttribute, parent: ResolvedAttribute): boolean {
  return listed.subAttribute !== undefined && listed.attribute === parent.attribute;
}

function schemaAttributes(resourceType: ResourceTypeName, schema: SchemaDefinition): ResolvedAttribute[] {
  return schema.attributes
    .map((attribute: AttributeDefinition) => resolveInSchema(resourceType, schema, attribute.name, undefined))
    .filter((resolved) => resolved !== undefined);
}
