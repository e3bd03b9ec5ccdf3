/** The shapes of RFC 7643 §7 schema definitions and §6 resource types, as `/Schemas` serves them. */

/** RFC 7643 §2.3 data types. */
export type AttributeType =
  | "string"
  | "boolean"
  | "decimal"
  | "integer"
  | "dateTime"
  | "reference"
  | "complex"
  | "binary";

/** RFC 7643 §7 attribute characteristics. */
export interface AttributeDefinition {
  readonly name: string;
  readonly type: AttributeType;
  readonly multiValued: boolean;
  readonly description: string;
  readonly required: boolean;
  readonly caseExact: boolean;
  readonly mutability: "readOnly" | "readWrite" | "immutable" | "writeOnly";
  readonly returned: "always" | "never" | "default" | "request";
  readonly uniqueness: "none" | "server" | "global";
  readonly canonicalValues?: readonly string[];
  readonly referenceTypes?: readonly string[];
  readonly subAttributes?: readonly AttributeDefinition[];
}

/** RFC 7643 §7 schema. */
export interface SchemaDefinition {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly attributes: readonly AttributeDefinition[];
}

/** RFC 7643 §6 resource type. */
export interface ResourceTypeDefinition {
  readonly id: "User" | "Group";
  readonly name: "User" | "Group";
  readonly endpoint: "/Users" | "/Groups";
  readonly description: string;
  readonly schema: string;
  readonly schemaExtensions: readonly { readonly schema: string; readonly required: boolean }[];
}

/** The two resource types Roster serves. */
export type ResourceTypeName = "User" | "Group";

/**
 * An attribute path resolved against the schemas of a resource type. `canonicalPath` is the
 * stable, case-normalized key Roster stores and indexes values under: `userName`,
 * `name.givenName`, `emails.value`, or for extensions the URN followed by `:` and the path,
 * e.g. `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value`.
 * Common attributes (`id`, `externalId`, `meta.*`, RFC 7643 §3.1) resolve too, with
 * `schema` set to the resource type's core schema.
 */
export interface ResolvedAttribute {
  readonly schema: SchemaDefinition;
  readonly attribute: AttributeDefinition;
  readonly subAttribute: AttributeDefinition | undefined;
  readonly canonicalPath: string;
}
