/** `/api/v1/tenants/{t}/roles` (SPEC §9): roles by hand, renames, nesting, and who holds a role. */
import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { memberJson, roleJson } from "../../domain/record-json.ts";
import { preconditionOf } from "../conditional-request.ts";
import { actorOf } from "./api-context.ts";
import { decodeListCursor, encodeListCursor, listScope } from "./api-cursor.ts";
import type { ApiServices } from "./api-deps.ts";
import { DEFAULT_LIMIT, keysetRequest, listJson } from "./api-list.ts";
import { PAGE_QUERY, pageSchema, problems, RoleIdParam, ref, TenantIdParam } from "./api-schemas.ts";
import { sendVersioned } from "./resource-reply.ts";
import { IF_MATCH_HEADERS, NO_CONTENT, typed } from "./route-kit.ts";

const TAGS = ["Roles"];
const ROLE_PARAMS = Type.Object({ tenantId: TenantIdParam, roleId: RoleIdParam });
const NESTING_PARAMS = Type.Object({ tenantId: TenantIdParam, roleId: RoleIdParam, childId: RoleIdParam });
const DISPLAY_NAME = Type.String({ minLength: 1, maxLength: 256 });

/** Registers the role routes. */
export function registerRoleRoutes(scope: FastifyInstance, { identity }: ApiServices): void {
  const api = typed(scope);

  api.get(
    "/tenants/:tenantId/roles",
    {
      schema: {
        tags: TAGS,
        operationId: "listRoles",
        summary: "List roles in creation order",
        params: Type.Object({ tenantId: TenantIdParam }),
        querystring: Type.Object(PAGE_QUERY, { additionalProperties: false }),
        response: { 200: pageSchema("Role"), ...problems(400, 401, 404) },
      },
    },
    async (request) => {
      const scope = listScope(["roles", request.params.tenantId]);
      const page = await identity.pageRoles(request.params.tenantId, keysetRequest(request.query, scope));
      return listJson(page, scope, (d) => [d.role.createdAt, d.role.id], roleJson);
    },
  );

  api.post(
    "/tenants/:tenantId/roles",
    {
      schema: {
        tags: TAGS,
        operationId: "createRole",
        summary: "Add a role by hand; its Id is the normalized display name",
        params: Type.Object({ tenantId: TenantIdParam }),
        body: Type.Object({ DisplayName: DISPLAY_NAME }, { additionalProperties: false }),
        response: { 201: ref("Role"), ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const role = await identity.addRole(request.params.tenantId, request.body.DisplayName, actorOf(request));
      return sendVersioned(reply, 201, role.version, roleJson({ role, children: [] }));
    },
  );

  api.get(
    "/tenants/:tenantId/roles/:roleId",
    {
      schema: {
        tags: TAGS,
        operationId: "getRole",
        summary: "Show a role",
        params: ROLE_PARAMS,
        response: { 200: ref("Role"), ...problems(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const details = await identity.showRole(request.params.tenantId, request.params.roleId);
      return sendVersioned(reply, 200, details.role.version, roleJson(details));
    },
  );

  api.patch(
    "/tenants/:tenantId/roles/:roleId",
    {
      schema: {
        tags: TAGS,
        operationId: "renameRole",
        summary: "Rename a role; its Id stays",
        params: ROLE_PARAMS,
        headers: IF_MATCH_HEADERS,
        body: Type.Object({ DisplayName: DISPLAY_NAME }, { additionalProperties: false }),
        response: { 200: ref("Role"), ...problems(400, 401, 403, 404, 412) },
      },
    },
    async (request, reply) => {
      const { tenantId, roleId } = request.params;
      const details = await identity.renameRole(
        tenantId,
        roleId,
        request.body.DisplayName,
        actorOf(request),
        preconditionOf(request),
      );
      return sendVersioned(reply, 200, details.role.version, roleJson(details));
    },
  );

  api.delete(
    "/tenants/:tenantId/roles/:roleId",
    {
      schema: {
        tags: TAGS,
        operationId: "deleteRole",
        summary: "Delete a role: it leaves every user's and every role's Roles",
        params: ROLE_PARAMS,
        headers: IF_MATCH_HEADERS,
        response: { 204: NO_CONTENT, ...problems(400, 401, 403, 404, 412) },
      },
    },
    async (request, reply) => {
      const { tenantId, roleId } = request.params;
      await identity.deleteRole(tenantId, roleId, actorOf(request), preconditionOf(request));
      return reply.code(204).send(null);
    },
  );

  api.put(
    "/tenants/:tenantId/roles/:roleId/roles/:childId",
    {
      schema: {
        tags: TAGS,
        operationId: "nestRole",
        summary: "Make a role contain another (idempotent); a cycle is 409",
        params: NESTING_PARAMS,
        headers: IF_MATCH_HEADERS,
        response: { 200: ref("Role"), ...problems(400, 401, 403, 404, 409, 412) },
      },
    },
    async (request, reply) => {
      const { tenantId, roleId, childId } = request.params;
      const details = await identity.nest(tenantId, roleId, childId, actorOf(request), {
        precondition: preconditionOf(request),
      });
      return sendVersioned(reply, 200, details.role.version, roleJson(details));
    },
  );

  api.delete(
    "/tenants/:tenantId/roles/:roleId/roles/:childId",
    {
      schema: {
        tags: TAGS,
        operationId: "unnestRole",
        summary: "Make a role stop containing another (idempotent)",
        params: NESTING_PARAMS,
        headers: IF_MATCH_HEADERS,
        response: { 200: ref("Role"), ...problems(400, 401, 403, 404, 412) },
      },
    },
    async (request, reply) => {
      const { tenantId, roleId, childId } = request.params;
      const details = await identity.unnest(tenantId, roleId, childId, actorOf(request), {
        precondition: preconditionOf(request),
        mustExist: false,
      });
      return sendVersioned(reply, 200, details.role.version, roleJson(details));
    },
  );

  api.get(
    "/tenants/:tenantId/roles/:roleId/members",
    {
      schema: {
        tags: TAGS,
        operationId: "listRoleMembers",
        summary: "Who holds the role, by user Id: direct members, and with indirect=true those through nesting",
        params: ROLE_PARAMS,
        querystring: Type.Object(
          { ...PAGE_QUERY, indirect: Type.Optional(Type.Boolean({ default: false })) },
          { additionalProperties: false },
        ),
        response: { 200: pageSchema("Member"), ...problems(400, 401, 404) },
      },
    },
    async (request) => {
      const { tenantId, roleId } = request.params;
      const indirect = request.query.indirect === true;
      const scope = listScope(["members", tenantId, roleId, indirect]);
      const after =
        request.query.cursor === undefined ? undefined : decodeListCursor(request.query.cursor, scope, 1)[0];
      const limit = request.query.limit ?? DEFAULT_LIMIT;
      const page = await identity.roleHolders(tenantId, roleId, { afterUserId: after, limit, indirect });
      const last = page.items.at(-1);
      return {
        Items: page.items.map(memberJson),
        Next: page.more && last ? encodeListCursor(scope, [last.id]) : null,
      };
    },
  );
}
