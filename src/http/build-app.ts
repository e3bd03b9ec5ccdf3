/** Assembles the HTTP server: limits, request ids, logs, metrics, parsers, the one error handler, probes, and the SCIM endpoints. */
import Fastify, { type FastifyInstance, LogController } from "fastify";
import type { Config } from "../config.ts";
import { CONSOLE_PREFIX, webConsole } from "../console/console-plugin.ts";
import { httpWebhookSender } from "../delivery/http-webhook-sender.ts";
import type { ConsoleSessionOptions } from "../domain/console-session-service.ts";
import { EventFeed } from "../domain/event-feed.ts";
import type { Store } from "../domain/ports.ts";
import { ProvisioningLogService } from "../domain/provisioning-log-service.ts";
import type { ScimOperations } from "../domain/scim-operations.ts";
import { TenantService } from "../domain/tenant-service.ts";
import type { WebhookSender } from "../domain/webhook-sender.ts";
import { WebhookService } from "../domain/webhook-service.ts";
import { cursorCodec } from "../protocol/cursor.ts";
import { MAX_ENCODED_ID_LENGTH } from "../protocol/limits.ts";
import { API_PREFIX, managementApi } from "./api/register-api.ts";
import { registerBulkRoutes } from "./bulk-routes.ts";
import { closingGate } from "./closing-gate.ts";
import { clientErrorHandler, frameworkErrorHandler, socketTimeoutHandler } from "./connection-errors.ts";
import { registerContentTypeParsers } from "./content-type-parsers.ts";
import { registerDiscoveryRoutes } from "./discovery-routes.ts";
import { registerErrorHandler } from "./error-response.ts";
import { registerGroupRoutes } from "./group-routes.ts";
import { registerHealthRoutes } from "./health-route.ts";
import { type LogStream, loggerOptions, requestChildLogger } from "./logger-options.ts";
import { registerMeRoutes } from "./me-routes.ts";
import { createMetrics, type Metrics, registerMetricsRoute } from "./metrics.ts";
import { registerNotFoundHandler } from "./not-found.ts";
import { registerProvisioningLog } from "./provisioning-log-hook.ts";
import { authFailureGuard, registerRateLimitPlugin, tenantRateLimitHook } from "./rate-limits.ts";
import { requestIdOf } from "./request-id.ts";
import { registerRequestPipeline } from "./request-pipeline.ts";
import { resourceIdHook } from "./resource-id-hook.ts";
import { scimAuthHook } from "./scim-auth.ts";
import { registerSearchRoutes } from "./search-routes.ts";
import { registerBodyTimeout, timeoutServerOptions } from "./server-timeouts.ts";
import { registerUserRoutes } from "./user-routes.ts";

/** The SCIM endpoints of a tenant and identity provider (SPEC §1). */
export const SCIM_PREFIX = "/scim/v2/:tenantId/:provider";

/** The longest path segment the router accepts, percent-encoded: any id Roster accepts fits (resourceIdHook refuses longer ids); a longer segment is 414. */
export const MAX_PATH_SEGMENT_LENGTH = MAX_ENCODED_ID_LENGTH;

/** The server secret that signs RFC 9865 cursors (`server_secrets.name`). */
export const CURSOR_SECRET = "scim-cursor-hmac";

/** What the app is built from. */
export interface AppDependencies {
  readonly store: Store;
  readonly scim: ScimOperations;
  readonly config: Config;
  /** Where log lines go (default stdout), e.g. to capture them in tests. */
  readonly logStream?: LogStream;
  /** The console's session lifetimes and clock (tests); defaults otherwise. */
  readonly consoleSessions?: ConsoleSessionOptions;
  /** The app's metrics (default: made here); main.ts shares them with the delivery loop. */
  readonly metrics?: Metrics;
  /** How webhooks leave the process (default: HTTP, with the config's SSRF rule and timeout). */
  readonly webhookSender?: WebhookSender;
  /** The provisioning log service (default: made here, flushed when the app closes). */
  readonly provisioningLog?: ProvisioningLogService;
}

