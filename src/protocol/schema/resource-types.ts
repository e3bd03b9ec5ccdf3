/** The User and Group resource types (RFC 7643 §6) and the discovery documents of RFC 7644 §4. */
import { type ScimObject, URN } from "../resource/scim-object.ts";
import { deepFreeze } from "./define-attribute.ts";
import { ENTERPRISE_USER_SCHEMA } from "./enterprise-user-schema.ts";
import { GROUP_SCHEMA } from "./group-schema.ts";
import type {
  AttributeDefinition,
  ResourceTypeDefinition,
  ResourceTypeName,
  SchemaDefinition,
} from "./schema-types.ts";
import { USER_SCHEMA } from "./user-schema.ts";

/** RFC 7643 §6: the User resource type, with the enterprise extension (not required). */
export const USER_RESOURCE_TYPE: ResourceTypeDefinition = deepFreeze({
  id: "User",
  name: "User",
  endpoint: "/Users",
  description: "User Account",
  schema: URN.user,
  schemaExtensions: [{ schema: URN.enterpriseUser, required: false }],
});

/** RFC 7643 §6: the Group resource type, without extensions. */
export const GROUP_RESOURCE_TYPE: ResourceTypeDefinition = deepFreeze({
  id: "Group",
  name: "Group",
  endpoint: "/Groups",
  description: "Group",
  schema: URN.group,
  schemaExtensions: [],
});

/** Every resource type Roster serves, in the order `/ResourceTypes` lists them. */
export const RESOURCE_TYPES: readonly ResourceTypeDefinition[] = Object.freeze([
  USER_RESOURCE_TYPE,
  GROUP_RESOURCE_TYPE,
]);

/** Every schema Roster serves, in the order `/Schemas` lists them (RFC 7644 §4). */
export const SCHEMAS: readonly SchemaDefinition[] = Object.freeze([USER_SCHEMA, ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA]);

const SCHEMAS_BY_TYPE: Readonly<Record<ResourceTypeName, readonly SchemaDefinition[]>> = Object.freeze({
  User: Object.freeze([USER_SCHEMA, ENTERPRISE_USER_SCHEMA]),
  Group: Object.freeze([GROUP_SCHEMA]),
});

/** The definition of a resource type (RFC 7643 §6). */
export function resourceTypeDefinition(resourceType: ResourceTypeName): ResourceTypeDefinition {
  return resourceType === "User" ? USER_RESOURCE_TYPE : GROUP_RESOURCE_TYPE;
}

/** The schemas of a resource type (RFC 7643 §6): the core schema first, then its extensions. */
export function schemasFor(resourceType: ResourceTypeName): readonly SchemaDefinition[] {
  return SCHEMAS_BY_TYPE[resourceType];
}

/**
 * The representation `/ResourceTypes` serves for one resource type (RFC 7643 §6, RFC 7644 §4),
 * with `schemas` and `meta` { resourceType, location }. `baseUrl` has no trailing slash.
 * `schemaExtensions` is left out when there are none, as in the RFC's Group example.
 */
export function resourceTypeDocument(def: ResourceTypeDefinition, baseUrl: string): ScimObject {
  return {
    schemas: [URN.resourceType],
    id: def.id,
    name: def.name,
    endpoint: def.endpoint,
    description: def.description,
    schema: def.schema,
    ...(def.schemaExtensions.length === 0
      ? {}
      : { schemaExtensions: def.schemaExtensions.map((ext) => ({ schema: ext.schema, required: ext.required })) }),
    meta: { resourceType: "ResourceType", location: `${baseUrl}/ResourceTypes/${def.id}` },
  };
}

/**
 * The representation `/Schemas` serves for one schema (RFC 7643 §7, §8.7.1; RFC 7644 §4), with
 * `schemas` and `meta` { resourceType, location }. `baseUrl` has no trailing slash.
 */
export function schemaDocument(schema: SchemaDefinition, baseUrl: string): ScimObject {
  return {
    schemas: [URN.schema],
    id: schema.id,
    name: schema.name,
    description: schema.description,
    attributes: schema.attributes.map(attributeJson),
    meta: { resourceType: "Schema", location: `${baseUrl}/Schemas/${schema.id}` },
  };
}

function attributeJson(def: AttributeDefinition): ScimObject {
  const { subAttributes, ...characteristics } = def;
  return subAttributes === undefined
    ? characteristics
    : { ...characteristics, subAttributes: subAttributes.map(attributeJson) };
}
