/**
 * The request limits of SPEC §14, counted by @fastify/rate-limit's store: a per-tenant request
 * rate, and failed authentications per client address and tenant (so that guessing a token is
 * slow). Both answer 429 with `Retry-After`, as a SCIM error under `/scim`.
 *
 * Roster calls the plugin's limiters from its own hooks instead of attaching them to routes:
 * the tenant key exists only once the bearer token has been checked (a limit keyed on the URL's
 * tenant would let anyone without a token use up a tenant's budget), and failures must be
 * counted only when authentication fails (read the count first, add to it on a 401).
 */
import rateLimit, { normalizeIP } from "@fastify/rate-limit";
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from "fastify";
import { RosterError } from "../protocol/errors.ts";
import { scimContext } from "./scim-context.ts";

/** The per-tenant rate is counted over windows of this many seconds: bursts within a window are fine. */
export const TENANT_WINDOW_SECONDS = 10;
/** Failed authentications are counted over windows of this many seconds. */
export const AUTH_FAILURE_WINDOW_SECONDS = 60;
/** How many keys (tenants, address-and-tenant pairs) each limiter remembers; the least recent are forgotten first. */
export const LIMITER_CACHE_SIZE = 10000;

type Limiter = ReturnType<FastifyInstance["createRateLimit"]>;

/** Registers the plugin without attaching it to any route (`global: false`): the limiters below use its store. */
export function registerRateLimitPlugin(app: FastifyInstance): void {
  app.register(rateLimit, { global: false });
}

function limiter(scope: FastifyInstance, key: (request: FastifyRequest) => string, max: number, seconds: number) {
  // `cache` sizes the store of this limiter; the plugin honours it, its types omit it.
  const options = { keyGenerator: key, max, timeWindow: seconds * 1000, cache: LIMITER_CACHE_SIZE };
  return scope.createRateLimit(options);
}

function refuse(reply: FastifyReply, retryAfterMs: number, detail: string): never {
  reply.header("retry-after", String(Math.max(1, Math.ceil(retryAfterMs / 1000))));
  throw new RosterError("tooManyRequests", detail);
}

/**
 * An onRequest hook for the authenticated SCIM scope (after the authentication hook): at most
 * `requestsPerSecond` × TENANT_WINDOW_SECONDS requests per tenant in each window. Undefined when
 * the limit is off (0).
 */
export function tenantRateLimitHook(
  scope: FastifyInstance,
  requestsPerSecond: number,
): onRequestHookHandler | undefined {
  if (requestsPerSecond === 0) return undefined;
  const check: Limiter = limiter(
    scope,
    (request) => scimContext(request).tenantId,
    requestsPerSecond * TENANT_WINDOW_SECONDS,
    TENANT_WINDOW_SECONDS,
  );
  return async (request, reply) => {
    const outcome = await check(request);
    if (!outcome.isAllowed && outcome.isExceeded) {
      refuse(reply, outcome.ttl, "Too many requests for this tenant; retry after the time in Retry-After");
    }
  };
}

/** Counts failed authentications per client address and tenant. */
export interface AuthFailureGuard {
  /** Refuses with 429 (RosterError `tooManyRequests`, `Retry-After` on the reply) while the limit is reached. */
  check(request: FastifyRequest, reply: FastifyReply): Promise<void>;
  /** Counts one failed authentication. */
  record(request: FastifyRequest): Promise<void>;
}

/**
 * A guard that allows `failuresPerMinute` failed authentications per client address (IPv6 by
 * /64) and tenant in each window, then refuses every request from that address to that tenant,
 * right token or not, until the window ends. Undefined when the limit is off (0). The tenant is
 * part of the key because identity providers share egress addresses: one tenant's broken token
 * must not lock the others out.
 */
export function authFailureGuard(scope: FastifyInstance, failuresPerMinute: number): AuthFailureGuard | undefined {
  if (failuresPerMinute === 0) return undefined;
  const key = (request: FastifyRequest) => {
    const tenantId = (request.params as { tenantId?: unknown } | null)?.tenantId;
    return `${normalizeIP(request.ip)} ${typeof tenantId === "string" ? tenantId : ""}`;
  };
  // The plugin refuses once the count exceeds `max`: so `max` is one less than the failures allowed.
  const failures: Limiter = limiter(scope, key, failuresPerMinute - 1, AUTH_FAILURE_WINDOW_SECONDS);
  return {
    async check(request, reply) {
      const outcome = await failures(request, { increment: false });
      if (!outcome.isAllowed && outcome.isExceeded) {
        refuse(reply, outcome.ttl, "Too many failed authentications from this address; retry after Retry-After");
      }
    },
    async record(request) {
      await failures(request);
    },
  };
}
