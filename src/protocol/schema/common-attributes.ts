/** The common attributes every SCIM resource carries (RFC 7643 §3.1): `id`, `externalId`, `meta`. */
import { deepFreeze, defineAttribute } from "./define-attribute.ts";
import type { AttributeDefinition } from "./schema-types.ts";

/**
 * RFC 7643 §3.1 `id`: assigned by Roster, read-only, always returned, case-exact. Unique per
 * tenant, hence `uniqueness` server.
 */
export const ID_ATTRIBUTE: AttributeDefinition = deepFreeze(
  defineAttribute(
    "id",
    "string",
    'A unique identifier for a SCIM resource as defined by the service provider.  Each representation of the resource MUST include a non-empty "id" value.  This identifier MUST be unique across the SCIM service provider\'s entire set of resources.  It MUST be a stable, non-reassignable identifier that does not change when the same resource is returned in subsequent requests.',
    { caseExact: true, mutability: "readOnly", returned: "always", uniqueness: "server" },
  ),
);

/** RFC 7643 §3.1 `externalId`: the provisioning client's identifier, case-exact, read-write. */
export const EXTERNAL_ID_ATTRIBUTE: AttributeDefinition = deepFreeze(
  defineAttribute(
    "externalId",
    "string",
    "A String that is an identifier for the resource as defined by the provisioning client.",
    { caseExact: true },
  ),
);

/** RFC 7643 §3.1 `meta`: resource metadata, every sub-attribute read-only. */
export const META_ATTRIBUTE: AttributeDefinition = deepFreeze(
  defineAttribute("meta", "complex", "A complex attribute containing resource metadata.", {
    mutability: "readOnly",
    subAttributes: [
      defineAttribute("resourceType", "string", "The name of the resource type of the resource.", {
        caseExact: true,
        mutability: "readOnly",
      }),
      defineAttribute("created", "dateTime", 'The "DateTime" that the resource was added to the service provider.', {
        mutability: "readOnly",
      }),
      defineAttribute(
        "lastModified",
        "dateTime",
        "The most recent DateTime that the details of this resource were updated at the service provider.",
        { mutability: "readOnly" },
      ),
      defineAttribute("location", "reference", "The URI of the resource being returned.", {
        caseExact: true,
        mutability: "readOnly",
        referenceTypes: ["uri"],
      }),
      defineAttribute("version", "string", "The version of the resource being returned.", {
        caseExact: true,
        mutability: "readOnly",
      }),
    ],
  }),
);

/** The three common attributes, in the order RFC 7643 §3.1 lists them. */
export const COMMON_ATTRIBUTES: readonly AttributeDefinition[] = Object.freeze([
  ID_ATTRIBUTE,
  EXTERNAL_ID_ATTRIBUTE,
  META_ATTRIBUTE,
]);
