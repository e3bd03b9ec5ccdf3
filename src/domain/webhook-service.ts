/**
 * Webhook endpoints of a tenant (SPEC §11, push): add (the signing secret shown once), list,
 * show, change, remove, test, deliveries with their attempts, and retry of a delivery. The API,
 * the CLI and the console call these; the delivery loop (src/delivery/) sends the events.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { RosterError } from "../protocol/errors.ts";
import { tenantNotFound } from "./admin-access.ts";
import { parseEventTypes } from "./change-events.ts";
import { eventJson } from "./event-feed.ts";
import type { DeliveryRecord, EventRecord, WebhookChanges, WebhookRecord } from "./outbox-ports.ts";
import type { KeysetQuery, Repositories, SeekPage, Store } from "./ports.ts";
import {
  decryptWebhookSecret,
  encryptWebhookSecret,
  generateWebhookSecret,
  WEBHOOK_KEY_SECRET,
} from "./webhook-secrets.ts";
import type { SendResult, WebhookSender } from "./webhook-sender.ts";

/** The longest URL an endpoint may have. */
export const MAX_WEBHOOK_URL_LENGTH = 2048;
/** The event type of a test delivery. */
export const TEST_EVENT_TYPE = "webhook.test";

/** An endpoint just added, with its secret (shown this once). */
export interface CreatedWebhook {
  readonly webhook: WebhookRecord;
  readonly secret: string;
}

/** What an endpoint is made of. */
export interface WebhookInput {
  readonly url: string;
  /** Event types to deliver; undefined or null for every type. */
  readonly events?: readonly string[] | null | undefined;
}

/** Options of the service. */
export interface WebhookServiceOptions {
  readonly now?: () => Date;
}

/** The secret of an endpoint, decrypted with the server's key. */
export async function webhookSecret(store: Store, webhook: WebhookRecord): Promise<string> {
  return decryptWebhookSecret(webhook.secretCipher, await store.serverSecret(WEBHOOK_KEY_SECRET));
}

/** The delivery's state after an attempt's `result`, and the attempt as recorded. */
export async function recordAttempt(
  tx: Repositories,
  webhook: WebhookRecord,
  delivery: { readonly id: string; readonly eventSeq: number | null; readonly eventType: string },
  at: Date,
  result: SendResult,
  failedState: "pending" | "failed",
): Promise<void> {
  await tx.webhooks.recordAttempt(
    webhook.tenantId,
    webhook.id,
    delivery,
    { at: at.toISOString(), status: result.status, durationMs: result.durationMs, error: result.error },
    result.ok ? "delivered" : failedState,
  );
}

/** Sends one event to an endpoint (signed; `webhook-id` is the event Id). */
export function sendEvent(sender: WebhookSender, webhook: WebhookRecord, secret: string, event: EventRecord, at: Date) {
  const body = JSON.stringify(eventJson(webhook.tenantId, event));
  return sender.send(webhook.url, secret, { id: String(event.seq), timestamp: at, body });
}

/** Manages a tenant's webhook endpoints. */
export class WebhookService {
  readonly #now: () => Date;

  constructor(
    private readonly store: Store,
    private readonly sender: WebhookSender,
    options: WebhookServiceOptions = {},
  ) {
    this.#now = options.now ?? (() => new Date());
  }

