/** A tenant's users: the searchable list, a user's page, grant and revoke by hand. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { listScope } from "../../http/api/api-cursor.ts";
import { keysetRequest, listJson } from "../../http/api/api-list.ts";
import { HTML_CONTENT_TYPE } from "../../http/html-page-headers.ts";
import { RosterError } from "../../protocol/errors.ts";
import { consoleActor, viewerOf } from "../console-context.ts";
import type { ConsoleDeps } from "../console-deps.ts";
import { consolePaths } from "../console-paths.ts";
import { formRefusal } from "../form-errors.ts";
import { formFields } from "../form-fields.ts";
import { noticeFor } from "../notices.ts";
import { userListPage } from "../pages/user-list-page.ts";
import { userPage } from "../pages/user-page.ts";
import { CONSOLE_PAGE_SIZE } from "./tenant-routes.ts";

/** The longest search text (the API's `q` limit). */
const MAX_QUERY_LENGTH = 200;
/** How many roles the grant form suggests. */
export const ROLE_CHOICES = 200;

type UserParams = { tenantId: string; userId: string };

/** Registers the user routes. */
export function registerUserRoutes(scope: FastifyInstance, deps: ConsoleDeps): void {
  const { tenants, identity } = deps.services;

  async function showUser(
    request: FastifyRequest<{ Params: UserParams; Querystring: { done?: string } }>,
    reply: FastifyReply,
    refused?: { status: number; message: string; typedRoleId: string | undefined },
  ) {
    const { tenantId, userId } = request.params;
    const tenant = await tenants.showTenant(tenantId);
    const details = await identity.showUser(tenant.id, userId);
    const held = await identity.heldRoles(tenant.id, userId);
    const choices = viewerOf(request).key.readOnly
      ? []
      : (await identity.pageRoles(tenant.id, { limit: ROLE_CHOICES })).items.map(({ role }) => role);
    return reply
      .code(refused?.status ?? 200)
      .type(HTML_CONTENT_TYPE)
      .send(
        userPage(viewerOf(request), {
          tenant,
          details,
          direct: held.direct,
          indirect: held.indirect,
          roleChoices: choices,
          notice: refused === undefined ? noticeFor(request.query.done) : undefined,
          error: refused?.message,
          typedRoleId: refused?.typedRoleId,
        }),
      );
  }

  scope.get<{ Params: { tenantId: string }; Querystring: { q?: string; cursor?: string } }>(
    "/tenants/:tenantId/users",
    async (request, reply) => {
      const tenant = await tenants.showTenant(request.params.tenantId);
      const q = (typeof request.query.q === "string" ? request.query.q.trim() : "").slice(0, MAX_QUERY_LENGTH);
      const cursor = typeof request.query.cursor === "string" ? request.query.cursor : undefined;
      const pageScope = listScope(["console-users", tenant.id, q]);
      const page = await identity.pageUsers(tenant.id, {
        ...keysetRequest({ limit: CONSOLE_PAGE_SIZE, cursor }, pageScope),
        q: q === "" ? undefined : q,
      });
      const list = listJson(
        page,
        pageScope,
        (d) => [d.user.createdAt, d.user.id],
        (d) => d,
      );
      return reply.type(HTML_CONTENT_TYPE).send(
        userListPage(viewerOf(request), {
          tenant,
          q,
          users: list.Items,
          firstHref: cursor === undefined ? undefined : consolePaths.users(tenant.id, { q }),
          nextHref: list.Next === null ? undefined : consolePaths.users(tenant.id, { q, cursor: list.Next }),
        }),
      );
    },
  );

  scope.get<{ Params: UserParams; Querystring: { done?: string } }>(
    "/tenants/:tenantId/users/:userId",
    (request, reply) => showUser(request, reply),
  );

  scope.post<{ Params: UserParams; Querystring: { done?: string } }>(
    "/tenants/:tenantId/users/:userId/roles",
    async (request, reply) => {
      const { tenantId, userId } = request.params;
      const roleId = formFields(request.body).trimmed("roleId");
      try {
        // The user must exist before a missing role is a mistake in the form.
        await identity.showUser(tenantId, userId);
        if (roleId === undefined)
          throw new RosterError("invalidValue", "Choose the role to grant", { field: "roleId" });
        await identity.grant(tenantId, userId, roleId, consoleActor(request));
      } catch (error) {
        return showUser(request, reply, { ...formRefusal(error, true), typedRoleId: roleId });
      }
      return reply.redirect(consolePaths.user(tenantId, userId, { done: "granted" }), 303);
    },
  );

  scope.post<{ Params: UserParams & { roleId: string } }>(
    "/tenants/:tenantId/users/:userId/roles/:roleId/revoke",
    async (request, reply) => {
      const { tenantId, userId, roleId } = request.params;
      await identity.revoke(tenantId, userId, roleId, consoleActor(request), { mustExist: false });
      return reply.redirect(consolePaths.user(tenantId, userId, { done: "revoked" }), 303);
    },
  );
}
