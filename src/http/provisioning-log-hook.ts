/**
 * The SCIM edge's part of the provisioning log (SPEC §11): a write's row is written by the
 * domain in the write's transaction (through the trace `writeContext` gives it); every other
 * SCIM request of a well-formed tenant and provider — reads, refusals (401, 403, 429, 503),
 * failures — is recorded here once it is answered. Never a body, a query string or a token.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { LogOutcome } from "../domain/outbox-ports.ts";
import type { ProvisioningLogService } from "../domain/provisioning-log-service.ts";
import type { RequestTrace } from "../domain/request-trace.ts";
import type { ScimContext } from "../domain/scim-operations.ts";
import { isTenantId } from "../domain/tenant-id.ts";
import type { ErrorCode } from "../protocol/errors.ts";
import { errorResponse } from "./error-response.ts";
import { scimContext } from "./scim-context.ts";

const PROVIDER = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_PATH = 512;
const WRITES: ReadonlySet<string> = new Set(["POST", "PUT", "PATCH", "DELETE"]);

const traces = new WeakMap<FastifyRequest, RequestTrace[]>();
const failures = new WeakMap<
  FastifyRequest,
  { readonly code: ErrorCode | undefined; readonly scimType: string | null }
>();

/** The path of a SCIM request below `/scim/v2/{tenant}/{provider}`, without its query string. */
export function scimPathOf(url: string): string {
  const path = url.split("?")[0] ?? "";
  const below = `/${path.split("/").slice(5).join("/")}`;
  return below.length > MAX_PATH ? below.slice(0, MAX_PATH) : below;
}

/** A trace of this request for one write, answering `status` on success (several for Bulk's operations). */
export function traceFor(request: FastifyRequest, method: string, path: string, status: number): RequestTrace {
  const trace: RequestTrace = {
    requestId: String(request.id),
    provider: scimContext(request).provider,
    method,
    path: path.length > MAX_PATH ? path.slice(0, MAX_PATH) : path,
    startedAt: Date.now(),
    status,
    logged: false,
  };
  const list = traces.get(request) ?? [];
  list.push(trace);
  traces.set(request, list);
  return trace;
}

/** The context of a write answering `status`: its provisioning log row is written with it. */
export function writeContext(request: FastifyRequest, status: number): ScimContext {
  return { ...scimContext(request), trace: traceFor(request, request.method, scimPathOf(request.url), status) };
}

function outcomeOf(method: string, status: number, code: ErrorCode | undefined): LogOutcome {
  if (code === "unauthorized" || status === 401) return "unauthorized";
  if (code === "paused") return "paused";
  if (status >= 400) return "rejected";
  return WRITES.has(method) ? "updated" : "read";
}

function resourceTypeOf(route: string | undefined): string | null {
  if (route === undefined) return null;
  if (/\/Users(\/|$)/.test(route)) return "User";
  if (/\/Groups(\/|$)/.test(route)) return "Group";
  return null;
}

/** Records the SCIM requests of `scope` that no write recorded. */
export function registerProvisioningLog(scope: FastifyInstance, log: ProvisioningLogService): void {
  scope.addHook("onError", (request, _reply, error, done) => {
    const response = errorResponse(error);
    const scimType = response.body["scimType"];
    failures.set(request, { code: response.code, scimType: typeof scimType === "string" ? scimType : null });
    done();
  });
  scope.addHook("onResponse", (request, reply, done) => {
    done();
    const own = traces.get(request) ?? [];
    // A write logged itself; Bulk's operations each logged (or were logged as failures).
    if (own.length > 0 && (own.every((trace) => trace.logged) || request.routeOptions.url?.endsWith("/Bulk"))) return;
    const deferred = own.find((trace) => trace.deferred !== undefined && !trace.logged);
    const { tenantId, provider, id } = (request.params ?? {}) as { tenantId?: string; provider?: string; id?: string };
    if (
      typeof tenantId !== "string" ||
      !isTenantId(tenantId) ||
      typeof provider !== "string" ||
      !PROVIDER.test(provider)
    ) {
      return;
    }
    const failure = failures.get(request);
    const status = reply.statusCode;
    const isSearch = (request.routeOptions.url ?? "").endsWith("/.search");
    const method = request.method;
    const outcome =
      deferred?.deferred !== undefined && status < 400
        ? deferred.deferred.outcome
        : outcomeOf(isSearch ? "GET" : method, status, failure?.code);
    const entry = {
      at: new Date(Date.now() - reply.elapsedTime).toISOString(),
      provider,
      method,
      path: scimPathOf(request.url),
      status,
      scimType: failure?.scimType ?? null,
      resourceType: deferred?.deferred?.resourceType ?? resourceTypeOf(request.routeOptions.url),
      resourceId: deferred?.deferred?.resourceId ?? (typeof id === "string" && id.length <= MAX_PATH ? id : null),
      outcome,
      changes: [],
      durationMs: reply.elapsedTime,
      requestId: String(request.id),
    };
    log.queue(tenantId, entry);
  });
}
