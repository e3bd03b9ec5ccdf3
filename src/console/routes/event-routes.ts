/**
 * A tenant's change events and webhooks in the console: the events page (endpoints and recent
 * events), adding an endpoint, an endpoint's page with its deliveries, changing its URL and
 * event types, disable / enable / test / delete, and retrying a delivery. Everything goes through the API's EventFeed and WebhookService.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { CreatedWebhook } from "../../domain/webhook-service.ts";
import { decodeListCursor, encodeListCursor, listScope } from "../../http/api/api-cursor.ts";
import { keysetRequest, listJson } from "../../http/api/api-list.ts";
import { HTML_CONTENT_TYPE } from "../../http/html-page-headers.ts";
import { RosterError } from "../../protocol/errors.ts";
import { viewerOf } from "../console-context.ts";
import type { ConsoleDeps } from "../console-deps.ts";
import { consolePaths } from "../console-paths.ts";
import { formRefusal } from "../form-errors.ts";
import { formFields } from "../form-fields.ts";
import { noticeFor } from "../notices.ts";
import { eventsPage } from "../pages/events-page.ts";
import { webhookPage } from "../pages/webhook-page.ts";
import { CONSOLE_PAGE_SIZE } from "./tenant-routes.ts";

type TenantParams = { tenantId: string };
type WebhookParams = TenantParams & { webhookId: string };
type EventsQuery = { before?: string; cursor?: string; type?: string; done?: string };

/** A positive event Id from `?before=`; RosterError `invalidValue` otherwise. */
function parseBefore(text: unknown): number | undefined {
  if (text === undefined) return undefined;
  if (typeof text !== "string" || !/^[1-9][0-9]{0,14}$/.test(text)) {
    throw new RosterError("invalidValue", "before must be an event Id", { field: "before" });
  }
  return Number(text);
}

