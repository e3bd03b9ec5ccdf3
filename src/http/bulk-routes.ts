/** `POST /Bulk` (RFC 7644 §3.7): parse, run through the domain, answer the BulkResponse. */
import type { FastifyInstance } from "fastify";
import { runBulk } from "../domain/bulk-runner.ts";
import { BULK_MAX_OPERATIONS, parseBulkRequest } from "../protocol/bulk-request.ts";
import { RosterError, unwrap } from "../protocol/errors.ts";
import { loggedErrorResponse } from "./error-response.ts";
import { refuseOtherMethods } from "./method-not-allowed.ts";
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
export function registerBulkRoutes(scope: FastifyInstance, { scim, config }: ScimRouteDeps): void {
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
      const response = await runBulk(scim, scimContext(request), bulk, {
        describeError: (error) => loggedErrorResponse(error, request),
      });
      return sendScim(reply, 200, response);
    },
  );

  refuseOtherMethods(scope, "/Bulk", ["POST"]);
}
