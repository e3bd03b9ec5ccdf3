/** Builds a quirk that rewrites attribute values where a schema defines them, in resource bodies and PATCH values. */
import { rewriteAttributeValues, type ValueRewrite } from "./attribute-values.ts";
import type { Quirk, QuirkRequest } from "./quirk.ts";

/** What a value quirk declares besides its rewrite of one value. */
export interface ValueQuirkSpec {
  readonly id: string;
  readonly summary: string;
  readonly source: string;
  readonly rewriteValue: ValueRewrite;
}

/**
 * A quirk for both body kinds that applies `rewriteValue` at every place `rewriteAttributeValues`
 * visits; it matches exactly when that changes something.
 */
export function defineValueQuirk(spec: ValueQuirkSpec): Quirk {
  const rewrite = (request: QuirkRequest) => rewriteAttributeValues(request, spec.rewriteValue);
  return Object.freeze({
    id: spec.id,
    summary: spec.summary,
    source: spec.source,
    kinds: Object.freeze(["patch", "resource"] as const),
    providers: "any" as const,
    matches: (request: QuirkRequest) => rewrite(request) !== request.body,
    rewrite,
  });
}
