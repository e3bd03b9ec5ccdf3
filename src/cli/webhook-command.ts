/** `roster webhook add|list|remove|test|deliveries|retry|enable|disable` (SPEC §10, §11). */
import type { Command } from "commander";
import { parseConfig } from "../config.ts";
import { httpWebhookSender } from "../delivery/http-webhook-sender.ts";
import { deliveryJson, webhookJson } from "../domain/outbox-json.ts";
import type { DeliveryRecord, WebhookRecord } from "../domain/outbox-ports.ts";
import type { Store } from "../domain/ports.ts";
import { WebhookService } from "../domain/webhook-service.ts";
import { unwrap } from "../protocol/errors.ts";
import { type CliIo, printJson, printLines } from "./cli-io.ts";
import { withStore } from "./cli-store.ts";

interface JsonOption {
  readonly json?: boolean;
}

function webhookLine(webhook: WebhookRecord): string {
  const events = webhook.events === null ? "all events" : webhook.events.join(",");
  const state = webhook.enabled
    ? webhook.failCount > 0
      ? `enabled, ${webhook.failCount} failed attempts, next at ${webhook.nextAttemptAt}`
      : "enabled"
    : `disabled${webhook.disabledReason === null ? "" : `: ${webhook.disabledReason}`}`;
  return `${webhook.id}  ${webhook.url}  ${events}  last event ${webhook.lastSeq}  ${state}`;
}

function deliveryLines(delivery: DeliveryRecord): string[] {
  const head = `${delivery.id}  ${delivery.eventType}  ${delivery.state}  ${delivery.attempts.length} attempt(s)`;
  return [
    head,
    ...delivery.attempts.map(
      (a) => `  ${a.at}  ${a.status ?? "no answer"}  ${a.durationMs} ms${a.error === null ? "" : `  ${a.error}`}`,
    ),
  ];
}

/** Adds the `webhook` command group. */
export function registerWebhookCommands(program: Command, io: CliIo): void {
  const webhook = program.command("webhook").description("webhook endpoints that receive the change events");
  const withWebhooks = <T>(command: Command, fn: (service: WebhookService, store: Store) => Promise<T>) =>
    withStore(command, io, (store) => {
      // The server's rules: the same WEBHOOK_ALLOW_PRIVATE_TARGETS and timeout as `npm start` reads.
      const config = unwrap(parseConfig(io.env));
      const sender = httpWebhookSender({
        allowPrivateTargets: config.webhookAllowPrivateTargets,
        timeoutMs: config.webhookTimeoutMs,
      });
      return fn(new WebhookService(store, sender), store);
    });
  const printDelivery = (delivery: DeliveryRecord, options: JsonOption) => {
    if (options.json === true) printJson(io, deliveryJson(delivery));
    else printLines(io, ...deliveryLines(delivery));
  };

  webhook
    .command("add <tenantId> <url>")
    .description("add an endpoint; prints its signing secret, shown this once")
    .option("--events <types>", "only these event types, comma-separated (default: all)")
    .option("--json", "print JSON")
    .action(async (tenantId: string, url: string, options: JsonOption & { events?: string }, command: Command) => {
      const events = options.events?.split(",").map((type) => type.trim());
      const { webhook: record, secret } = await withWebhooks(command, (service) =>
        service.create(tenantId, { url, events }),
      );
      if (options.json === true) printJson(io, { ...webhookJson(record), Secret: secret });
      else printLines(io, `Webhook Id: ${record.id}`, `Signing Secret: ${secret}`);
    });

  webhook
    .command("list <tenantId>")
    .description("list endpoints")
    .option("--json", "print JSON")
    .action(async (tenantId: string, options: JsonOption, command: Command) => {
      const all = await withWebhooks(command, async (service) => {
        const items: WebhookRecord[] = [];
        let after: { createdAt: string; id: string } | undefined;
        for (;;) {
          const page = await service.page(tenantId, { after, limit: 1000 });
          items.push(...page.items);
          const last = page.items.at(-1);
          if (!page.more || last === undefined) return items;
          after = { createdAt: last.createdAt, id: last.id };
        }
      });
      if (options.json === true) printJson(io, all.map(webhookJson));
      else printLines(io, ...(all.length === 0 ? ["(no webhooks)"] : all.map(webhookLine)));
    });

  webhook
    .command("remove <tenantId> <webhookId>")
    .description("remove an endpoint and its deliveries")
    .action(async (tenantId: string, id: string, _options: unknown, command: Command) => {
      await withWebhooks(command, (service) => service.delete(tenantId, id));
      printLines(io, `Removed webhook ${id}`);
    });

  for (const [name, enabled] of [
    ["enable", true],
    ["disable", false],
  ] as const) {
    webhook
      .command(`${name} <tenantId> <webhookId>`)
      .description(
        enabled ? "enable again: delivery resumes from the event it stopped at" : "stop delivering (events wait)",
      )
      .option("--json", "print JSON")
      .action(async (tenantId: string, id: string, options: JsonOption, command: Command) => {
        const record = await withWebhooks(command, (service) => service.update(tenantId, id, { enabled }));
        if (options.json === true) printJson(io, webhookJson(record));
        else printLines(io, webhookLine(record));
      });
  }

  webhook
    .command("test <tenantId> <webhookId>")
    .description("send a signed webhook.test message now and print how it went")
    .option("--json", "print JSON")
    .action(async (tenantId: string, id: string, options: JsonOption, command: Command) => {
      printDelivery(await withWebhooks(command, (service) => service.test(tenantId, id)), options);
    });

  webhook
    .command("deliveries <tenantId> <webhookId>")
    .description("the deliveries attempted, newest first, with each attempt")
    .option("--limit <n>", "how many (default 20)", "20")
    .option("--json", "print JSON")
    .action(async (tenantId: string, id: string, options: JsonOption & { limit: string }, command: Command) => {
      const limit = Math.min(1000, Math.max(1, Number.parseInt(options.limit, 10) || 20));
      const page = await withWebhooks(command, (service) => service.deliveries(tenantId, id, { limit }));
      if (options.json === true) printJson(io, page.items.map(deliveryJson));
      else printLines(io, ...(page.items.length === 0 ? ["(no deliveries)"] : page.items.flatMap(deliveryLines)));
    });

  webhook
    .command("retry <tenantId> <webhookId> <deliveryId>")
    .description("send a delivery's event again now")
    .option("--json", "print JSON")
    .action(async (tenantId: string, id: string, deliveryId: string, options: JsonOption, command: Command) => {
      printDelivery(await withWebhooks(command, (service) => service.retry(tenantId, id, deliveryId)), options);
    });
}
