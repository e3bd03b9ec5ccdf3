/** A tenant's roles: the list, adding one by hand, a role's page, nest and unnest. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { decodeListCursor, encodeListCursor, listScope } from "../../http/api/api-cursor.ts";
import { keysetRequest, listJson } from "../../http/api/api-list.ts";
import { HTML_CONTENT_TYPE } from "../../http/html-page-headers.ts";
import { RosterError } from "../../protocol/errors.ts";
import { consoleActor, viewerOf } from "../console-context.ts";
import type { ConsoleDeps } from "../console-deps.ts";
import { consolePaths } from "../console-paths.ts";
import { formRefusal } from "../form-errors.ts";
import { formFields } from "../form-fields.ts";
import { noticeFor } from "../notices.ts";
import { roleListPage } from "../pages/role-list-page.ts";
import { rolePage } from "../pages/role-page.ts";
import { CONSOLE_PAGE_SIZE } from "./tenant-routes.ts";
import { ROLE_CHOICES } from "./user-routes.ts";

type RoleParams = { tenantId: string; roleId: string };
type RoleQuery = { members?: string; done?: string };

/** Registers the role routes. */
export function registerRoleRoutes(scope: FastifyInstance, deps: ConsoleDeps): void {
  const { tenants, identity } = deps.services;

  async function roleList(
    request: FastifyRequest<{ Params: { tenantId: string }; Querystring: { cursor?: string; done?: string } }>,
    reply: FastifyReply,
    refused?: { status: number; message: string; typedName: string | undefined },
  ) {
    const tenant = await tenants.showTenant(request.params.tenantId);
    const cursor = refused === undefined && typeof request.query.cursor === "string" ? request.query.cursor : undefined;
    const pageScope = listScope(["console-roles", tenant.id]);
    const page = await identity.pageRoles(tenant.id, keysetRequest({ limit: CONSOLE_PAGE_SIZE, cursor }, pageScope));
    const list = listJson(
      page,
      pageScope,
      (d) => [d.role.createdAt, d.role.id],
      (d) => d,
    );
    const names = new Map(list.Items.map(({ role }) => [role.id, role.displayName]));
    return reply
      .code(refused?.status ?? 200)
      .type(HTML_CONTENT_TYPE)
      .send(
        roleListPage(viewerOf(request), {
          tenant,
          roles: list.Items,
          names,
          firstHref: cursor === undefined ? undefined : consolePaths.roles(tenant.id),
          nextHref: list.Next === null ? undefined : consolePaths.roles(tenant.id, { cursor: list.Next }),
          notice: refused === undefined ? noticeFor(request.query.done) : undefined,
          error: refused?.message,
          typedName: refused?.typedName,
        }),
      );
  }

  async function showRole(
    request: FastifyRequest<{ Params: RoleParams; Querystring: RoleQuery }>,
    reply: FastifyReply,
    refused?: { status: number; message: string; typedChildId: string | undefined },
  ) {
    const { tenantId, roleId } = request.params;
    const tenant = await tenants.showTenant(tenantId);
    const details = await identity.showRole(tenant.id, roleId);
    const nesting = await identity.roleNesting(tenant.id, roleId);
    const memberScope = listScope(["console-members", tenant.id, roleId]);
    const cursor =
      refused === undefined && typeof request.query.members === "string" ? request.query.members : undefined;
    const after = cursor === undefined ? undefined : decodeListCursor(cursor, memberScope, 1)[0];
    const members = await identity.roleHolders(tenant.id, roleId, {
      afterUserId: after,
      limit: CONSOLE_PAGE_SIZE,
      indirect: true,
    });
    const last = members.items.at(-1);
    const choices = viewerOf(request).key.readOnly
      ? []
      : (await identity.pageRoles(tenant.id, { limit: ROLE_CHOICES })).items.map(({ role }) => role);
    return reply
      .code(refused?.status ?? 200)
      .type(HTML_CONTENT_TYPE)
      .send(
        rolePage(viewerOf(request), {
          tenant,
          details,
          tree: nesting.tree,
          parents: nesting.parents,
          members: members.items,
          membersFirstHref: cursor === undefined ? undefined : `${consolePaths.role(tenant.id, roleId)}#members-title`,
          membersNextHref:
            members.more && last !== undefined
              ? `${consolePaths.role(tenant.id, roleId, { members: encodeListCursor(memberScope, [last.id]) })}#members-title`
              : undefined,
          roleChoices: choices,
          notice: refused === undefined ? noticeFor(request.query.done) : undefined,
          error: refused?.message,
          typedChildId: refused?.typedChildId,
        }),
      );
  }

  scope.get<{ Params: { tenantId: string }; Querystring: { cursor?: string; done?: string } }>(
    "/tenants/:tenantId/roles",
    (request, reply) => roleList(request, reply),
  );

  scope.post<{ Params: { tenantId: string }; Querystring: { cursor?: string; done?: string } }>(
    "/tenants/:tenantId/roles",
    async (request, reply) => {
      const name = formFields(request.body).text("displayName") ?? "";
      try {
        const role = await identity.addRole(request.params.tenantId, name, consoleActor(request));
        return reply.redirect(consolePaths.role(request.params.tenantId, role.id, { done: "role-created" }), 303);
      } catch (error) {
        return roleList(request, reply, { ...formRefusal(error), typedName: name });
      }
    },
  );

  scope.get<{ Params: RoleParams; Querystring: RoleQuery }>("/tenants/:tenantId/roles/:roleId", (request, reply) =>
    showRole(request, reply),
  );

  scope.post<{ Params: RoleParams; Querystring: RoleQuery }>(
    "/tenants/:tenantId/roles/:roleId/children",
    async (request, reply) => {
      const { tenantId, roleId } = request.params;
      const childId = formFields(request.body).trimmed("childId");
      try {
        await identity.showRole(tenantId, roleId);
        if (childId === undefined)
          throw new RosterError("invalidValue", "Choose the role to nest", { field: "childId" });
        await identity.nest(tenantId, roleId, childId, consoleActor(request));
      } catch (error) {
        return showRole(request, reply, { ...formRefusal(error, true), typedChildId: childId });
      }
      return reply.redirect(consolePaths.role(tenantId, roleId, { done: "nested" }), 303);
    },
  );

  scope.post<{ Params: RoleParams & { childId: string } }>(
    "/tenants/:tenantId/roles/:roleId/children/:childId/remove",
    async (request, reply) => {
      const { tenantId, roleId, childId } = request.params;
      await identity.unnest(tenantId, roleId, childId, consoleActor(request), { mustExist: false });
      return reply.redirect(consolePaths.role(tenantId, roleId, { done: "unnested" }), 303);
    },
  );
}
