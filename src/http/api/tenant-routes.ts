/** `/api/v1/tenants` (SPEC §9): tenants and their settings, pause and resume, deletion. */
import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { tenantJson } from "../../domain/record-json.ts";
import { MAX_RETRY_AFTER_SECONDS } from "../../domain/tenant-pause.ts";
import { preconditionOf } from "../conditional-request.ts";
import { actorOf } from "./api-context.ts";
import { listScope } from "./api-cursor.ts";
import type { ApiServices } from "./api-deps.ts";
import { keysetRequest, listJson } from "./api-list.ts";
import { PAGE_QUERY, pageSchema, problems, ref, TenantIdParam } from "./api-schemas.ts";
import { sendVersioned } from "./resource-reply.ts";
import { GLOBAL_ONLY, IF_MATCH_HEADERS, NO_CONTENT, typed } from "./route-kit.ts";

const TAGS = ["Tenants"];
const TENANT_PARAMS = Type.Object({ tenantId: TenantIdParam });

/** Registers the tenant routes. */
export function registerTenantRoutes(scope: FastifyInstance, { tenants }: ApiServices): void {
  const api = typed(scope);

  api.get(
    "/tenants",
    {
      config: GLOBAL_ONLY,
      schema: {
        tags: TAGS,
        operationId: "listTenants",
        summary: "List tenants",
        querystring: Type.Object(PAGE_QUERY, { additionalProperties: false }),
        response: { 200: pageSchema("Tenant"), ...problems(400, 401, 403) },
      },
    },
    async (request) => {
      const scope = listScope(["tenants"]);
      const page = await tenants.pageTenants(keysetRequest(request.query, scope));
      return listJson(page, scope, (t) => [t.createdAt, t.id], tenantJson);
    },
  );

  api.post(
    "/tenants",
    {
      config: GLOBAL_ONLY,
      schema: {
        tags: TAGS,
        operationId: "createTenant",
        summary: "Create a tenant",
        body: Type.Object({ Id: TenantIdParam }, { additionalProperties: false }),
        response: { 201: ref("Tenant"), ...problems(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const tenant = await tenants.createTenant(request.body.Id, actorOf(request));
      return sendVersioned(reply, 201, tenant.version, tenantJson(tenant));
    },
  );

  api.get(
    "/tenants/:tenantId",
    {
      schema: {
        tags: TAGS,
        operationId: "getTenant",
        summary: "Show a tenant",
        params: TENANT_PARAMS,
        response: { 200: ref("Tenant"), ...problems(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const tenant = await tenants.showTenant(request.params.tenantId);
      return sendVersioned(reply, 200, tenant.version, tenantJson(tenant));
    },
  );

  api.patch(
    "/tenants/:tenantId",
    {
      schema: {
        tags: TAGS,
        operationId: "updateTenantSettings",
        summary: "Change settings (null removes one), all or none",
        params: TENANT_PARAMS,
        headers: IF_MATCH_HEADERS,
        body: Type.Object(
          {
            Settings: Type.Record(
              Type.String({ minLength: 1, maxLength: 100 }),
              Type.Union([Type.String({ maxLength: 1024 }), Type.Boolean(), Type.Number(), Type.Null()]),
              { description: "Setting name to value, checked as `roster tenant set` checks it" },
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: ref("Tenant"), ...problems(400, 401, 403, 404, 412) },
      },
    },
    async (request, reply) => {
      const changes = Object.fromEntries(
        Object.entries(request.body.Settings).map(([name, value]) => [name, value === null ? null : String(value)]),
      );
      const tenant = await tenants.updateSettings(
        request.params.tenantId,
        changes,
        actorOf(request),
        preconditionOf(request),
      );
      return sendVersioned(reply, 200, tenant.version, tenantJson(tenant));
    },
  );

  api.delete(
    "/tenants/:tenantId",
    {
      schema: {
        tags: TAGS,
        operationId: "deleteTenant",
        summary: "Delete a tenant and all its data",
        params: TENANT_PARAMS,
        headers: IF_MATCH_HEADERS,
        response: { 204: NO_CONTENT, ...problems(400, 401, 403, 404, 412) },
      },
    },
    async (request, reply) => {
      await tenants.deleteTenant(request.params.tenantId, actorOf(request), preconditionOf(request));
      return reply.code(204).send(null);
    },
  );

  api.post(
    "/tenants/:tenantId/pause",
    {
      schema: {
        tags: TAGS,
        operationId: "pauseTenant",
        summary: "Pause SCIM writes: they answer 503 with Retry-After until resumed; reads go on",
        params: TENANT_PARAMS,
        headers: IF_MATCH_HEADERS,
        body: Type.Object(
          {
            RetryAfterSeconds: Type.Optional(
              Type.Integer({ minimum: 1, maximum: MAX_RETRY_AFTER_SECONDS, description: "Default 300" }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: ref("Tenant"), ...problems(400, 401, 403, 404, 412) },
      },
    },
    async (request, reply) => {
      const tenant = await tenants.pause(
        request.params.tenantId,
        request.body.RetryAfterSeconds,
        actorOf(request),
        preconditionOf(request),
      );
      return sendVersioned(reply, 200, tenant.version, tenantJson(tenant));
    },
  );

  api.post(
    "/tenants/:tenantId/resume",
    {
      schema: {
        tags: TAGS,
        operationId: "resumeTenant",
        summary: "Resume SCIM writes at once",
        params: TENANT_PARAMS,
        headers: IF_MATCH_HEADERS,
        response: { 200: ref("Tenant"), ...problems(400, 401, 403, 404, 412) },
      },
    },
    async (request, reply) => {
      const tenant = await tenants.resume(request.params.tenantId, actorOf(request), preconditionOf(request));
      return sendVersioned(reply, 200, tenant.version, tenantJson(tenant));
    },
  );
}
