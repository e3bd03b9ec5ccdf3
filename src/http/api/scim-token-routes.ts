/** `/api/v1/tenants/{t}/scim-tokens` (SPEC §9): SCIM token rotation. */
import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { scimTokenJson } from "../../domain/record-json.ts";
import { MAX_TOKEN_BYTES, MIN_TOKEN_BYTES } from "../../domain/token.ts";
import { actorOf } from "./api-context.ts";
import { listScope } from "./api-cursor.ts";
import type { ApiServices } from "./api-deps.ts";
import { keysetRequest, listJson } from "./api-list.ts";
import { PAGE_QUERY, pageSchema, problems, ref, TenantIdParam } from "./api-schemas.ts";
import { NO_CONTENT, typed } from "./route-kit.ts";

const TAGS = ["SCIM tokens"];

/** Registers the SCIM token routes. */
export function registerScimTokenRoutes(scope: FastifyInstance, { scimTokens }: ApiServices): void {
  const api = typed(scope);

  api.get(
    "/tenants/:tenantId/scim-tokens",
    {
      schema: {
        tags: TAGS,
        operationId: "listScimTokens",
        summary: "List a tenant's SCIM tokens (the HashedScimProvisioningToken setting is one more)",
        params: Type.Object({ tenantId: TenantIdParam }),
        querystring: Type.Object(PAGE_QUERY, { additionalProperties: false }),
        response: { 200: pageSchema("ScimToken"), ...problems(400, 401, 404) },
      },
    },
    async (request) => {
      const scope = listScope(["scim-tokens", request.params.tenantId]);
      const page = await scimTokens.list(request.params.tenantId, keysetRequest(request.query, scope));
      return listJson(page, scope, (t) => [t.createdAt, t.id], scimTokenJson);
    },
  );

  api.post(
    "/tenants/:tenantId/scim-tokens",
    {
      schema: {
        tags: TAGS,
        operationId: "addScimToken",
        summary: "Generate a SCIM token (shown in this answer only), or register the SHA-512 Hash of one",
        params: Type.Object({ tenantId: TenantIdParam }),
        body: Type.Object(
          {
            Hash: Type.Optional(
              Type.String({ pattern: "^[0-9A-Fa-f]{128}$", description: "SHA-512 of a token made elsewhere" }),
            ),
            ExpiresAt: Type.Optional(
              Type.Union([Type.String({ maxLength: 64, description: "ISO 8601 date or date-time" }), Type.Null()]),
            ),
            Bytes: Type.Optional(
              Type.Integer({ minimum: MIN_TOKEN_BYTES, maximum: MAX_TOKEN_BYTES, description: "Entropy, default 32" }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 201: ref("AddedScimToken"), ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { Hash, ExpiresAt, Bytes } = request.body;
      const added = await scimTokens.add(
        request.params.tenantId,
        { hash: Hash, expiresAt: ExpiresAt, bytes: Bytes },
        actorOf(request),
      );
      return reply
        .code(201)
        .send({ ...scimTokenJson(added.token), ...(added.secret === undefined ? {} : { Token: added.secret }) });
    },
  );

  api.delete(
    "/tenants/:tenantId/scim-tokens/:tokenId",
    {
      schema: {
        tags: TAGS,
        operationId: "revokeScimToken",
        summary: "Revoke a SCIM token: refused at once on every instance",
        params: Type.Object({ tenantId: TenantIdParam, tokenId: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: { 204: NO_CONTENT, ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await scimTokens.revoke(request.params.tenantId, request.params.tokenId, actorOf(request));
      return reply.code(204).send(null);
    },
  );
}
