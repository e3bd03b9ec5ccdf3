/** `/api/v1/admin-keys` (SPEC §9): global keys list, make and revoke admin keys. */
import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { MAX_KEY_NAME_LENGTH } from "../../domain/admin-key-service.ts";
import { adminKeyJson } from "../../domain/record-json.ts";
import { actorOf } from "./api-context.ts";
import { listScope } from "./api-cursor.ts";
import type { ApiServices } from "./api-deps.ts";
import { keysetRequest, listJson } from "./api-list.ts";
import { PAGE_QUERY, pageSchema, problems, ref, TenantIdParam } from "./api-schemas.ts";
import { GLOBAL_ONLY, NO_CONTENT, typed } from "./route-kit.ts";

const TAGS = ["Admin keys"];

/** Registers the admin key routes. */
export function registerAdminKeyRoutes(scope: FastifyInstance, { adminKeys }: ApiServices): void {
  const api = typed(scope);

  api.get(
    "/admin-keys",
    {
      config: GLOBAL_ONLY,
      schema: {
        tags: TAGS,
        operationId: "listAdminKeys",
        summary: "List admin keys",
        querystring: Type.Object(PAGE_QUERY, { additionalProperties: false }),
        response: { 200: pageSchema("AdminKey"), ...problems(400, 401, 403) },
      },
    },
    async (request) => {
      const scope = listScope(["admin-keys"]);
      const page = await adminKeys.list(keysetRequest(request.query, scope));
      return listJson(page, scope, (k) => [k.createdAt, k.id], adminKeyJson);
    },
  );

  api.post(
    "/admin-keys",
    {
      config: GLOBAL_ONLY,
      schema: {
        tags: TAGS,
        operationId: "createAdminKey",
        summary: "Make an admin key (its secret is in this answer only)",
        body: Type.Object(
          {
            Name: Type.String({ minLength: 1, maxLength: MAX_KEY_NAME_LENGTH }),
            Tenant: Type.Optional(Type.Union([TenantIdParam, Type.Null()])),
            ReadOnly: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: { 201: ref("CreatedAdminKey"), ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { Name, Tenant, ReadOnly } = request.body;
      const created = await adminKeys.create({ name: Name, tenantId: Tenant, readOnly: ReadOnly }, actorOf(request));
      return reply.code(201).send({ ...adminKeyJson(created.key), Key: created.secret });
    },
  );

  api.delete(
    "/admin-keys/:keyId",
    {
      config: GLOBAL_ONLY,
      schema: {
        tags: TAGS,
        operationId: "revokeAdminKey",
        summary: "Revoke an admin key: refused at once on every instance",
        params: Type.Object({ keyId: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: { 204: NO_CONTENT, ...problems(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await adminKeys.revoke(request.params.keyId, actorOf(request));
      return reply.code(204).send(null);
    },
  );
}
