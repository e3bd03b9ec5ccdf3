/** The registry of identity-provider quirks, and the two functions that rewrite a request into strict RFC 7644 form. */
import type { ResourceTypeName } from "../schema/schema-types.ts";
import { entraBareComplexValue } from "./entra-bare-complex-value.ts";
import { entraCapitalizedOp } from "./entra-capitalized-op.ts";
import { entraPathlessValuePaths } from "./entra-pathless-value-paths.ts";
import { entraRemoveValueArray } from "./entra-remove-value-array.ts";
import { entraStringBooleans } from "./entra-string-booleans.ts";
import { loneValueForMultiValued } from "./lone-value-for-multi-valued.ts";
import { oneElementArrayForSingleValued } from "./one-element-array-for-single-valued.ts";
import { isInScope, type Quirk, type QuirkRequest } from "./quirk.ts";

/**
 * Every known quirk, in the order they are applied: first the shape of the PatchOp (`op`
 * names, then value-path keys split out, then Entra ID's member removals), then the shape of
 * values (arrays, bare ids, booleans). Each later quirk sees what the earlier ones wrote.
 */
export const PROVIDER_QUIRKS: readonly Quirk[] = Object.freeze([
  entraCapitalizedOp,
  entraPathlessValuePaths,
  entraRemoveValueArray,
  oneElementArrayForSingleValued,
  loneValueForMultiValued,
  entraBareComplexValue,
  entraStringBooleans,
]);

/** Who sent a PATCH: the resource type it targets (undefined when unknown) and the provider segment of its URL. */
export interface PatchDialect {
  readonly resourceType?: ResourceTypeName | undefined;
  readonly provider?: string | undefined;
}

/** The body after every quirk in scope whose shape matches, and the ids of those quirks, in order. */
export interface Normalized {
  readonly body: unknown;
  readonly applied: readonly string[];
}

/**
 * Applies `quirks` in order to `request`: each quirk in scope (its kind, its providers) whose
 * `matches` holds rewrites the body the next one sees. Pure; returns the same body when no
 * quirk matches.
 */
export function applyQuirks(quirks: readonly Quirk[], request: QuirkRequest): Normalized {
  let current = request;
  const applied: string[] = [];
  for (const quirk of quirks) {
    if (!isInScope(quirk, current) || !quirk.matches(current)) continue;
    current = { ...current, body: quirk.rewrite(current) };
    applied.push(quirk.id);
  }
  return { body: current.body, applied: Object.freeze(applied) };
}

/**
 * A PatchOp body in a provider's dialect rewritten into strict RFC 7644 §3.5.2 form, ready for
 * `parseStrictPatchRequest`. Never throws; a body no quirk recognizes comes back unchanged.
 */
export function normalizePatchRequest(body: unknown, dialect: PatchDialect = {}): unknown {
  return applyQuirks(PROVIDER_QUIRKS, {
    kind: "patch",
    resourceType: dialect.resourceType,
    provider: dialect.provider ?? "",
    body,
  }).body;
}

/**
 * A POST or PUT body in a provider's dialect rewritten into strict RFC 7643 form, ready for
 * `parseStrictResource`. Never throws; a body no quirk recognizes comes back unchanged.
 */
export function normalizeResourceBody(resourceType: ResourceTypeName, body: unknown, provider = ""): unknown {
  return applyQuirks(PROVIDER_QUIRKS, { kind: "resource", resourceType, provider, body }).body;
}
