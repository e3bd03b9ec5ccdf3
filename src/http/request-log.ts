/**
 * One log line per request (SPEC §14): surface, method, route template, status, duration, tenant
 * and provider, and the names of the query parameters present. Never the URL: ids in paths are
 * emails, and query values are filters that can hold anything.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import { isTenantId } from "../domain/tenant-id.ts";
import { levelEnabled } from "./logger-options.ts";
import { surfaceOf } from "./surface.ts";

/** Routes polled by load balancers and scrapers: their successes are logged at `debug`, not `info`. */
const PROBES: ReadonlySet<string> = new Set(["/livez", "/readyz", "/healthz", "/metrics"]);

const PROVIDER = /^[A-Za-z0-9_-]{1,64}$/;
const PARAMETER_NAME = /^[A-Za-z][A-Za-z0-9_.:-]{0,63}$/;
const MAX_PARAMETER_NAMES = 16;

/** The tenant and provider a request's path names, when they are well formed (a log must not carry arbitrary input). */
export function tenantBindings(params: unknown): { tenant?: string; provider?: string } | undefined {
  if (typeof params !== "object" || params === null) return undefined;
  const { tenantId, provider } = params as { tenantId?: unknown; provider?: unknown };
  const tenant = typeof tenantId === "string" && isTenantId(tenantId) ? tenantId : undefined;
  const named = typeof provider === "string" && PROVIDER.test(provider) ? provider : undefined;
  if (tenant === undefined && named === undefined) return undefined;
  return { ...(tenant === undefined ? {} : { tenant }), ...(named === undefined ? {} : { provider: named }) };
}

/** The names of the query parameters of a request (well-formed names only, at most 16); never their values. */
export function queryParameterNames(url: string, query: unknown): readonly string[] | undefined {
  if (!url.includes("?") || typeof query !== "object" || query === null) return undefined;
  const names = Object.keys(query).filter((name) => PARAMETER_NAME.test(name));
  return names.length === 0 ? undefined : names.slice(0, MAX_PARAMETER_NAMES);
}

/** Writes the request's line: `info`, or `debug` for a successful probe. Nothing is built when that level is off. */
export function logRequest(request: FastifyRequest, reply: FastifyReply): void {
  const log = request.log;
  if (log.level === "silent") return;
  const route = request.routeOptions.url;
  const status = reply.statusCode;
  const level = route !== undefined && status < 400 && PROBES.has(route) ? "debug" : "info";
  if (!levelEnabled(log, level)) return;
  const query = queryParameterNames(request.url, request.query);
  const line = {
    surface: surfaceOf(route ?? request.url),
    method: request.method,
    route: route ?? null,
    status,
    ms: Math.round(reply.elapsedTime * 10) / 10,
    ...(query === undefined ? {} : { query }),
  };
  log[level](line, "request");
}

/**
 * At the start of a request: binds tenant and provider to every log line of the request (from
 * the routed path, before authentication, so refusals carry them too), and at `debug` logs that
 * it arrived (a request that never finishes still shows). Nothing at all while the level is `silent`.
 */
export function startRequestLog(request: FastifyRequest): void {
  if (request.log.level === "silent") return;
  const bindings = tenantBindings(request.params);
  if (bindings !== undefined) request.log = request.log.child(bindings);
  if (levelEnabled(request.log, "debug")) {
    const route = request.routeOptions.url;
    request.log.debug(
      { surface: surfaceOf(route ?? request.url), method: request.method, route: route ?? null },
      "request received",
    );
  }
}
