/** The SCIM error body of RFC 7644 §3.12. */
import { type ScimObject, URN } from "./resource/scim-object.ts";

/**
 * An RFC 7644 §3.12 error response body: the Error message URN, `status` as a string
 * (`"404"`), `scimType` only when given, and the human-readable `detail`.
 */
export function scimErrorBody(status: number, detail: string, scimType?: string): ScimObject {
  return {
    schemas: [URN.error],
    status: String(status),
    ...(scimType === undefined ? {} : { scimType }),
    detail,
  };
}
