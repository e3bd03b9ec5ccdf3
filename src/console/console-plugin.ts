/**
 * The web console (SPEC §13), mounted at `/console`: server-rendered pages over the same domain
 * services as the management API, signed in with an admin key. Its own body parser (HTML forms
 * only), error handler (HTML pages), security headers on every response, the session hook and
 * CSRF checks, its static assets.
 */
import formbody from "@fastify/formbody";
import type { FastifyInstance } from "fastify";
import type { Config } from "../config.ts";
import { type ConsoleSessionOptions, ConsoleSessionService } from "../domain/console-session-service.ts";
import type { Store } from "../domain/ports.ts";
import type { ApiServices } from "../http/api/api-deps.ts";
import { apiServices } from "../http/api/register-api.ts";
import { HTML_SECURITY_HEADERS } from "../http/html-page-headers.ts";
import { authFailureGuard } from "../http/rate-limits.ts";
import { RosterError } from "../protocol/errors.ts";
import { CONSOLE_ASSETS } from "./console-assets.ts";
import { consoleSessionHook, csrfHook, PUBLIC_ROUTE } from "./console-auth.ts";
import type { ConsoleDeps } from "./console-deps.ts";
import { sendConsoleError } from "./console-errors.ts";
import { CSRF_SECRET } from "./csrf.ts";
import { registerEventRoutes } from "./routes/event-routes.ts";
import { registerLogRoutes } from "./routes/log-routes.ts";
import { registerMigrationRoutes } from "./routes/migration-routes.ts";
import { registerRoleRoutes } from "./routes/role-routes.ts";
import { registerSignInRoutes } from "./routes/sign-in-routes.ts";
import { registerTenantRoutes } from "./routes/tenant-routes.ts";
import { registerUserRoutes } from "./routes/user-routes.ts";

/** The prefix of the console. */
export const CONSOLE_PREFIX = "/console";
/** The largest form the console accepts. */
export const CONSOLE_BODY_LIMIT = 64 * 1024;
const YEAR_SECONDS = 31_536_000;
const HOUR_SECONDS = 3600;

/** What the console is built from. */
export interface ConsoleOptions {
  readonly store: Store;
  /** The app's services shared with SCIM authentication and the API (one TenantService, one log, …). */
  readonly shared: Pick<ApiServices, "tenants" | "log" | "events" | "webhooks">;
  readonly config: Config;
  /** Session lifetimes and the clock (tests); the defaults are CONSOLE_IDLE_MS and CONSOLE_ABSOLUTE_MS. */
  readonly sessions?: ConsoleSessionOptions;
}

function registerAssets(scope: FastifyInstance): void {
  scope.get<{ Params: { name: string }; Querystring: { v?: string } }>(
    "/assets/:name",
    { config: PUBLIC_ROUTE },
    async (request, reply) => {
      const asset = CONSOLE_ASSETS.get(request.params.name);
      if (asset === undefined) throw new RosterError("notFound", "There is no such console asset");
      const current = request.query.v === asset.hash;
      return reply
        .header(
          "cache-control",
          current ? `public, max-age=${YEAR_SECONDS}, immutable` : `public, max-age=${HOUR_SECONDS}`,
        )
        .header("etag", `"${asset.hash}"`)
        .type(asset.contentType)
        .send(asset.body);
    },
  );
}

/** Registers the console; call with `{ prefix: CONSOLE_PREFIX }`. */
export async function webConsole(scope: FastifyInstance, options: ConsoleOptions): Promise<void> {
  const now = options.sessions?.now ?? (() => new Date());
  const services = apiServices(options.store, options.shared, (error) =>
    scope.log.warn({ err: error }, "could not record an admin key's use"),
  );
  const sessions = new ConsoleSessionService(options.store, services.adminKeys, options.sessions);
  // Loaded once at start-up: every instance over the database shares it.
  const csrfKey = await options.store.serverSecret(CSRF_SECRET);
  const deps: ConsoleDeps = { services, sessions, config: options.config, now };

  // HTML forms only: no JSON, nothing else (fastify answers 415).
  scope.removeAllContentTypeParsers();
  await scope.register(formbody, { bodyLimit: CONSOLE_BODY_LIMIT });
  scope.setErrorHandler((error, request, reply) => sendConsoleError(error, request, reply));
  scope.setNotFoundHandler((request, reply) =>
    sendConsoleError(new RosterError("notFound", "There is no console page at this address"), request, reply),
  );
  scope.addHook("onSend", async (_request, reply, payload) => {
    for (const [name, value] of Object.entries(HTML_SECURITY_HEADERS)) {
      if (!reply.hasHeader(name)) reply.header(name, value);
    }
    return payload;
  });
  scope.addHook("onRequest", consoleSessionHook(sessions, csrfKey, options.config.publicBaseUrl));
  scope.addHook("preHandler", csrfHook(csrfKey));

  registerAssets(scope);
  registerSignInRoutes(scope, {
    sessions,
    csrfKey,
    publicBaseUrl: options.config.publicBaseUrl,
    guard: authFailureGuard(scope, options.config.authFailureLimit),
  });
  registerTenantRoutes(scope, deps);
  registerUserRoutes(scope, deps);
  registerRoleRoutes(scope, deps);
  registerLogRoutes(scope, deps);
  registerEventRoutes(scope, deps);
  registerMigrationRoutes(scope, deps);
}
