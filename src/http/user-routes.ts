/** `/Users` (RFC 7644 §3.3–§3.6, §3.4.3, §3.14): parse, call the domain, project, reply. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { unwrap } from "../protocol/errors.ts";
import { type ListQueryParams, parseListQuery } from "../protocol/list-query.ts";
import { parsePatchRequest } from "../protocol/patch/parse-patch-request.ts";
import { projectResource } from "../protocol/projection.ts";
import { parseResource } from "../protocol/resource/parse-resource.ts";
import { parseSearchRequest } from "../protocol/search-request.ts";
import { isNotModified, preconditionOf, sendNotModified } from "./conditional-request.ts";
import { refuseOtherMethods } from "./method-not-allowed.ts";
import { writeContext } from "./provisioning-log-hook.ts";
import { listParams, projectionOf } from "./query-params.ts";
import type { QueryRoute, ResourceRoute, ScimRouteDeps } from "./route-types.ts";
import { scimContext } from "./scim-context.ts";
import { sendList, sendNoContent, sendResource } from "./scim-reply.ts";

/** Registers the User endpoints in the authenticated SCIM scope. */
export function registerUserRoutes(scope: FastifyInstance, { scim, config, cursors }: ScimRouteDeps): void {
  const list = async (request: FastifyRequest, reply: FastifyReply, params: ListQueryParams) => {
    const query = unwrap(parseListQuery("User", params, { maxResults: config.maxResults, cursors }));
    const page = await scim.listUsers(scimContext(request), query);
    return sendList(
      reply,
      query,
      page,
      page.resources.map((resource) => projectResource(resource, "User", query)),
      cursors,
    );
  };

  scope.get<QueryRoute>("/Users", (request, reply) => list(request, reply, listParams(request.query)));

  scope.post("/Users/.search", (request, reply) => list(request, reply, unwrap(parseSearchRequest(request.body))));

  scope.get<ResourceRoute>("/Users/:id", async (request, reply) => {
    const projection = projectionOf("User", request.query);
    const resource = await scim.getUser(scimContext(request), request.params.id);
    if (isNotModified(request, resource)) return sendNotModified(reply, resource);
    return sendResource(reply, 200, resource, projectResource(resource, "User", projection));
  });

  scope.post<QueryRoute>("/Users", async (request, reply) => {
    const projection = projectionOf("User", request.query);
    const input = unwrap(parseResource("User", request.body, scimContext(request).provider));
    const resource = await scim.createUser(writeContext(request, 201), input);
    return sendResource(reply, 201, resource, projectResource(resource, "User", projection));
  });

  scope.put<ResourceRoute>("/Users/:id", async (request, reply) => {
    const projection = projectionOf("User", request.query);
    const input = unwrap(parseResource("User", request.body, scimContext(request).provider));
    const resource = await scim.replaceUser(
      writeContext(request, 200),
      request.params.id,
      input,
      preconditionOf(request),
    );
    return sendResource(reply, 200, resource, projectResource(resource, "User", projection));
  });

  scope.patch<ResourceRoute>("/Users/:id", async (request, reply) => {
    const projection = projectionOf("User", request.query);
    const dialect = { resourceType: "User", provider: scimContext(request).provider } as const;
    const operations = unwrap(parsePatchRequest(request.body, dialect));
    const precondition = preconditionOf(request);
    const resource = await scim.patchUser(writeContext(request, 200), request.params.id, operations, precondition);
    return sendResource(reply, 200, resource, projectResource(resource, "User", projection));
  });

  scope.delete<ResourceRoute>("/Users/:id", async (request, reply) => {
    await scim.deleteUser(writeContext(request, 204), request.params.id, preconditionOf(request));
    return sendNoContent(reply);
  });

  refuseOtherMethods(scope, "/Users", ["GET", "POST"]);
  refuseOtherMethods(scope, "/Users/.search", ["POST"]);
  refuseOtherMethods(scope, "/Users/:id", ["GET", "PUT", "PATCH", "DELETE"]);
}
