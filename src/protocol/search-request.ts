/** The SearchRequest message of `POST …/.search` (RFC 7644 §3.4.3, RFC 9865 §3). */
import { fail, ok, type Result } from "./errors.ts";
import { LIST_QUERY_PARAMS, type ListQueryParams } from "./list-query.ts";
import { isMessage, memberOf } from "./message-members.ts";
import { URN } from "./resource/scim-object.ts";

/**
 * Reads a `/.search` body into the same parameters as a query string, for `parseListQuery`
 * to check. The body must be a JSON object whose `schemas` lists the SearchRequest URN
 * (`invalidSyntax` otherwise, RFC 7644 §3.4.3 "MUST be identified"). Member names are
 * case-insensitive; other members are ignored, as unknown query parameters are (§3.4.2).
 * Values keep their JSON types: `count` may be a number, `attributes` an array of names.
 */
export function parseSearchRequest(body: unknown): Result<ListQueryParams> {
  if (!isMessage(body, URN.searchRequest)) {
    return fail("invalidSyntax", `a search body must be a JSON object listing "${URN.searchRequest}" in "schemas"`);
  }
  return ok(Object.freeze(Object.fromEntries(LIST_QUERY_PARAMS.map((name) => [name, memberOf(body, name)]))));
}
