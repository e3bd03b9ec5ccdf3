/** The hook that guards every SCIM endpoint: provider segment, then bearer token (SPEC §1, §2). */
import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from "fastify";
import type { Config } from "../config.ts";
import { parseProviderName } from "../domain/provider-name.ts";
import { pausedError } from "../domain/tenant-pause.ts";
import type { TenantService } from "../domain/tenant-service.ts";
import { RosterError, unwrap } from "../protocol/errors.ts";
import type { AuthFailureGuard } from "./rate-limits.ts";
import { scimBaseUrl, setScimContext } from "./scim-context.ts";

/** The URL parameters of the SCIM scope `/scim/v2/:tenantId/:provider`. */
export interface ScimScopeParams {
  readonly tenantId: string;
  readonly provider: string;
}

/**
 * Refuses a malformed provider segment with 404 (it names no endpoint, and says nothing about
 * tenants), then authenticates with TenantService.authenticate (401 alike for every failure,
 * 403 when provisioning is off) and records the ScimContext. Discovery endpoints are guarded
 * too: RFC 7644 §4 allows either, and an open endpoint would tell which tenants exist.
 * With a `guard`, an address that failed too often for this tenant gets 429 before its token is
 * looked at, and every 401 counts. While the tenant is paused (SPEC §9), writes answer 503 with
 * the pause's `Retry-After`; reads go on.
 */
export function scimAuthHook(
  tenants: TenantService,
  config: Config,
  guard?: AuthFailureGuard,
): onRequestAsyncHookHandler {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const params = request.params as ScimScopeParams;
    const provider = unwrap(parseProviderName(params.provider));
    await guard?.check(request, reply);
    const tenant = await tenants.authenticate(params.tenantId, request.headers.authorization).catch(async (error) => {
      if (guard !== undefined && error instanceof RosterError && error.code === "unauthorized") {
        await guard.record(request);
      }
      throw error;
    });
    if (tenant.pause !== null && isScimWrite(request)) throw pausedError(tenant.pause);
    setScimContext(request, {
      tenantId: tenant.id,
      provider,
      baseUrl: scimBaseUrl(request, config, tenant.id, provider),
    });
  };
}

/** SPEC §9: the requests a pause holds back: POST, PUT, PATCH and DELETE (Bulk included), but not `/.search`. */
export function isScimWrite(request: FastifyRequest): boolean {
  if (request.method === "GET" || request.method === "HEAD") return false;
  return !(request.routeOptions.url ?? "").endsWith("/.search");
}