/** Registers the events and webhook routes. */
export function registerEventRoutes(scope: FastifyInstance, deps: ConsoleDeps): void {
  const { tenants, events, webhooks } = deps.services;

  async function showEvents(
    request: FastifyRequest<{ Params: TenantParams; Querystring: EventsQuery }>,
    reply: FastifyReply,
    options: {
      status?: number;
      created?: CreatedWebhook;
      error?: string;
      typed?: { url: string; events: readonly string[] };
    } = {},
  ) {
    const tenant = await tenants.showTenant(request.params.tenantId);
    const before = parseBefore(request.query.before);
    const cursor = typeof request.query.cursor === "string" ? request.query.cursor : undefined;
    const hookScope = listScope(["console-webhooks", tenant.id]);
    const list = listJson(
      await webhooks.page(tenant.id, keysetRequest({ limit: CONSOLE_PAGE_SIZE, cursor }, hookScope)),
      hookScope,
      (w) => [w.createdAt, w.id],
      (w) => w,
    );
    const type = typeof request.query.type === "string" && request.query.type !== "" ? request.query.type : undefined;
    const recent = await events.recent(tenant.id, {
      before,
      limit: CONSOLE_PAGE_SIZE,
      types: type === undefined ? undefined : [type],
    });
    const here = (query: { before?: string; cursor?: string }) =>
      `${consolePaths.events(tenant.id, { ...query, type })}${query.cursor === undefined ? "#events" : "#webhooks"}`;
    return reply
      .code(options.status ?? 200)
      .type(HTML_CONTENT_TYPE)
      .send(
        eventsPage(viewerOf(request), {
          tenant,
          webhooks: list.Items,
          webhooksFirstHref: cursor === undefined ? undefined : here({}),
          webhooksNextHref: list.Next === null ? undefined : here({ cursor: list.Next }),
          events: recent.items,
          eventType: type,
          eventsLookedAt: recent.lookedAt,
          eventsNewestHref: before === undefined ? undefined : here({}),
          eventsOlderHref: recent.older === undefined ? undefined : here({ before: String(recent.older) }),
          created: options.created,
          notice: options.status === undefined ? noticeFor(request.query.done) : undefined,
          error: options.error,
          typed: options.typed,
        }),
      );
  }

  async function showWebhook(
    request: FastifyRequest<{ Params: WebhookParams; Querystring: { deliveries?: string; done?: string } }>,
    reply: FastifyReply,
    options: { status?: number; error?: string; typed?: { url: string; events: readonly string[] } } = {},
  ) {
    const { tenantId, webhookId } = request.params;
    const tenant = await tenants.showTenant(tenantId);
    const webhook = await webhooks.get(tenant.id, webhookId);
    const key = listScope(["console-deliveries", tenant.id, webhookId]);
    const cursor = typeof request.query.deliveries === "string" ? request.query.deliveries : undefined;
    const before = cursor === undefined ? undefined : decodeListCursor(cursor, key, 2);
    const page = await webhooks.deliveries(tenant.id, webhookId, {
      before: before === undefined ? undefined : { createdAt: before[0]!, id: before[1]! },
      limit: CONSOLE_PAGE_SIZE,
    });
    const last = page.items.at(-1);
    return reply
      .code(options.status ?? 200)
      .type(HTML_CONTENT_TYPE)
      .send(
        webhookPage(viewerOf(request), {
          tenant,
          webhook,
          deliveries: page.items,
          deliveriesFirstHref:
            cursor === undefined ? undefined : `${consolePaths.webhook(tenant.id, webhookId)}#deliveries`,
          deliveriesNextHref:
            page.more && last !== undefined
              ? `${consolePaths.webhook(tenant.id, webhookId, { deliveries: encodeListCursor(key, [last.createdAt, last.id]) })}#deliveries`
              : undefined,
          notice: options.status === undefined ? noticeFor(request.query.done) : undefined,
          error: options.error,
          typed: options.typed,
        }),
      );
  }

  scope.get<{ Params: TenantParams; Querystring: EventsQuery }>("/tenants/:tenantId/events", (request, reply) =>
    showEvents(request, reply),
  );

  scope.post<{ Params: TenantParams; Querystring: EventsQuery }>(
    "/tenants/:tenantId/webhooks",
    async (request, reply) => {
      const form = formFields(request.body);
      const url = form.trimmed("url") ?? "";
      const types = form.all("events");
      let created: CreatedWebhook;
      try {
        created = await webhooks.create(request.params.tenantId, {
          url,
          events: types.length === 0 ? null : types,
        });
      } catch (error) {
        const refusal = formRefusal(error);
        return showEvents(request, reply, {
          status: refusal.status,
          error: refusal.message,
          typed: { url, events: types },
        });
      }
      // The secret is in this answer only (the page is not cached): no redirect.
      return showEvents(request, reply, { status: 201, created });
    },
  );

  scope.get<{ Params: WebhookParams; Querystring: { deliveries?: string; done?: string } }>(
    "/tenants/:tenantId/webhooks/:webhookId",
    (request, reply) => showWebhook(request, reply),
  );

  scope.post<{ Params: WebhookParams; Querystring: { deliveries?: string; done?: string } }>(
    "/tenants/:tenantId/webhooks/:webhookId/edit",
    async (request, reply) => {
      const { tenantId, webhookId } = request.params;
      const form = formFields(request.body);
      const url = form.trimmed("url") ?? "";
      const types = form.all("events");
      try {
        await webhooks.update(tenantId, webhookId, { url, events: types.length === 0 ? null : types });
      } catch (error) {
        const refusal = formRefusal(error);
        return showWebhook(request, reply, {
          status: refusal.status,
          error: refusal.message,
          typed: { url, events: types },
        });
      }
      return reply.redirect(consolePaths.webhook(tenantId, webhookId, { done: "webhook-updated" }), 303);
    },
  );

  for (const enabled of [true, false]) {
    scope.post<{ Params: WebhookParams }>(
      `/tenants/:tenantId/webhooks/:webhookId/${enabled ? "enable" : "disable"}`,
      async (request, reply) => {
        const { tenantId, webhookId } = request.params;
        await webhooks.update(tenantId, webhookId, { enabled });
        const done = enabled ? "webhook-enabled" : "webhook-disabled";
        return reply.redirect(consolePaths.webhook(tenantId, webhookId, { done }), 303);
      },
    );
  }

  scope.post<{ Params: WebhookParams }>("/tenants/:tenantId/webhooks/:webhookId/test", async (request, reply) => {
    const { tenantId, webhookId } = request.params;
    const delivery = await webhooks.test(tenantId, webhookId);
    const done = delivery.state === "delivered" ? "test-delivered" : "test-failed";
    return reply.redirect(`${consolePaths.webhook(tenantId, webhookId, { done })}#deliveries`, 303);
  });

  scope.post<{ Params: WebhookParams }>("/tenants/:tenantId/webhooks/:webhookId/delete", async (request, reply) => {
    const { tenantId, webhookId } = request.params;
    await webhooks.delete(tenantId, webhookId);
    return reply.redirect(`${consolePaths.events(tenantId, { done: "webhook-deleted" })}#webhooks`, 303);
  });

  scope.post<{ Params: WebhookParams & { deliveryId: string } }>(
    "/tenants/:tenantId/webhooks/:webhookId/deliveries/:deliveryId/retry",
    async (request, reply) => {
      const { tenantId, webhookId, deliveryId } = request.params;
      const delivery = await webhooks.retry(tenantId, webhookId, deliveryId);
      const done = delivery.state === "delivered" ? "retry-delivered" : "retry-failed";
      return reply.redirect(`${consolePaths.webhook(tenantId, webhookId, { done })}#deliveries`, 303);
    },
  );
}
