/** The ListResponse message of RFC 7644 §3.4.2. */
import { type ScimObject, URN } from "./resource/scim-object.ts";

/**
 * An RFC 7644 §3.4.2 ListResponse: `totalResults` (all matches), `startIndex` (1-based, as
 * requested), `itemsPerPage` (the resources on this page) and `Resources`, always present,
 * empty when nothing matched.
 */
export function listResponse(totalResults: number, startIndex: number, resources: readonly ScimObject[]): ScimObject {
  return {
    schemas: [URN.listResponse],
    totalResults,
    startIndex,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}
