/**
 * The tenants: the list and creation (global keys), and a tenant's overview with its settings,
 * SCIM endpoint, tokens and pause switch. Every change goes through the services the
 * management API calls, with their checks and messages.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { parseProviderName } from "../../domain/provider-name.ts";
import { TENANT_SETTINGS } from "../../domain/tenant-settings.ts";
import { listScope } from "../../http/api/api-cursor.ts";
import { keysetRequest, listJson } from "../../http/api/api-list.ts";
import { HTML_CONTENT_TYPE } from "../../http/html-page-headers.ts";
import { scimBaseUrl } from "../../http/scim-context.ts";
import { RosterError } from "../../protocol/errors.ts";
import { GLOBAL_ONLY_ROUTE } from "../console-auth.ts";
import { consoleActor, viewerOf } from "../console-context.ts";
import type { ConsoleDeps } from "../console-deps.ts";
import { consolePaths } from "../console-paths.ts";
import { formRefusal } from "../form-errors.ts";
import { formFields } from "../form-fields.ts";
import { noticeFor } from "../notices.ts";
import { tenantListPage } from "../pages/tenant-list-page.ts";
import { type TenantView, tenantPage } from "../pages/tenant-page.ts";

/** How many tenants and tokens a page lists. */
export const CONSOLE_PAGE_SIZE = 50;

type TenantParams = { tenantId: string };
type TenantQuery = { provider?: string; tokens?: string; done?: string };

