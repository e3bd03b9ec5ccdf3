/** Assembles the HTTP server: parsers, the one error handler, health, and the SCIM endpoints. */
import Fastify, { type FastifyInstance } from "fastify";
import type { Config } from "../config.ts";
import type { Store } from "../domain/ports.ts";
import type { ScimOperations } from "../domain/scim-operations.ts";
import { TenantService } from "../domain/tenant-service.ts";
import { cursorCodec } from "../protocol/cursor.ts";
import { MAX_ENCODED_ID_LENGTH } from "../protocol/limits.ts";
import { registerBulkRoutes } from "./bulk-routes.ts";
import { registerContentTypeParsers } from "./content-type-parsers.ts";
import { registerDiscoveryRoutes } from "./discovery-routes.ts";
import { registerErrorHandler } from "./error-response.ts";
import { registerGroupRoutes } from "./group-routes.ts";
import { registerHealthRoute } from "./health-route.ts";
import { type LogStream, loggerOptions } from "./logger-options.ts";
import { registerMeRoutes } from "./me-routes.ts";
import { registerNotFoundHandler } from "./not-found.ts";
import { resourceIdHook } from "./resource-id-hook.ts";
import { scimAuthHook } from "./scim-auth.ts";
import { registerSearchRoutes } from "./search-routes.ts";
import { registerUserRoutes } from "./user-routes.ts";

/** The SCIM endpoints of a tenant and identity provider (SPEC §1). */
export const SCIM_PREFIX = "/scim/v2/:tenantId/:provider";

/** The server secret that signs RFC 9865 cursors (`server_secrets.name`). */
export const CURSOR_SECRET = "scim-cursor-hmac";

/** What the app is built from. */
export interface AppDependencies {
  readonly store: Store;
  readonly scim: ScimOperations;
  readonly config: Config;
  /** Where log lines go (default stdout), e.g. to capture them in tests. */
  readonly logStream?: LogStream;
}

/**
 * Builds the fastify app without listening. Routes: `GET /healthz`, and under
 * `/scim/v2/{tenantId}/{provider}` (all authenticated): `/Users`, `/Groups` (each with
 * `/.search`), `/.search`, `/Bulk`, `/Me` (501), `/ServiceProviderConfig`, `/ResourceTypes`,
 * `/Schemas`. Every error leaves through the one
 * error handler as a SCIM error body. The cursor signing key is read (or made) from the store
 * when the app starts, so `app.ready()` or `listen()` needs a migrated database.
 */
export function buildApp({ store, scim, config, logStream }: AppDependencies): FastifyInstance {
  const app = Fastify({
    logger: loggerOptions(config.logLevel, logStream),
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    // Ids are emails or userNames, often longer than find-my-way's default of 100 characters;
    // the router must take any id Roster accepts, percent-encoded (resourceIdHook refuses longer ones).
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: MAX_ENCODED_ID_LENGTH },
  });
  registerContentTypeParsers(app);
  registerErrorHandler(app);
  registerNotFoundHandler(app);
  registerHealthRoute(app, store);

  const tenants = new TenantService(store.tenants);
  app.register(
    async (scope) => {
      // Loaded once at start-up (app.ready / listen): every instance over the database shares it.
      const cursors = cursorCodec(await store.serverSecret(CURSOR_SECRET));
      const deps = { scim, config, cursors };
      scope.addHook("onRequest", scimAuthHook(tenants, config));
      scope.addHook("preHandler", resourceIdHook);
      registerUserRoutes(scope, deps);
      registerGroupRoutes(scope, deps);
      registerSearchRoutes(scope, deps);
      registerBulkRoutes(scope, deps);
      registerMeRoutes(scope);
      registerDiscoveryRoutes(scope, deps);
    },
    { prefix: SCIM_PREFIX },
  );
  return app;
}
