/**
 * A tenant's provisioning log in the console: the page, and its rows alone for live refresh.
 * Read through the API's ProvisioningLogService with the API's filter parsing (parseLogFilters).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { parseLogFilters } from "../../domain/log-filters.ts";
import { LOG_OUTCOMES, type LogEntry, type LogOutcome } from "../../domain/outbox-ports.ts";
import { decodeListCursor, encodeListCursor } from "../../http/api/api-cursor.ts";
import { logListScope } from "../../http/api/log-routes.ts";
import { HTML_CONTENT_TYPE } from "../../http/html-page-headers.ts";
import { RosterError } from "../../protocol/errors.ts";
import { viewerOf } from "../console-context.ts";
import type { ConsoleDeps } from "../console-deps.ts";
import type { LogPageQuery } from "../console-paths.ts";
import { formRefusal } from "../form-errors.ts";
import { type LogView, logPage, logResults } from "../pages/log-page.ts";
import { CONSOLE_PAGE_SIZE } from "./tenant-routes.ts";

type LogRequest = FastifyRequest<{ Params: { tenantId: string }; Querystring: Record<string, unknown> }>;

const PROVIDER = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_FILTER_LENGTH = 64;
const MAX_RESOURCE_ID_LENGTH = 512;

/** A query parameter as text: trimmed, empty as absent; sent twice is a bad request. */
function queryText(query: Record<string, unknown>, name: string, max = MAX_FILTER_LENGTH): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw new RosterError("badRequest", `The filter ${name} was sent more than once`);
  const text = value.trim();
  return text === "" ? undefined : text.slice(0, max);
}

/** The page's query as typed: the filters, the cursor and the refresh switch. */
function pageQuery(query: Record<string, unknown>): LogPageQuery {
  return {
    provider: queryText(query, "provider"),
    outcome: queryText(query, "outcome"),
    status: queryText(query, "status"),
    since: queryText(query, "since"),
    until: queryText(query, "until"),
    resourceType: queryText(query, "resourceType"),
    resourceId: queryText(query, "resourceId", MAX_RESOURCE_ID_LENGTH),
    cursor: queryText(query, "cursor", 2000),
    live: queryText(query, "live") === "off" ? "off" : undefined,
  };
}

function isOutcome(text: string): text is LogOutcome {
  return (LOG_OUTCOMES as readonly string[]).includes(text);
}

/** Checks what the API's schema checks (provider, outcome, resource type), then parses times and status as the API does. */
function filtersOf(query: LogPageQuery, now: Date) {
  if (query.provider !== undefined && !PROVIDER.test(query.provider)) {
    throw new RosterError("invalidValue", "Provider must be 1-64 letters, digits, '-' or '_'", { field: "provider" });
  }
  if (query.outcome !== undefined && !isOutcome(query.outcome)) {
    throw new RosterError("invalidValue", `Outcome must be one of ${LOG_OUTCOMES.join(", ")}`, { field: "outcome" });
  }
  if (query.resourceType !== undefined && query.resourceType !== "User" && query.resourceType !== "Group") {
    throw new RosterError("invalidValue", "The resource type must be User or Group", { field: "resourceType" });
  }
  return parseLogFilters({ ...query, outcome: query.outcome as LogOutcome | undefined }, now);
}

/** Registers the provisioning log routes. */
export function registerLogRoutes(scope: FastifyInstance, deps: ConsoleDeps): void {
  const { tenants, log } = deps.services;

  async function view(request: LogRequest): Promise<{ status: number; view: LogView }> {
    const tenant = await tenants.showTenant(request.params.tenantId);
    const query = pageQuery(request.query);
    let filters: ReturnType<typeof filtersOf>;
    try {
      filters = filtersOf(query, deps.now());
    } catch (error) {
      const refusal = formRefusal(error);
      return {
        status: refusal.status,
        view: { tenant, query, entries: [], nextCursor: undefined, error: refusal.message },
      };
    }
    const key = logListScope(tenant.id, { ...query, outcome: query.outcome as LogOutcome | undefined });
    const before = query.cursor === undefined ? undefined : decodeListCursor(query.cursor, key, 2);
    const page = await log.page(tenant.id, {
      ...filters,
      before: before === undefined ? undefined : { at: before[0]!, id: before[1]! },
      limit: CONSOLE_PAGE_SIZE,
    });
    const last: LogEntry | undefined = page.items.at(-1);
    return {
      status: 200,
      view: {
        tenant,
        query,
        entries: page.items,
        nextCursor: page.more && last !== undefined ? encodeListCursor(key, [last.at, last.id]) : undefined,
        error: undefined,
      },
    };
  }

  scope.get("/tenants/:tenantId/log", async (request: LogRequest, reply: FastifyReply) => {
    const { status, view: shown } = await view(request);
    return reply
      .code(status)
      .type(HTML_CONTENT_TYPE)
      .send(logPage(viewerOf(request), shown));
  });

  scope.get("/tenants/:tenantId/log/rows", async (request: LogRequest, reply: FastifyReply) => {
    const { status, view: shown } = await view(request);
    return reply.code(status).type(HTML_CONTENT_TYPE).send(logResults(shown).toString());
  });
}
