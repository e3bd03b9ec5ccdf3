/** The shape of an identity provider's known deviation from RFC 7643/7644, and of the request it inspects. */
import type { ResourceTypeName } from "../schema/schema-types.ts";

/** The request bodies a quirk can rewrite: a PatchOp (RFC 7644 §3.5.2) or a POST/PUT resource (§3.3, §3.5.1). */
export type QuirkBodyKind = "patch" | "resource";

/**
 * One request as the quirks see it, before the strict core parses it. `resourceType` is
 * undefined when the caller does not know it; paths are then read against each resource type
 * in turn. `provider` is the `{provider}` segment of the SCIM base URL (SPEC §1), "" when unknown.
 */
export interface QuirkRequest {
  readonly kind: QuirkBodyKind;
  readonly resourceType: ResourceTypeName | undefined;
  readonly provider: string;
  readonly body: unknown;
}

/**
 * A known deviation, recognized by what the request looks like and rewritten into the strict
 * RFC form. Guarantees of every quirk: `matches` and `rewrite` are pure and never throw on any
 * input; `rewrite` returns `request.body` itself when it has nothing to change, never mutates
 * it, and never writes a key that could reach a prototype (new objects are built with
 * `Object.fromEntries`).
 */
export interface Quirk {
  /** Stable, kebab-case, the name of its module. */
  readonly id: string;
  /** What the provider sends and what it becomes, in one sentence. */
  readonly summary: string;
  /** Where the deviation is documented: a provider's page, or the public report it was taken from. */
  readonly source: string;
  /** The request bodies it applies to. */
  readonly kinds: readonly QuirkBodyKind[];
  /**
   * `"any"` when the shape alone identifies the deviation (customers name the provider segment
   * freely); otherwise the provider segments, compared case-insensitively, for a rewrite that
   * would be wrong for a strict client.
   */
  readonly providers: "any" | readonly string[];
  matches(request: QuirkRequest): boolean;
  rewrite(request: QuirkRequest): unknown;
}

/** True when `quirk` applies to `request`'s kind and provider segment (not yet whether its shape matches). */
export function isInScope(quirk: Quirk, request: QuirkRequest): boolean {
  if (!quirk.kinds.includes(request.kind)) return false;
  if (quirk.providers === "any") return true;
  const provider = request.provider.toLowerCase();
  return quirk.providers.some((name) => name.toLowerCase() === provider);
}
