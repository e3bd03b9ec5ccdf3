/** The core Group schema, `urn:ietf:params:scim:schemas:core:2.0:Group`, as RFC 7643 §4.2 and §8.7.1 define it. */
import { URN } from "../resource/scim-object.ts";
import { deepFreeze, defineAttribute } from "./define-attribute.ts";
import type { SchemaDefinition } from "./schema-types.ts";

/**
 * RFC 7643 §4.2 and §8.7.1: the core Group schema. Roster decisions: `displayName` is
 * `required` (the RFC's description says REQUIRED and Roster refuses a group without one);
 * `members` carries `value` and `$ref` (immutable), `display` (readOnly, filled by Roster)
 * and `type` (immutable). Members are users only: a group's members are its direct user members
 * (SPEC §6) and nesting is not SCIM's to change, so `$ref` refers to `User` and `type`'s one
 * canonical value is `User`, describing exactly what works. Deep-frozen.
 */
export const GROUP_SCHEMA: SchemaDefinition = deepFreeze({
  id: URN.group,
  name: "Group",
  description: "Group",
  attributes: [
    defineAttribute("displayName", "string", "A human-readable name for the Group.  REQUIRED.", { required: true }),
    defineAttribute("members", "complex", "A list of members of the Group.", {
      multiValued: true,
      subAttributes: [
        defineAttribute("value", "string", "Identifier of the member of this Group.", { mutability: "immutable" }),
        defineAttribute(
          "$ref",
          "reference",
          "The URI corresponding to a SCIM resource that is a member of this Group.",
          { referenceTypes: ["User"], mutability: "immutable" },
        ),
        defineAttribute(
          "display",
          "string",
          "A human-readable name, primarily used for display purposes.  READ-ONLY.",
          {
            mutability: "readOnly",
          },
        ),
        defineAttribute("type", "string", "A label indicating the type of resource, e.g., 'User' or 'Group'.", {
          canonicalValues: ["User"],
          mutability: "immutable",
        }),
      ],
    }),
  ],
});
