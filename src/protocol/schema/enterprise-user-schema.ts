/** The enterprise User extension, `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User` (RFC 7643 §4.3, §8.7.1). */
import { URN } from "../resource/scim-object.ts";
import { deepFreeze, defineAttribute } from "./define-attribute.ts";
import type { SchemaDefinition } from "./schema-types.ts";

/**
 * RFC 7643 §4.3 and §8.7.1: every attribute of the enterprise User extension with all its
 * characteristics; `manager.displayName` is readOnly. Deep-frozen.
 */
export const ENTERPRISE_USER_SCHEMA: SchemaDefinition = deepFreeze({
  id: URN.enterpriseUser,
  name: "EnterpriseUser",
  description: "Enterprise User",
  attributes: [
    defineAttribute(
      "employeeNumber",
      "string",
      "Numeric or alphanumeric identifier assigned to a person, typically based on order of hire or association with an organization.",
    ),
    defineAttribute("costCenter", "string", "Identifies the name of a cost center."),
    defineAttribute("organization", "string", "Identifies the name of an organization."),
    defineAttribute("division", "string", "Identifies the name of a division."),
    defineAttribute("department", "string", "Identifies the name of a department."),
    defineAttribute(
      "manager",
      "complex",
      "The User's manager.  A complex type that optionally allows service providers to represent organizational hierarchy by referencing the 'id' attribute of another User.",
      {
        subAttributes: [
          defineAttribute("value", "string", "The id of the SCIM resource representing the User's manager.  REQUIRED."),
          defineAttribute(
            "$ref",
            "reference",
            "The URI of the SCIM resource representing the User's manager.  REQUIRED.",
            { referenceTypes: ["User"] },
          ),
          defineAttribute("displayName", "string", "The displayName of the User's manager.  OPTIONAL and READ-ONLY.", {
            mutability: "readOnly",
          }),
        ],
      },
    ),
  ],
});
