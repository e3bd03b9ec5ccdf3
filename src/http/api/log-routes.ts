/** `/api/v1/tenants/{t}/provisioning-log` (SPEC §11): what the identity providers did, newest first. */
import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { type LogFilterInput, parseLogFilters } from "../../domain/log-filters.ts";
import { logEntryJson } from "../../domain/outbox-json.ts";
import { LOG_OUTCOMES } from "../../domain/outbox-ports.ts";
import { decodeListCursor, encodeListCursor, listScope } from "./api-cursor.ts";
import type { ApiServices } from "./api-deps.ts";
import { DEFAULT_LIMIT } from "./api-list.ts";
import { PAGE_QUERY, pageSchema, problems, TenantIdParam } from "./api-schemas.ts";
import { typed } from "./route-kit.ts";

const TIME = Type.String({
  minLength: 1,
  maxLength: 40,
  description: "An ISO date-time, or a duration back from now (15m, 1h, 7d)",
});

/** What a log cursor is bound to: the tenant and the filters as typed (the console's pages share it). */
export function logListScope(tenantId: string, q: LogFilterInput): string {
  return listScope([
    "provisioning-log",
    tenantId,
    q.since,
    q.until,
    q.provider?.toLowerCase(),
    q.status?.toLowerCase(),
    q.outcome,
    q.resourceType,
    q.resourceId,
  ]);
}

/** Registers the provisioning log route. */
export function registerLogRoutes(scope: FastifyInstance, { log }: ApiServices): void {
  typed(scope).get(
    "/tenants/:tenantId/provisioning-log",
    {
      schema: {
        tags: ["Provisioning log"],
        operationId: "listProvisioningLog",
        summary: "The SCIM requests of a tenant, newest first, filtered",
        params: Type.Object({ tenantId: TenantIdParam }),
        querystring: Type.Object(
          {
            ...PAGE_QUERY,
            since: Type.Optional(TIME),
            until: Type.Optional(TIME),
            provider: Type.Optional(Type.String({ pattern: "^[A-Za-z0-9_-]{1,64}$" })),
            status: Type.Optional(
              Type.String({ pattern: "^[1-5]([0-9][0-9]|xx|XX)$", description: "401, or a class: 4xx" }),
            ),
            outcome: Type.Optional(Type.Union(LOG_OUTCOMES.map((o) => Type.Literal(o)))),
            resourceType: Type.Optional(Type.Union([Type.Literal("User"), Type.Literal("Group")])),
            resourceId: Type.Optional(Type.String({ minLength: 1, maxLength: 512 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: pageSchema("LogEntry"), ...problems(400, 401, 404) },
      },
    },
    async (request) => {
      const { tenantId } = request.params;
      const q = request.query;
      const filters = parseLogFilters(q, new Date());
      const listKey = logListScope(tenantId, q);
      const before = q.cursor === undefined ? undefined : decodeListCursor(q.cursor, listKey, 2);
      const limit = q.limit ?? DEFAULT_LIMIT;
      const page = await log.page(tenantId, {
        ...filters,
        before: before === undefined ? undefined : { at: before[0]!, id: before[1]! },
        limit,
      });
      const last = page.items.at(-1);
      return {
        Items: page.items.map(logEntryJson),
        Next: page.more && last !== undefined ? encodeListCursor(listKey, [last.at, last.id]) : null,
      };
    },
  );
}