/**
 * Builds the fastify app without listening. Routes: `GET /livez`, `/readyz`, `/healthz`,
 * `/metrics`, and under `/scim/v2/{tenantId}/{provider}` (all authenticated, rate-limited per
 * tenant): `/Users`, `/Groups` (each with `/.search`), `/.search`, `/Bulk`, `/Me` (501),
 * `/ServiceProviderConfig`, `/ResourceTypes`, `/Schemas`; under `/api`: the management API
 * (problem+json errors); under `/console`: the web console (HTML pages). Every request, on every surface, gets a request id, one log line and
 * its metrics, and the server's timeouts. Every error under `/scim` is a SCIM error body,
 * whichever layer refuses the request. The cursor signing key is read (or made) from the store
 * when the app starts, so `app.ready()` or `listen()` needs a migrated database.
 */
export function buildApp({ store, scim, config, logStream, ...optional }: AppDependencies): FastifyInstance {
  const metrics = optional.metrics ?? createMetrics(store);
  const refusedBelowRouting = clientErrorHandler(metrics);
  const app = Fastify({
    logger: loggerOptions(config.logLevel, logStream),
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: "requestId" }),
    genReqId: requestIdOf,
    childLoggerFactory: requestChildLogger,
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    ...timeoutServerOptions(config),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: MAX_PATH_SEGMENT_LENGTH },
    frameworkErrors: frameworkErrorHandler(metrics),
    // The closing gate answers instead, in the surface's shape.
    return503OnClosing: false,
    clientErrorHandler(error, socket) {
      refusedBelowRouting(app.log, error, socket);
    },
  });
  app.server.on("timeout", socketTimeoutHandler(app.log, metrics));
  registerRateLimitPlugin(app);
  registerRequestPipeline(app, metrics, closingGate(app));
  registerMetricsRoute(app, metrics, config.metricsToken);
  registerBodyTimeout(app, config.bodyTimeoutMs);
  registerContentTypeParsers(app);
  registerErrorHandler(app);
  registerNotFoundHandler(app);
  registerHealthRoutes(app, store);

  const tenants = new TenantService(store, {
    onUsageError: (error) => app.log.warn({ err: error }, "could not record a SCIM token's use"),
  });
  const log =
    optional.provisioningLog ??
    new ProvisioningLogService(store, {
      onError: (error) => app.log.warn({ err: error }, "could not write provisioning log rows"),
    });
  const sender =
    optional.webhookSender ??
    httpWebhookSender({ allowPrivateTargets: config.webhookAllowPrivateTargets, timeoutMs: config.webhookTimeoutMs });
  const closing = new AbortController();
  app.addHook("preClose", (done) => {
    closing.abort();
    done();
  });
  app.addHook("onClose", async () => {
    await log.flush();
  });
  // One instance of each service for both the API and the console.
  const shared = { tenants, log, events: new EventFeed(store), webhooks: new WebhookService(store, sender) };
  app.register(managementApi, { prefix: API_PREFIX, store, ...shared, closing: closing.signal });
  app.register(webConsole, {
    prefix: CONSOLE_PREFIX,
    store,
    shared,
    config,
    sessions: optional.consoleSessions,
  });
  app.register(
    async (scope) => {
      // Loaded once at start-up (app.ready / listen): every instance over the database shares it.
      const cursors = cursorCodec(await store.serverSecret(CURSOR_SECRET));
      const deps = { scim, config, cursors };
      registerProvisioningLog(scope, log);
      scope.addHook("onRequest", scimAuthHook(tenants, config, authFailureGuard(scope, config.authFailureLimit)));
      const rateLimit = tenantRateLimitHook(scope, config.scimRateLimit);
      if (rateLimit !== undefined) scope.addHook("onRequest", rateLimit);
      scope.addHook("preHandler", resourceIdHook);
      registerUserRoutes(scope, deps);
      registerGroupRoutes(scope, deps);
      registerSearchRoutes(scope, deps);
      registerBulkRoutes(scope, deps, log);
      registerMeRoutes(scope);
      registerDiscoveryRoutes(scope, deps);
    },
    { prefix: SCIM_PREFIX },
  );
  return app;
}
