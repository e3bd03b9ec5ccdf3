/** Composition root of the server (`npm start`): configuration, database, domain, HTTP; graceful shutdown. */
import type { AddressInfo } from "node:net";
import { type Config, parseConfig } from "./config.ts";
import { httpWebhookSender } from "./delivery/http-webhook-sender.ts";
import { LogPruner } from "./delivery/log-pruner.ts";
import { WebhookDispatcher } from "./delivery/webhook-dispatcher.ts";
import type { Store } from "./domain/ports.ts";
import { ProvisioningLogService } from "./domain/provisioning-log-service.ts";
import { ScimService } from "./domain/scim-service.ts";
import { buildApp } from "./http/build-app.ts";
import { createMetrics } from "./http/metrics.ts";
import { prettyLogStream } from "./http/pretty-log-stream.ts";
import { openStore } from "./storage/open-store.ts";

/** Writes one line `roster: <message>` to stderr and exits 1: the failure contract of every entry point. */
function die(message: string): never {
  process.stderr.write(`roster: ${message.replace(/\s*\n\s*/g, " ")}\n`);
  process.exit(1);
}

/** What an operator does next on a database without tenants: there are no default credentials. */
function firstRunHelp(origin: string): string {
  return [
    "Roster has no tenants yet. To provision one:",
    "  npx roster tenant create <tenantId>",
    "  npx roster token generate",
    "  npx roster tenant set <tenantId> HashedScimProvisioningToken <SHA-512 Hash>",
    "Then give the identity provider the Bearer Token and the SCIM endpoint",
    `  ${origin}/scim/v2/<tenantId>/<provider>   (provider: EntraID, Okta, OneLogin, ...)`,
  ].join("\n");
}

/** LOG_FORMAT: `auto` is pretty on a terminal (someone is reading) and JSON otherwise (something is collecting). */
function usePrettyLogs(config: Config): boolean {
  return config.logFormat === "pretty" || (config.logFormat === "auto" && process.stdout.isTTY === true);
}

function originOf(config: Config, address: AddressInfo | string | null): string {
  if (config.publicBaseUrl !== undefined) return config.publicBaseUrl;
  const port = typeof address === "object" && address !== null ? address.port : config.port;
  const host = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;
  return `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
}

/**
 * Opens the configured database. A missing SQLite file is created (and reported); its directory
 * only for the default ./data/roster.db, so that a mistyped DATABASE_URL stops the server instead
 * of serving a new, empty database.
 */
async function openDatabase(config: Config): Promise<{ store: Store; created: string | undefined }> {
  let created: string | undefined;
  const store = await openStore(config.databaseUrl, {
    onCreate: (path) => {
      created = path;
    },
  });
  if (!(await store.isMigrated())) {
    await store.close();
    die("the database schema is not up to date: run `npx roster migrate` first");
  }
  return { store, created };
}

async function main(): Promise<void> {
  const parsed = parseConfig(process.env);
  if (!parsed.ok) die(parsed.error.message);
  const config = parsed.value;

  const { store, created } = await openDatabase(config).catch((error: unknown) =>
    die(`cannot open the database: ${error instanceof Error ? error.message : String(error)}`),
  );
  const metrics = createMetrics(store);
  const webhookSender = httpWebhookSender({
    allowPrivateTargets: config.webhookAllowPrivateTargets,
    timeoutMs: config.webhookTimeoutMs,
  });
  let onLogError = (_error: unknown) => {};
  const provisioningLog = new ProvisioningLogService(store, { onError: (error) => onLogError(error) });
  const app = buildApp({
    store,
    scim: new ScimService(store),
    config,
    metrics,
    webhookSender,
    provisioningLog,
    ...(usePrettyLogs(config) ? { logStream: prettyLogStream(process.stdout) } : {}),
  });
  if (created !== undefined) app.log.info({ path: created }, "Created database file");
  onLogError = (error) => app.log.warn({ err: error }, "could not write provisioning log rows");
  // Background work of every instance (SPEC §11): webhook delivery and the log's retention.
  const dispatcher = new WebhookDispatcher(store, webhookSender, {
    onFailure: () => metrics.webhookFailed(),
    onDisabled: (webhook, reason) => {
      metrics.webhookDisabled();
      app.log.warn({ tenant: webhook.tenantId, webhook: webhook.id, reason }, "endpoint.disabled");
    },
    onError: (error) => app.log.error({ err: error }, "webhook delivery turn failed"),
  });
  const pruner = new LogPruner(store, provisioningLog, {
    onError: (error) => app.log.error({ err: error }, "provisioning log pruning failed"),
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    app.log.info({ signal }, "shutting down");
    // close() stops accepting and lets requests in flight finish; it closes connections that are
    // idle when it starts, but one that finishes its request later would stay open until the
    // keep-alive timeout (72 s): close those as they become idle.
    const sweep = setInterval(() => app.server.closeIdleConnections(), 50);
    try {
      await dispatcher.stop();
      await pruner.stop();
      await app.close();
      clearInterval(sweep);
      await store.close();
      process.exit(0);
    } catch (error) {
      app.log.error({ err: error }, "shutdown failed");
      process.exit(1);
    }
  };
  // A second signal while closing exits at once.
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));

  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await store.close();
    die(`cannot listen on ${config.host}:${config.port}: ${error instanceof Error ? error.message : String(error)}`);
  }
  // Log lines, not plain text: stdout stays one JSON stream (pretty on a terminal, see LOG_FORMAT).
  const origin = originOf(config, app.server.address());
  app.log.info({ url: origin }, "Roster is listening");
  dispatcher.start();
  pruner.start();
  if ((await store.tenants.list()).length === 0) app.log.info({ firstRun: true }, firstRunHelp(origin));
}

await main();
