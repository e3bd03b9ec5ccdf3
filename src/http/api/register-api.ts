/**
 * The management API plugin, mounted at `/api` (SPEC §9): its own validation, its own error
 * handler (RFC 9457 problem+json, so `/scim` keeps its SCIM error bodies), the OpenAPI document
 * and its viewer, and the admin-key hook in front of every `/api/v1` route.
 */
import type { FastifyInstance } from "fastify";
import { AdminKeyService } from "../../domain/admin-key-service.ts";
import { AuditService } from "../../domain/audit-service.ts";
import type { EventFeed } from "../../domain/event-feed.ts";
import { ExportService } from "../../domain/export-service.ts";
import { IdentityService } from "../../domain/identity-service.ts";
import { ImportService } from "../../domain/import-service.ts";
import type { Store } from "../../domain/ports.ts";
import type { ProvisioningLogService } from "../../domain/provisioning-log-service.ts";
import { ScimTokenService } from "../../domain/scim-token-service.ts";
import type { TenantService } from "../../domain/tenant-service.ts";
import type { WebhookService } from "../../domain/webhook-service.ts";
import { RosterError } from "../../protocol/errors.ts";
import { registerAdminKeyRoutes } from "./admin-key-routes.ts";
import { apiAuthHook } from "./api-auth.ts";
import type { ApiServices } from "./api-deps.ts";
import { SHARED_SCHEMAS } from "./api-schemas.ts";
import { registerEventRoutes } from "./event-routes.ts";
import { registerLogRoutes } from "./log-routes.ts";
import { registerMigrationRoutes } from "./migration-routes.ts";
import { registerDocsRoutes, registerOpenApi } from "./openapi-routes.ts";
import { sendProblem } from "./problem.ts";
import { registerRoleRoutes } from "./role-routes.ts";
import { registerScimTokenRoutes } from "./scim-token-routes.ts";
import { registerTenantRoutes } from "./tenant-routes.ts";
import { registerUserRoutes } from "./user-routes.ts";
import { apiValidatorCompiler } from "./validator-compiler.ts";
import { registerWebhookRoutes } from "./webhook-routes.ts";

/** The prefix of the whole management surface. */
export const API_PREFIX = "/api";

/** What the plugin is built from. */
export interface ManagementApiOptions {
  readonly store: Store;
  /** The app's TenantService, shared with SCIM authentication. */
  readonly tenants: TenantService;
  readonly log: ProvisioningLogService;
  readonly events: EventFeed;
  readonly webhooks: WebhookService;
  /** Aborts when the server is stopping: long polls answer at once. */
  readonly closing: AbortSignal;
  /** The version shown in the OpenAPI document. */
  readonly version?: string;
}

/** The services of the API over a store (the CLI builds the same ones over its own store). */
export function apiServices(
  store: Store,
  shared: Pick<ApiServices, "tenants" | "log" | "events" | "webhooks">,
  log: (error: unknown) => void,
): ApiServices {
  return {
    ...shared,
    identity: new IdentityService(store),
    adminKeys: new AdminKeyService(store, { onUsageError: log }),
    scimTokens: new ScimTokenService(store),
    exports: new ExportService(store),
    imports: new ImportService(store),
    audit: new AuditService(store),
  };
}

/** Registers the management API; call with `{ prefix: API_PREFIX }`. */
export async function managementApi(api: FastifyInstance, options: ManagementApiOptions): Promise<void> {
  const services = apiServices(options.store, options, (error) =>
    api.log.warn({ err: error }, "could not record an admin key's use"),
  );
  api.setValidatorCompiler(apiValidatorCompiler);
  api.setErrorHandler((error, request, reply) => sendProblem(error, request, reply));
  api.setNotFoundHandler((request, reply) =>
    sendProblem(new RosterError("notFound", `No API route ${request.method} ${pathOf(request.url)}`), request, reply),
  );
  for (const schema of SHARED_SCHEMAS) api.addSchema(schema);
  await registerOpenApi(api, options.version ?? "1");
  await api.register(registerDocsRoutes);
  await api.register(
    async (v1) => {
      v1.addHook("onRequest", apiAuthHook(services.adminKeys));
      registerAdminKeyRoutes(v1, services);
      registerTenantRoutes(v1, services);
      registerScimTokenRoutes(v1, services);
      registerUserRoutes(v1, services);
      registerRoleRoutes(v1, services);
      registerMigrationRoutes(v1, services);
      registerLogRoutes(v1, services);
      registerEventRoutes(v1, services, options.closing);
      registerWebhookRoutes(v1, services);
    },
    { prefix: "/v1" },
  );
}

function pathOf(url: string): string {
  const path = url.split("?")[0] ?? url;
  return path.length > 200 ? `${path.slice(0, 200)}…` : path;
}
