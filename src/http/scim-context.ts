/** The authenticated SCIM context of a request: tenant, provider, and the base URL for `meta.location`. */
import type { FastifyRequest } from "fastify";
import type { Config } from "../config.ts";
import type { ScimContext } from "../domain/scim-operations.ts";

const contexts = new WeakMap<FastifyRequest, ScimContext>();

/** Records the context the authentication hook established. */
export function setScimContext(request: FastifyRequest, context: ScimContext): void {
  contexts.set(request, Object.freeze(context));
}

/** The context of an authenticated SCIM request; throws when the route is outside the authenticated scope (a bug). */
export function scimContext(request: FastifyRequest): ScimContext {
  const context = contexts.get(request);
  if (context === undefined) throw new Error(`no SCIM context for ${request.method} ${request.url}`);
  return context;
}

/**
 * The SCIM base URL of a tenant and provider, without a trailing slash: PUBLIC_BASE_URL when
 * configured, else the request's protocol and Host (X-Forwarded-Proto/Host count only with
 * TRUST_PROXY=true, which fastify's `trustProxy` applies).
 */
export function scimBaseUrl(request: FastifyRequest, config: Config, tenantId: string, provider: string): string {
  const origin = config.publicBaseUrl ?? `${request.protocol}://${request.host || "localhost"}`;
  return `${origin}/scim/v2/${encodeURIComponent(tenantId)}/${encodeURIComponent(provider)}`;
}
