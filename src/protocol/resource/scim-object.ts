/** JSON value types for SCIM resources as they travel through Roster. */

/** Any JSON value. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** A JSON object: a SCIM resource or a complex attribute value. */
export type ScimObject = { readonly [key: string]: JsonValue };

/** True for a plain JSON object (not an array, not null). */
export function isScimObject(value: unknown): value is ScimObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** RFC 7644 / RFC 7643 schema and message URNs. */
export const URN = Object.freeze({
  user: "urn:ietf:params:scim:schemas:core:2.0:User",
  group: "urn:ietf:params:scim:schemas:core:2.0:Group",
  enterpriseUser: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
  listResponse: "urn:ietf:params:scim:api:messages:2.0:ListResponse",
  searchRequest: "urn:ietf:params:scim:api:messages:2.0:SearchRequest",
  patchOp: "urn:ietf:params:scim:api:messages:2.0:PatchOp",
  bulkRequest: "urn:ietf:params:scim:api:messages:2.0:BulkRequest",
  bulkResponse: "urn:ietf:params:scim:api:messages:2.0:BulkResponse",
  error: "urn:ietf:params:scim:api:messages:2.0:Error",
  serviceProviderConfig: "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig",
  resourceType: "urn:ietf:params:scim:schemas:core:2.0:ResourceType",
  schema: "urn:ietf:params:scim:schemas:core:2.0:Schema",
});
