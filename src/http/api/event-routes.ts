/** `/api/v1/tenants/{t}/events` (SPEC §11, pull): the change events after an Id, with long polling. */
import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { EVENT_TYPES, parseEventTypes } from "../../domain/change-events.ts";
import { MAX_WAIT_SECONDS } from "../../domain/event-feed.ts";
import type { ApiServices } from "./api-deps.ts";
import { DEFAULT_LIMIT } from "./api-list.ts";
import { problems, TenantIdParam } from "./api-schemas.ts";
import { typed } from "./route-kit.ts";

/** Registers the events feed; `closing` aborts long polls when the server stops. */
export function registerEventRoutes(scope: FastifyInstance, { events }: ApiServices, closing: AbortSignal): void {
  typed(scope).get(
    "/tenants/:tenantId/events",
    {
      schema: {
        tags: ["Events"],
        operationId: "listEvents",
        summary: "Change events after an Id, oldest first; waits up to `wait` seconds when none is newer",
        params: Type.Object({ tenantId: TenantIdParam }),
        querystring: Type.Object(
          {
            after: Type.Optional(
              Type.String({ pattern: "^[0-9]{1,15}$", description: "The last Id you have; absent or 0 for the first" }),
            ),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
            type: Type.Optional(
              Type.String({
                minLength: 1,
                maxLength: 400,
                description: `Comma-separated event types to return (${EVENT_TYPES.join(", ")})`,
              }),
            ),
            wait: Type.Optional(
              Type.Integer({
                minimum: 0,
                maximum: MAX_WAIT_SECONDS,
                description: "Seconds to wait for an event (long poll)",
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            Items: Type.Array(Type.Ref("Event")),
            Next: Type.String({ description: "The `after` of your next request: the last Id returned, else yours" }),
          }),
          ...problems(400, 401, 404),
        },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const abort = new AbortController();
      const onClose = () => abort.abort();
      // The response closing before it was sent: the client went away.
      reply.raw.once("close", onClose);
      closing.addEventListener("abort", onClose, { once: true });
      try {
        const page = await events.read(request.params.tenantId, {
          after: q.after === undefined ? 0 : Number(q.after),
          limit: q.limit ?? DEFAULT_LIMIT,
          types:
            q.type === undefined
              ? undefined
              : (parseEventTypes(
                  q.type.split(",").map((t) => t.trim()),
                  "type",
                ) ?? undefined),
          waitSeconds: q.wait,
          signal: abort.signal,
        });
        return { Items: [...page.items], Next: page.next };
      } finally {
        reply.raw.off("close", onClose);
        closing.removeEventListener("abort", onClose);
      }
    },
  );
}