  async #tenant(tenantId: string): Promise<void> {
    if ((await this.store.tenants.get(tenantId)) === undefined) throw tenantNotFound(tenantId);
  }

  async #url(url: string): Promise<string> {
    if (url.length > MAX_WEBHOOK_URL_LENGTH) {
      throw new RosterError("invalidValue", `Url must be at most ${MAX_WEBHOOK_URL_LENGTH} characters`, {
        field: "Url",
      });
    }
    const checked = await this.sender.checkTarget(url);
    if (!checked.ok) throw new RosterError("invalidValue", checked.error.message, { field: "Url" });
    return checked.value;
  }

  /** The endpoint; `notFound` for an unknown tenant or endpoint. */
  async get(tenantId: string, id: string): Promise<WebhookRecord> {
    await this.#tenant(tenantId);
    const webhook = await this.store.webhooks.get(tenantId, id);
    if (webhook === undefined)
      throw new RosterError(
        "notFound",
        `webhook ${JSON.stringify(id)} does not exist in tenant ${JSON.stringify(tenantId)}`,
      );
    return webhook;
  }

  /**
   * Adds an endpoint, enabled, that receives the events committed from now on. Its URL must be
   * http(s) and (unless the operator allows private targets) resolve to public addresses only.
   */
  async create(tenantId: string, input: WebhookInput): Promise<CreatedWebhook> {
    await this.#tenant(tenantId);
    const url = await this.#url(input.url);
    const events = parseEventTypes(input.events);
    const secret = generateWebhookSecret();
    const key = await this.store.serverSecret(WEBHOOK_KEY_SECRET);
    const now = this.#now().toISOString();
    const webhook: WebhookRecord = {
      tenantId,
      id: `wh_${randomBytes(9).toString("base64url")}`,
      url,
      events,
      enabled: true,
      secretCipher: encryptWebhookSecret(secret, key),
      createdAt: now,
      updatedAt: now,
      version: 1,
      lastSeq: await this.store.events.lastSeq(tenantId),
      failCount: 0,
      firstFailureAt: null,
      nextAttemptAt: now,
      disabledReason: null,
      disabledAt: null,
    };
    await this.store.webhooks.insert(webhook);
    return { webhook, secret };
  }

  /** A page of the tenant's endpoints in creation order. */
  async page(tenantId: string, query: KeysetQuery): Promise<SeekPage<WebhookRecord>> {
    await this.#tenant(tenantId);
    return this.store.webhooks.page(tenantId, query);
  }

  /** Changes URL, event types or enabled; enabling again retries at once from the event it stopped at. */
  async update(tenantId: string, id: string, changes: WebhookChanges): Promise<WebhookRecord> {
    await this.get(tenantId, id);
    const checked: WebhookChanges = {
      ...(changes.url === undefined ? {} : { url: await this.#url(changes.url) }),
      ...(changes.events === undefined ? {} : { events: parseEventTypes(changes.events) }),
      ...(changes.enabled === undefined ? {} : { enabled: changes.enabled }),
    };
    await this.store.webhooks.update(tenantId, id, checked, this.#now().toISOString());
    return this.get(tenantId, id);
  }

  /** Removes an endpoint and its deliveries. */
  async delete(tenantId: string, id: string): Promise<void> {
    await this.get(tenantId, id);
    await this.store.webhooks.delete(tenantId, id);
  }

  /** Sends a `webhook.test` message now, records it as a delivery, and answers it. */
  async test(tenantId: string, id: string): Promise<DeliveryRecord> {
    const webhook = await this.get(tenantId, id);
    const secret = await webhookSecret(this.store, webhook);
    const at = this.#now();
    const deliveryId = `test_${randomUUID()}`;
    const body = JSON.stringify({
      Id: deliveryId,
      Type: TEST_EVENT_TYPE,
      OccurredAt: at.toISOString(),
      Tenant: tenantId,
      Actor: "roster",
      Data: { WebhookId: id },
    });
    const result = await this.sender.send(webhook.url, secret, { id: deliveryId, timestamp: at, body });
    const delivery = { id: deliveryId, eventSeq: null, eventType: TEST_EVENT_TYPE };
    await recordAttempt(this.store, webhook, delivery, at, result, "failed");
    return this.delivery(tenantId, id, deliveryId);
  }

  /** A page of the endpoint's deliveries, newest first, each with its attempts. */
  async deliveries(
    tenantId: string,
    id: string,
    query: { readonly before?: { createdAt: string; id: string } | undefined; readonly limit: number },
  ): Promise<SeekPage<DeliveryRecord>> {
    await this.get(tenantId, id);
    return this.store.webhooks.deliveries(tenantId, id, query);
  }

  /** One delivery with its attempts. */
  async delivery(tenantId: string, id: string, deliveryId: string): Promise<DeliveryRecord> {
    await this.get(tenantId, id);
    const delivery = await this.store.webhooks.delivery(tenantId, id, deliveryId);
    if (delivery === undefined)
      throw new RosterError("notFound", `delivery ${JSON.stringify(deliveryId)} does not exist`);
    return delivery;
  }

  /**
   * Sends a delivery's event again now (also to a disabled endpoint: an operator asked) and
   * records the attempt. When it succeeds and the event is the next one the endpoint waits
   * for, the endpoint's cursor moves past it, so the delivery loop goes on with the next.
   */
  async retry(tenantId: string, id: string, deliveryId: string): Promise<DeliveryRecord> {
    const webhook = await this.get(tenantId, id);
    const delivery = await this.delivery(tenantId, id, deliveryId);
    if (delivery.eventSeq === null) return this.test(tenantId, id);
    const [event] = await this.store.events.read(tenantId, { after: delivery.eventSeq - 1, limit: 1 });
    if (event === undefined || event.seq !== delivery.eventSeq) {
      throw new RosterError("notFound", `the event of delivery ${JSON.stringify(deliveryId)} is no longer stored`);
    }
    const at = this.#now();
    const result = await sendEvent(this.sender, webhook, await webhookSecret(this.store, webhook), event, at);
    await recordAttempt(this.store, webhook, delivery, at, result, delivery.state === "failed" ? "failed" : "pending");
    if (result.ok) {
      const [next] = await this.store.events.read(tenantId, {
        after: webhook.lastSeq,
        limit: 1,
        types: webhook.events ?? undefined,
      });
      if (next?.seq === event.seq) await this.store.webhooks.advance(tenantId, id, event.seq);
    }
    return this.delivery(tenantId, id, deliveryId);
  }
}
