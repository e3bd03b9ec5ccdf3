/** `/api/v1/tenants/{t}/webhooks` (SPEC §11, push): endpoints, tests, deliveries and retries. */
import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { EVENT_TYPES } from "../../domain/change-events.ts";
import { deliveryJson, webhookJson } from "../../domain/outbox-json.ts";
import { MAX_WEBHOOK_URL_LENGTH } from "../../domain/webhook-service.ts";
import { decodeListCursor, encodeListCursor, listScope } from "./api-cursor.ts";
import type { ApiServices } from "./api-deps.ts";
import { DEFAULT_LIMIT, keysetRequest, listJson } from "./api-list.ts";
import { PAGE_QUERY, pageSchema, problems, ref, TenantIdParam } from "./api-schemas.ts";
import { NO_CONTENT, typed } from "./route-kit.ts";

const TAGS = ["Webhooks"];
const WebhookIdParam = Type.String({ pattern: "^wh_[A-Za-z0-9_-]{1,64}$", description: "The endpoint's Id" });
const PARAMS = Type.Object({ tenantId: TenantIdParam, webhookId: WebhookIdParam });
const URL_SCHEMA = Type.String({ minLength: 1, maxLength: MAX_WEBHOOK_URL_LENGTH, description: "http(s) URL" });
const EVENTS = Type.Array(Type.String({ minLength: 1, maxLength: 64 }), {
  minItems: 1,
  maxItems: EVENT_TYPES.length,
  description: `Event types to deliver (${EVENT_TYPES.join(", ")}); absent or null for every type`,
});

/** Registers the webhook routes. */
export function registerWebhookRoutes(scope: FastifyInstance, { webhooks }: ApiServices): void {
  const api = typed(scope);

  api.post(
    "/tenants/:tenantId/webhooks",
    {
      schema: {
        tags: TAGS,
        operationId: "createWebhook",
        summary: "Add an endpoint; the answer holds its signing secret, shown this once",
        params: Type.Object({ tenantId: TenantIdParam }),
        body: Type.Object(
          { Url: URL_SCHEMA, Events: Type.Optional(Type.Union([EVENTS, Type.Null()])) },
          { additionalProperties: false },
        ),
        response: { 201: ref("CreatedWebhook"), ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { webhook, secret } = await webhooks.create(request.params.tenantId, {
        url: request.body.Url,
        events: request.body.Events,
      });
      return reply.code(201).send({ ...webhookJson(webhook), Secret: secret });
    },
  );

  api.get(
    "/tenants/:tenantId/webhooks",
    {
      schema: {
        tags: TAGS,
        operationId: "listWebhooks",
        summary: "List endpoints in creation order",
        params: Type.Object({ tenantId: TenantIdParam }),
        querystring: Type.Object(PAGE_QUERY, { additionalProperties: false }),
        response: { 200: pageSchema("Webhook"), ...problems(400, 401, 404) },
      },
    },
    async (request) => {
      const key = listScope(["webhooks", request.params.tenantId]);
      const page = await webhooks.page(request.params.tenantId, keysetRequest(request.query, key));
      return listJson(page, key, (w) => [w.createdAt, w.id], webhookJson);
    },
  );

  api.get(
    "/tenants/:tenantId/webhooks/:webhookId",
    {
      schema: {
        tags: TAGS,
        operationId: "getWebhook",
        summary: "Show an endpoint",
        params: PARAMS,
        response: { 200: ref("Webhook"), ...problems(400, 401, 404) },
      },
    },
    async (request) => webhookJson(await webhooks.get(request.params.tenantId, request.params.webhookId)),
  );

  api.patch(
    "/tenants/:tenantId/webhooks/:webhookId",
    {
      schema: {
        tags: TAGS,
        operationId: "updateWebhook",
        summary: "Change the URL, the event types or Enabled; enabling again resumes from the event it stopped at",
        params: PARAMS,
        body: Type.Object(
          {
            Url: Type.Optional(URL_SCHEMA),
            Events: Type.Optional(Type.Union([EVENTS, Type.Null()])),
            Enabled: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: { 200: ref("Webhook"), ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { Url, Events, Enabled } = request.body;
      const webhook = await webhooks.update(request.params.tenantId, request.params.webhookId, {
        url: Url,
        events: Events,
        enabled: Enabled,
      });
      return webhookJson(webhook);
    },
  );

  api.delete(
    "/tenants/:tenantId/webhooks/:webhookId",
    {
      schema: {
        tags: TAGS,
        operationId: "deleteWebhook",
        summary: "Remove an endpoint and its deliveries",
        params: PARAMS,
        response: { 204: NO_CONTENT, ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await webhooks.delete(request.params.tenantId, request.params.webhookId);
      return reply.code(204).send(null);
    },
  );

  api.post(
    "/tenants/:tenantId/webhooks/:webhookId/test",
    {
      schema: {
        tags: TAGS,
        operationId: "testWebhook",
        summary: "Send a signed webhook.test message now; answers the delivery with its attempt",
        params: PARAMS,
        response: { 200: ref("Delivery"), ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => deliveryJson(await webhooks.test(request.params.tenantId, request.params.webhookId)),
  );

  api.get(
    "/tenants/:tenantId/webhooks/:webhookId/deliveries",
    {
      schema: {
        tags: TAGS,
        operationId: "listWebhookDeliveries",
        summary: "Deliveries attempted, newest first, each with its attempts (time, status, duration, error)",
        params: PARAMS,
        querystring: Type.Object(PAGE_QUERY, { additionalProperties: false }),
        response: { 200: pageSchema("Delivery"), ...problems(400, 401, 404) },
      },
    },
    async (request) => {
      const { tenantId, webhookId } = request.params;
      const key = listScope(["deliveries", tenantId, webhookId]);
      const before = request.query.cursor === undefined ? undefined : decodeListCursor(request.query.cursor, key, 2);
      const page = await webhooks.deliveries(tenantId, webhookId, {
        before: before === undefined ? undefined : { createdAt: before[0]!, id: before[1]! },
        limit: request.query.limit ?? DEFAULT_LIMIT,
      });
      const last = page.items.at(-1);
      return {
        Items: page.items.map(deliveryJson),
        Next: page.more && last !== undefined ? encodeListCursor(key, [last.createdAt, last.id]) : null,
      };
    },
  );

  api.post(
    "/tenants/:tenantId/webhooks/:webhookId/deliveries/:deliveryId/retry",
    {
      schema: {
        tags: TAGS,
        operationId: "retryWebhookDelivery",
        summary: "Send a delivery's event again now; answers the delivery with the new attempt",
        params: Type.Object({
          tenantId: TenantIdParam,
          webhookId: WebhookIdParam,
          deliveryId: Type.String({ pattern: "^([0-9]{1,15}|test_[0-9a-f-]{36})$", description: "The delivery's Id" }),
        }),
        response: { 200: ref("Delivery"), ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { tenantId, webhookId, deliveryId } = request.params;
      return deliveryJson(await webhooks.retry(tenantId, webhookId, deliveryId));
    },
  );
}
