/** `/api/v1/tenants/{t}/users` (SPEC §9): users by hand, grants and revokes, and the access question. */
import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { accessJson, userJson } from "../../domain/record-json.ts";
import { preconditionOf } from "../conditional-request.ts";
import { actorOf } from "./api-context.ts";
import { listScope } from "./api-cursor.ts";
import type { ApiServices } from "./api-deps.ts";
import { keysetRequest, listJson } from "./api-list.ts";
import { PAGE_QUERY, pageSchema, problems, RoleIdParam, ref, TenantIdParam, UserIdParam } from "./api-schemas.ts";
import { sendVersioned } from "./resource-reply.ts";
import { IF_MATCH_HEADERS, NO_CONTENT, typed } from "./route-kit.ts";

const TAGS = ["Users"];
const USER_PARAMS = Type.Object({ tenantId: TenantIdParam, userId: UserIdParam });
const GRANT_PARAMS = Type.Object({ tenantId: TenantIdParam, userId: UserIdParam, roleId: RoleIdParam });
const optionalText = (max: number) => Type.Optional(Type.Union([Type.String({ maxLength: max }), Type.Null()]));

/** Registers the user routes. */
export function registerUserRoutes(scope: FastifyInstance, { identity }: ApiServices): void {
  const api = typed(scope);

  api.get(
    "/tenants/:tenantId/users",
    {
      schema: {
        tags: TAGS,
        operationId: "listUsers",
        summary: "List users in creation order, filtered",
        params: Type.Object({ tenantId: TenantIdParam }),
        querystring: Type.Object(
          {
            ...PAGE_QUERY,
            q: Type.Optional(
              Type.String({
                minLength: 1,
                maxLength: 200,
                description: "Start of an email, first, last or display name (case-insensitive)",
              }),
            ),
            role: Type.Optional(
              Type.String({ minLength: 1, maxLength: 1024, description: "Holds this role directly" }),
            ),
            active: Type.Optional(Type.Boolean()),
            provider: Type.Optional(
              Type.String({ pattern: "^[A-Za-z0-9_-]{1,64}$", description: "Linked to this identity provider" }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: pageSchema("User"), ...problems(400, 401, 404) },
      },
    },
    async (request) => {
      const { tenantId } = request.params;
      const { q, role, active, provider } = request.query;
      const scope = listScope(["users", tenantId, q, role, active, provider?.toLowerCase()]);
      const page = await identity.pageUsers(tenantId, {
        ...keysetRequest(request.query, scope),
        q,
        roleId: role,
        active,
        provider,
      });
      return listJson(page, scope, (d) => [d.user.createdAt, d.user.id], userJson);
    },
  );

  api.post(
    "/tenants/:tenantId/users",
    {
      schema: {
        tags: TAGS,
        operationId: "createUser",
        summary: "Add a user by hand; its Id is its email",
        params: Type.Object({ tenantId: TenantIdParam }),
        body: Type.Object(
          {
            Email: Type.String({ minLength: 3, maxLength: 254 }),
            FirstName: Type.Optional(Type.String({ maxLength: 256 })),
            LastName: Type.Optional(Type.String({ maxLength: 256 })),
            Phone: Type.Optional(Type.String({ maxLength: 64 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: ref("User"), ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { Email, FirstName, LastName, Phone } = request.body;
      const user = await identity.addUser(
        request.params.tenantId,
        Email,
        { firstName: FirstName, lastName: LastName, phone: Phone },
        actorOf(request),
      );
      return sendVersioned(reply, 201, user.version, userJson({ user, roles: [] }));
    },
  );

  api.get(
    "/tenants/:tenantId/users/:userId",
    {
      schema: {
        tags: TAGS,
        operationId: "getUser",
        summary: "Show a user",
        params: USER_PARAMS,
        response: { 200: ref("User"), ...problems(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const details = await identity.showUser(request.params.tenantId, request.params.userId);
      return sendVersioned(reply, 200, details.user.version, userJson(details));
    },
  );

  api.patch(
    "/tenants/:tenantId/users/:userId",
    {
      schema: {
        tags: TAGS,
        operationId: "updateUser",
        summary: "Change a user's Email, names, Phone or Active (null clears a name or the phone)",
        params: USER_PARAMS,
        headers: IF_MATCH_HEADERS,
        body: Type.Object(
          {
            Email: Type.Optional(Type.String({ minLength: 3, maxLength: 254 })),
            FirstName: optionalText(256),
            LastName: optionalText(256),
            Phone: optionalText(64),
            Active: Type.Optional(Type.Boolean({ description: "false takes all access away at once" })),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: ref("User"), ...problems(400, 401, 403, 404, 409, 412) },
      },
    },
    async (request, reply) => {
      const { Email, FirstName, LastName, Phone, Active } = request.body;
      const details = await identity.updateUser(
        request.params.tenantId,
        request.params.userId,
        { email: Email, firstName: FirstName, lastName: LastName, phone: Phone, active: Active },
        actorOf(request),
        preconditionOf(request),
      );
      return sendVersioned(reply, 200, details.user.version, userJson(details));
    },
  );

  api.delete(
    "/tenants/:tenantId/users/:userId",
    {
      schema: {
        tags: TAGS,
        operationId: "deleteUser",
        summary: "Delete a user",
        params: USER_PARAMS,
        headers: IF_MATCH_HEADERS,
        response: { 204: NO_CONTENT, ...problems(400, 401, 403, 404, 412) },
      },
    },
    async (request, reply) => {
      const { tenantId, userId } = request.params;
      await identity.deleteUser(tenantId, userId, actorOf(request), preconditionOf(request));
      return reply.code(204).send(null);
    },
  );

  api.put(
    "/tenants/:tenantId/users/:userId/roles/:roleId",
    {
      schema: {
        tags: TAGS,
        operationId: "grantRole",
        summary: "Grant a role by hand (idempotent); RoleSources shows it as manual",
        params: GRANT_PARAMS,
        headers: IF_MATCH_HEADERS,
        response: { 200: ref("User"), ...problems(400, 401, 403, 404, 412) },
      },
    },
    async (request, reply) => {
      const { tenantId, userId, roleId } = request.params;
      const details = await identity.grant(tenantId, userId, roleId, actorOf(request), {
        precondition: preconditionOf(request),
      });
      return sendVersioned(reply, 200, details.user.version, userJson(details));
    },
  );

  api.delete(
    "/tenants/:tenantId/users/:userId/roles/:roleId",
    {
      schema: {
        tags: TAGS,
        operationId: "revokeRole",
        summary: "Revoke a directly held role (idempotent)",
        params: GRANT_PARAMS,
        headers: IF_MATCH_HEADERS,
        response: { 200: ref("User"), ...problems(400, 401, 403, 404, 412) },
      },
    },
    async (request, reply) => {
      const { tenantId, userId, roleId } = request.params;
      const details = await identity.revoke(tenantId, userId, roleId, actorOf(request), {
        precondition: preconditionOf(request),
        mustExist: false,
      });
      return sendVersioned(reply, 200, details.user.version, userJson(details));
    },
  );

  api.get(
    "/tenants/:tenantId/users/:userId/access",
    {
      schema: {
        tags: TAGS,
        operationId: "getUserAccess",
        summary: "The access question: is the user active, which roles it holds directly and through nesting",
        params: USER_PARAMS,
        response: { 200: ref("Access"), ...problems(400, 401, 404) },
      },
    },
    async (request) => accessJson(await identity.access(request.params.tenantId, request.params.userId)),
  );
}