/** Registers the tenant routes. */
export function registerTenantRoutes(scope: FastifyInstance, deps: ConsoleDeps): void {
  const { tenants, scimTokens } = deps.services;
  const tenantScope = listScope(["console-tenants"]);

  async function tenantList(
    request: FastifyRequest<{ Querystring: { cursor?: string; done?: string } }>,
    reply: FastifyReply,
    refused?: { status: number; message: string; typedId: string | undefined },
  ) {
    const viewer = viewerOf(request);
    const cursor = refused === undefined ? request.query.cursor : undefined;
    const page = await tenants.pageTenants(keysetRequest({ limit: CONSOLE_PAGE_SIZE, cursor }, tenantScope));
    const list = listJson(
      page,
      tenantScope,
      (t) => [t.createdAt, t.id],
      (t) => t,
    );
    return reply
      .code(refused?.status ?? 200)
      .type(HTML_CONTENT_TYPE)
      .send(
        tenantListPage(viewer, {
          tenants: list.Items,
          firstHref: cursor === undefined ? undefined : consolePaths.tenants(),
          nextHref: list.Next === null ? undefined : consolePaths.tenants({ cursor: list.Next }),
          notice: refused === undefined ? noticeFor(request.query.done) : undefined,
          error: refused?.message,
          typedId: refused?.typedId,
        }),
      );
  }

  async function tenantOverview(
    request: FastifyRequest<{ Params: TenantParams; Querystring: TenantQuery }>,
    reply: FastifyReply,
    extra: Pick<TenantView, "newToken" | "error" | "typedSettings"> & { status?: number } = {},
  ) {
    const viewer = viewerOf(request);
    const { tenantId } = request.params;
    const tenant = await tenants.showTenant(tenantId);
    const tokenScope = listScope(["console-tokens", tenant.id]);
    const tokensCursor = extra.newToken === undefined && extra.error === undefined ? request.query.tokens : undefined;
    const tokenPage = await scimTokens.list(
      tenant.id,
      keysetRequest({ limit: CONSOLE_PAGE_SIZE, cursor: tokensCursor }, tokenScope),
    );
    const tokens = listJson(
      tokenPage,
      tokenScope,
      (t) => [t.createdAt, t.id],
      (t) => t,
    );
    const typed = typeof request.query.provider === "string" ? request.query.provider.trim() : "";
    const provider = typed === "" ? undefined : parseProviderName(typed);
    const template = `${scimBaseUrl(request, deps.config, tenant.id, "_").slice(0, -1)}{provider}`;
    const view: TenantView = {
      tenant,
      endpoint: {
        provider: provider?.ok ? provider.value : typed === "" ? undefined : typed,
        url: provider?.ok ? scimBaseUrl(request, deps.config, tenant.id, provider.value) : undefined,
        error:
          provider === undefined || provider.ok
            ? undefined
            : "A provider name is 1–64 letters, digits, “-” or “_” (for example EntraID or Okta).",
        template,
      },
      tokens: tokens.Items,
      tokensFirstHref: tokensCursor === undefined ? undefined : `${consolePaths.tenant(tenant.id)}#tokens`,
      tokensNextHref:
        tokens.Next === null ? undefined : `${consolePaths.tenant(tenant.id, { tokens: tokens.Next })}#tokens`,
      now: deps.now(),
      newToken: extra.newToken,
      notice: extra.error === undefined && extra.newToken === undefined ? noticeFor(request.query.done) : undefined,
      error: extra.error,
      typedSettings: extra.typedSettings,
    };
    const { status, body } = tenantPage(viewer, view, extra.status ?? 200);
    return reply.code(status).type(HTML_CONTENT_TYPE).send(body);
  }

  scope.get("/", async (request, reply) => {
    const { key } = viewerOf(request);
    return reply.redirect(key.tenantId === null ? consolePaths.tenants() : consolePaths.tenant(key.tenantId), 303);
  });

  scope.get<{ Querystring: { cursor?: string; done?: string } }>("/tenants", async (request, reply) => {
    const { key } = viewerOf(request);
    // A tenant-scoped key has one tenant to see: its own.
    if (key.tenantId !== null) return reply.redirect(consolePaths.tenant(key.tenantId), 303);
    return tenantList(request, reply);
  });

  scope.post<{ Querystring: { cursor?: string; done?: string } }>(
    "/tenants",
    { config: GLOBAL_ONLY_ROUTE },
    async (request, reply) => {
      const id = formFields(request.body).trimmed("id") ?? "";
      try {
        const tenant = await tenants.createTenant(id, consoleActor(request));
        return reply.redirect(consolePaths.tenant(tenant.id, { done: "tenant-created" }), 303);
      } catch (error) {
        const refusal = formRefusal(error);
        return tenantList(request, reply, { ...refusal, typedId: id });
      }
    },
  );

  scope.get<{ Params: TenantParams; Querystring: TenantQuery }>("/tenants/:tenantId", (request, reply) =>
    tenantOverview(request, reply),
  );

  scope.post<{ Params: TenantParams; Querystring: TenantQuery }>(
    "/tenants/:tenantId/settings",
    async (request, reply) => {
      const { tenantId } = request.params;
      const tenant = await tenants.showTenant(tenantId);
      const form = formFields(request.body);
      const changes: Record<string, string | null> = {};
      const typed: Record<string, string> = {};
      for (const setting of TENANT_SETTINGS) {
        const raw = form.text(`setting.${setting.name}`);
        if (raw === undefined) continue;
        const value = raw.trim();
        typed[setting.name] = value;
        const stored = tenant.settings[setting.name];
        if (value === "") {
          if (stored !== undefined) changes[setting.name] = null;
        } else if (value !== (stored ?? setting.defaultValue)) {
          changes[setting.name] = value;
        }
      }
      if (Object.keys(changes).length === 0) {
        return reply.redirect(`${consolePaths.tenant(tenant.id, { done: "settings-unchanged" })}#settings`, 303);
      }
      try {
        await tenants.updateSettings(tenant.id, changes, consoleActor(request));
      } catch (error) {
        const refusal = formRefusal(error);
        return tenantOverview(request, reply, {
          status: refusal.status,
          error: { section: "settings", message: refusal.message },
          typedSettings: typed,
        });
      }
      return reply.redirect(`${consolePaths.tenant(tenant.id, { done: "settings-saved" })}#settings`, 303);
    },
  );

  scope.post<{ Params: TenantParams; Querystring: TenantQuery }>(
    "/tenants/:tenantId/tokens",
    async (request, reply) => {
      const form = formFields(request.body);
      try {
        const added = await scimTokens.add(
          request.params.tenantId,
          { hash: form.trimmed("hash"), expiresAt: form.trimmed("expiresAt") },
          consoleActor(request),
        );
        return tenantOverview(request, reply, { newToken: added });
      } catch (error) {
        const refusal = formRefusal(error);
        return tenantOverview(request, reply, {
          status: refusal.status,
          error: { section: "tokens", message: refusal.message },
        });
      }
    },
  );

  scope.post<{ Params: TenantParams & { tokenId: string } }>(
    "/tenants/:tenantId/tokens/:tokenId/revoke",
    async (request, reply) => {
      const { tenantId, tokenId } = request.params;
      await scimTokens.revoke(tenantId, tokenId, consoleActor(request));
      return reply.redirect(`${consolePaths.tenant(tenantId, { done: "token-revoked" })}#tokens`, 303);
    },
  );

  scope.post<{ Params: TenantParams; Querystring: TenantQuery }>("/tenants/:tenantId/pause", async (request, reply) => {
    const text = formFields(request.body).trimmed("retryAfterSeconds");
    try {
      if (text !== undefined && !/^\d{1,9}$/.test(text)) {
        throw new RosterError("invalidValue", "Retry-After must be a whole number of seconds", {
          field: "RetryAfterSeconds",
        });
      }
      await tenants.pause(
        request.params.tenantId,
        text === undefined ? undefined : Number(text),
        consoleActor(request),
      );
    } catch (error) {
      const refusal = formRefusal(error);
      return tenantOverview(request, reply, {
        status: refusal.status,
        error: { section: "pause", message: refusal.message },
      });
    }
    return reply.redirect(`${consolePaths.tenant(request.params.tenantId, { done: "paused" })}#pause`, 303);
  });

  scope.post<{ Params: TenantParams }>("/tenants/:tenantId/resume", async (request, reply) => {
    await tenants.resume(request.params.tenantId, consoleActor(request));
    return reply.redirect(`${consolePaths.tenant(request.params.tenantId, { done: "resumed" })}#pause`, 303);
  });
}
