/** `POST /Bulk` (RFC 7644 §3.7): parse, run through the domain, answer the BulkResponse. */
import type { FastifyInstance } from "fastify";
import { runBulk } from "../domain/bulk-runner.ts";
import type { ProvisioningLogService } from "../domain/provisioning-log-service.ts";
import type { RequestTrace } from "../domain/request-trace.ts";
import { BULK_MAX_OPERATIONS, parseBulkRequest } from "../protocol/bulk-request.ts";
import { RosterError, unwrap } from "../protocol/errors.ts";
import { loggedErrorResponse } from "./error-response.ts";
import { refuseOtherMethods } from "./method-not-allowed.ts";
import { traceFor } from "./provisioning-log-hook.ts";
import type { ScimRouteDeps } from "./route-types.ts";
import { scimContext } from "./scim-context.ts";
import { sendScim } from "./scim-reply.ts";

/**
 * Registers `/Bulk` in the authenticated SCIM scope. Its limits are those /ServiceProviderConfig
 * advertises: `maxPayloadSize` is the body limit (a larger declared Content-Length is refused
 * with 413 before the body is read, naming the limit as RFC 7644 §3.7.4 asks) and
 * `maxOperations` is BULK_MAX_OPERATIONS. Each operation's failure is answered inside the
 * BulkResponse, through the same mapping as a single request's.
 */
export function registerBulkRoutes(
  scope: FastifyInstance,
  { scim, config }: ScimRouteDeps,
  log: ProvisioningLogService,
): void {
  const maxPayloadSize = config.bodyLimit;
  scope.post(
    "/Bulk",
    {
      bodyLimit: maxPayloadSize,
      onRequest: async (request) => {
        if (Number(request.headers["content-length"] ?? 0) > maxPayloadSize) {
          throw new RosterError(
            "payloadTooLarge",
            `The size of the bulk operation exceeds the maxPayloadSize (${maxPayloadSize})`,
          );
        }
      },
    },
    async (request, reply) => {
      const bulk = unwrap(parseBulkRequest(request.body, BULK_MAX_OPERATIONS));
      const ctx = scimContext(request);
      const traces: RequestTrace[] = [];
      const response = await runBulk(scim, ctx, bulk, {
        describeError: (error) => loggedErrorResponse(error, request),
        // One provisioning log row per operation, as if each were its own request.
        trace: (method, path, status) => {
          const trace = traceFor(request, method, path.split("?")[0] ?? path, status);
          traces.push(trace);
          return trace;
        },
        onFailure: (trace, failure) => {
          const scimType = failure.body["scimType"];
          log.queue(ctx.tenantId, {
            at: new Date(trace.startedAt).toISOString(),
            provider: trace.provider,
            method: trace.method,
            path: trace.path,
            status: failure.status,
            scimType: typeof scimType === "string" ? scimType : null,
            resourceType: /^\/Groups/i.test(trace.path) ? "Group" : /^\/Users/i.test(trace.path) ? "User" : null,
            resourceId: null,
            outcome: failure.status === 503 ? "paused" : "rejected",
            changes: [],
            durationMs: Date.now() - trace.startedAt,
            requestId: trace.requestId,
          });
          trace.logged = true;
        },
      });
      // Operations that changed nothing left their rows to be queued, as a single request's are.
      for (const trace of traces) {
        if (trace.logged || trace.deferred === undefined) continue;
        log.queue(ctx.tenantId, {
          at: new Date(trace.startedAt).toISOString(),
          provider: trace.provider,
          method: trace.method,
          path: trace.path,
          status: trace.status,
          scimType: null,
          resourceType: trace.deferred.resourceType,
          resourceId: trace.deferred.resourceId,
          outcome: trace.deferred.outcome,
          changes: [],
          durationMs: Date.now() - trace.startedAt,
          requestId: trace.requestId,
        });
        trace.logged = true;
      }
      return sendScim(reply, 200, response);
    },
  );

  refuseOtherMethods(scope, "/Bulk", ["POST"]);
}
