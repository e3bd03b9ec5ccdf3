/** Resolves attribute paths against the schemas of a resource type, case-insensitively (RFC 7643 §2.1, RFC 7644 §3.10). */
import type { AttrPath } from "../filter/filter-ast.ts";
import { COMMON_ATTRIBUTES } from "./common-attributes.ts";
import { schemasFor } from "./resource-types.ts";
import type { AttributeDefinition, ResolvedAttribute, ResourceTypeName, SchemaDefinition } from "./schema-types.ts";

export { schemasFor } from "./resource-types.ts";

/** The attribute of `attributes` named `name`, compared case-insensitively (RFC 7643 §2.1). */
export function findAttribute(
  attributes: readonly AttributeDefinition[] | undefined,
  name: string,
): AttributeDefinition | undefined {
  const wanted = name.toLowerCase();
  return attributes?.find((candidate) => candidate.name.toLowerCase() === wanted);
}

/** The schema of `resourceType` (core or extension) whose URN equals `uri`, compared case-insensitively. */
export function schemaOf(resourceType: ResourceTypeName, uri: string): SchemaDefinition | undefined {
  const wanted = uri.toLowerCase();
  return schemasFor(resourceType).find((schema) => schema.id.toLowerCase() === wanted);
}

/** True when `schema` is the core schema of `resourceType` (the first of `schemasFor`). */
export function isCoreSchema(resourceType: ResourceTypeName, schema: SchemaDefinition): boolean {
  return schemasFor(resourceType)[0] === schema;
}

/**
 * Resolves a top-level attribute `name` (and optional `subAttr`) inside one schema of
 * `resourceType`; the core schema also holds the common attributes `id`, `externalId` and
 * `meta` (RFC 7643 §3.1). Undefined when the attribute or sub-attribute does not exist.
 */
export function resolveInSchema(
  resourceType: ResourceTypeName,
  schema: SchemaDefinition,
  name: string,
  subAttr: string | undefined,
): ResolvedAttribute | undefined {
  const core = isCoreSchema(resourceType, schema);
  const attribute =
    findAttribute(schema.attributes, name) ?? (core ? findAttribute(COMMON_ATTRIBUTES, name) : undefined);
  if (attribute === undefined) return undefined;
  const parent: ResolvedAttribute = Object.freeze({
    schema,
    attribute,
    subAttribute: undefined,
    canonicalPath: core ? attribute.name : `${schema.id}:${attribute.name}`,
  });
  return subAttr === undefined ? parent : resolveSubAttribute(parent, subAttr);
}

/**
 * Resolves an attribute path against the schemas of `resourceType` (RFC 7644 §3.10), names
 * compared case-insensitively. With `uri`, it must name (case-insensitively) the core schema or
 * one of the resource type's extensions. Without `uri`, the core schema and the common
 * attributes are searched first, then the extensions: RFC 7644 §3.10 lets clients omit the
 * URN of core attributes and only asks (SHOULD) that they qualify extension attributes.
 * Undefined when nothing matches.
 */
export function resolveAttribute(resourceType: ResourceTypeName, path: AttrPath): ResolvedAttribute | undefined {
  if (path.uri !== undefined) {
    const schema = schemaOf(resourceType, path.uri);
    return schema === undefined ? undefined : resolveInSchema(resourceType, schema, path.name, path.subAttr);
  }
  for (const schema of schemasFor(resourceType)) {
    const resolved = resolveInSchema(resourceType, schema, path.name, path.subAttr);
    if (resolved !== undefined) return resolved;
  }
  return undefined;
}

/**
 * Resolves sub-attribute `name` of a resolved complex attribute (RFC 7643 §2.3.8), e.g.
 * `emails` + `VALUE` → `emails.value`. Undefined when `parent` already names a sub-attribute
 * or has no such sub-attribute.
 */
export function resolveSubAttribute(parent: ResolvedAttribute, name: string): ResolvedAttribute | undefined {
  if (parent.subAttribute !== undefined) return undefined;
  const subAttribute = findAttribute(parent.attribute.subAttributes, name);
  if (subAttribute === undefined) return undefined;
  return Object.freeze({
    schema: parent.schema,
    attribute: parent.attribute,
    subAttribute,
    canonicalPath: `${parent.canonicalPath}.${subAttribute.name}`,
  });
}
