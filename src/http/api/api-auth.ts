/**
 * The hook that guards the management API (SPEC §9): an admin key in `Authorization: Bearer`,
 * then what the route needs of it (its tenant, global-only routes, writes). It runs before the
 * body is read, so an unauthenticated request costs no parsing.
 */
import type { FastifyRequest, onRequestAsyncHookHandler } from "fastify";
import { assertAdminAccess } from "../../domain/admin-access.ts";
import type { AdminKeyService } from "../../domain/admin-key-service.ts";
import { setAdminKey } from "./api-context.ts";

/** What a route declares in its `config.access`. */
export interface RouteAccess {
  /** No key needed: the OpenAPI document and its viewer, which say nothing about any tenant. */
  readonly public?: boolean;
  /** Only global keys: admin keys and the tenant collection. */
  readonly globalOnly?: boolean;
}

/** The path parameter that names a route's tenant. */
const TENANT_PARAM = "tenantId";

/** Authenticates every API request whose route is not public and checks the key against the route. */
export function apiAuthHook(keys: AdminKeyService): onRequestAsyncHookHandler {
  return async (request: FastifyRequest) => {
    const access = (request.routeOptions.config as { access?: RouteAccess }).access ?? {};
    if (access.public === true) return;
    const key = await keys.authenticate(request.headers.authorization);
    const params = (request.params ?? {}) as Record<string, string | undefined>;
    assertAdminAccess(key, {
      tenantId: params[TENANT_PARAM],
      globalOnly: access.globalOnly === true,
      write: request.method !== "GET" && request.method !== "HEAD",
    });
    setAdminKey(request, key);
  };
}
