/** Parses a POST or PUT body as identity providers send it: their quirks rewritten, then the strict RFC 7643 parse. */
import type { Result } from "../errors.ts";
import { normalizeResourceBody } from "../quirks/provider-quirks.ts";
import type { ResourceTypeName } from "../schema/schema-types.ts";
import { parseStrictResource } from "./parse-strict-resource.ts";
import type { ScimObject } from "./scim-object.ts";

/**
 * Parses a create or replace body from any client: `normalizeResourceBody` first rewrites the
 * known deviations of identity providers ("True" for true, a bare `manager` id, a lone value
 * for a multi-valued attribute…, see `src/protocol/quirks/`), then `parseStrictResource`
 * canonicalizes the resource with its guarantees and error codes. `provider` is the provider
 * segment of the request's URL, "" when unknown. Never throws.
 */
export function parseResource(resourceType: ResourceTypeName, body: unknown, provider = ""): Result<ScimObject> {
  return parseStrictResource(resourceType, normalizeResourceBody(resourceType, body, provider));
}
