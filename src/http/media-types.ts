/** The media types of the SCIM edge (RFC 7644 §3.1, §8.1). */

/** RFC 7644 §8.1: the SCIM media type. */
export const SCIM_MEDIA_TYPE = "application/scim+json";
/** What every SCIM response carries. */
export const SCIM_CONTENT_TYPE = "application/scim+json; charset=utf-8";
/** What responses outside the SCIM endpoints (health, unknown routes) carry. */
export const JSON_CONTENT_TYPE = "application/json; charset=utf-8";
/** RFC 9457: the media type of the management API's errors. */
export const PROBLEM_CONTENT_TYPE = "application/problem+json; charset=utf-8";

/**
 * The content type of a SCIM response to a request with this `Accept` header: SCIM's own type,
 * unless the client asks for `application/json` and not for `application/scim+json` (RFC 7644
 * §3.8: service providers SHOULD support `application/json`; OneLogin requires it).
 */
export function scimContentTypeFor(accept: string | undefined): string {
  const types = (accept ?? "").split(",").map((part) => part.split(";")[0]?.trim().toLowerCase());
  return types.includes("application/json") && !types.includes(SCIM_MEDIA_TYPE) ? JSON_CONTENT_TYPE : SCIM_CONTENT_TYPE;
}
