import { describe, expect, it } from "vitest";
import { ENTERPRISE_USER_SCHEMA } from "./enterprise-user-schema.ts";
import { GROUP_SCHEMA } from "./group-schema.ts";
import {
  GROUP_RESOURCE_TYPE,
  RESOURCE_TYPES,
  resourceTypeDefinition,
  resourceTypeDocument,
  SCHEMAS,
  schemaDocument,
  schemasFor,
  USER_RESOURCE_TYPE,
} from "./resource-types.ts";
import { USER_SCHEMA } from "./user-schema.ts";

const BASE = "https://roster.example.com/scim/v2/acme/EntraID";

describe("resource types (RFC 7643 §6)", () => {
  it("gives User the enterprise extension, not required", () => {
    expect(USER_RESOURCE_TYPE).toMatchObject({
      id: "User",
      endpoint: "/Users",
      schema: "urn:ietf:params:scim:schemas:core:2.0:User",
      schemaExtensions: [{ schema: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", required: false }],
    });
    expect(GROUP_RESOURCE_TYPE).toMatchObject({ id: "Group", endpoint: "/Groups", schemaExtensions: [] });
    expect(RESOURCE_TYPES).toEqual([USER_RESOURCE_TYPE, GROUP_RESOURCE_TYPE]);
    expect(resourceTypeDefinition("Group")).toBe(GROUP_RESOURCE_TYPE);
  });

  it("lists each resource type's schemas, core first", () => {
    expect(schemasFor("User")).toEqual([USER_SCHEMA, ENTERPRISE_USER_SCHEMA]);
    expect(schemasFor("Group")).toEqual([GROUP_SCHEMA]);
    expect(SCHEMAS).toHaveLength(3);
  });
});

describe("resourceTypeDocument", () => {
  it("serves the User resource type with schemas and meta", () => {
    expect(resourceTypeDocument(USER_RESOURCE_TYPE, BASE)).toEqual({
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
      id: "User",
      name: "User",
      endpoint: "/Users",
      description: "User Account",
      schema: "urn:ietf:params:scim:schemas:core:2.0:User",
      schemaExtensions: [{ schema: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", required: false }],
      meta: { resourceType: "ResourceType", location: `${BASE}/ResourceTypes/User` },
    });
  });

  it("leaves out schemaExtensions for Group, as the RFC example does", () => {
    expect(resourceTypeDocument(GROUP_RESOURCE_TYPE, BASE)).not.toHaveProperty("schemaExtensions");
  });
});

describe("schemaDocument", () => {
  it("serves a schema with every attribute, schemas and meta", () => {
    const document = schemaDocument(USER_SCHEMA, BASE);
    expect(document).toMatchObject({
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:Schema"],
      id: USER_SCHEMA.id,
      name: "User",
      meta: { resourceType: "Schema", location: `${BASE}/Schemas/urn:ietf:params:scim:schemas:core:2.0:User` },
    });
    expect(JSON.parse(JSON.stringify(document["attributes"]))).toEqual(
      JSON.parse(JSON.stringify(USER_SCHEMA.attributes)),
    );
  });
});
