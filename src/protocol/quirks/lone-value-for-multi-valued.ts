/** Clients send a lone value where RFC 7643 §2.4 requires a multi-valued attribute's JSON array. */
import { isScimObject } from "../resource/scim-object.ts";
import { rewriteAttributeValues } from "./attribute-values.ts";
import { findRawKey, type RawObject, withRaw } from "./patch-body.ts";
import type { Quirk, QuirkRequest } from "./quirk.ts";

function rewrite(request: QuirkRequest): unknown {
  const body = rewriteAttributeValues(request, (def, value, element) =>
    def.multiValued && !element && value !== null && value !== undefined && !Array.isArray(value) ? [value] : value,
  );
  return request.kind === "resource" && isScimObject(body) ? wrapSchemas(body) : body;
}

// `schemas` (RFC 7643 §3) is multi-valued too, but no schema lists it among its attributes.
function wrapSchemas(body: RawObject): RawObject {
  const key = findRawKey(body, "schemas");
  const schemas = key === undefined ? undefined : body[key];
  return typeof schemas === "string" ? withRaw(body, key!, [schemas]) : body;
}

/**
 * Wraps a lone value (not null) of a multi-valued attribute in an array: `"emails": { … }`,
 * `"add" "members"` with one `{ "value": … }`, and a resource's `"schemas": "urn:…"`.
 */
export const loneValueForMultiValued: Quirk = Object.freeze({
  id: "lone-value-for-multi-valued",
  summary: 'A lone value of a multi-valued attribute ("emails": {…}, "schemas": "urn:…") becomes a one-element array.',
  source: "https://github.com/Captain-P-Goldfish/SCIM-SDK/issues/47",
  kinds: Object.freeze(["patch", "resource"] as const),
  providers: "any",
  matches: (request: QuirkRequest) => rewrite(request) !== request.body,
  rewrite,
});
