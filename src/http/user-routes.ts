/** `/Users` (RFC 7644 §3.3–§3.6): parse, call the domain, project, reply. */
import type { FastifyInstance } from "fastify";
import { unwrap } from "../protocol/errors.ts";
import { parseListQuery } from "../protocol/list-query.ts";
import { listResponse } from "../protocol/list-response.ts";
import { parsePatchRequest } from "../protocol/patch/parse-patch-request.ts";
import { projectResource } from "../protocol/projection.ts";
import { parseResource } from "../protocol/resource/parse-resource.ts";
import { refuseOtherMethods } from "./method-not-allowed.ts";
import { listParams, projectionOf } from "./query-params.ts";
import type { QueryRoute, ResourceRoute, ScimRouteDeps } from "./route-types.ts";
import { scimContext } from "./scim-context.ts";
import { sendNoContent, sendResource, sendScim } from "./scim-reply.ts";

/** Registers the User endpoints in the authenticated SCIM scope. */
export function registerUserRoutes(scope: FastifyInstance, { scim, config }: ScimRouteDeps): void {
  scope.get<QueryRoute>("/Users", async (request, reply) => {
    const query = unwrap(parseListQuery("User", listParams(request.query), { maxResults: config.maxResults }));
    const list = await scim.listUsers(scimContext(request), query);
    const resources = list.resources.map((resource) => projectResource(resource, "User", query));
    return sendScim(reply, 200, listResponse(list.totalResults, list.startIndex, resources));
  });

  scope.get<ResourceRoute>("/Users/:id", async (request, reply) => {
    const projection = projectionOf("User", request.query);
    const resource = await scim.getUser(scimContext(request), request.params.id);
    return sendResource(reply, 200, resource, projectResource(resource, "User", projection));
  });

  scope.post<QueryRoute>("/Users", async (request, reply) => {
    const projection = projectionOf("User", request.query);
    const input = unwrap(parseResource("User", request.body));
    const resource = await scim.createUser(scimContext(request), input);
    return sendResource(reply, 201, resource, projectResource(resource, "User", projection));
  });

  scope.put<ResourceRoute>("/Users/:id", async (request, reply) => {
    const projection = projectionOf("User", request.query);
    const input = unwrap(parseResource("User", request.body));
    const resource = await scim.replaceUser(scimContext(request), request.params.id, input);
    return sendResource(reply, 200, resource, projectResource(resource, "User", projection));
  });

  scope.patch<ResourceRoute>("/Users/:id", async (request, reply) => {
    const projection = projectionOf("User", request.query);
    const operations = unwrap(parsePatchRequest(request.body));
    const resource = await scim.patchUser(scimContext(request), request.params.id, operations);
    return sendResource(reply, 200, resource, projectResource(resource, "User", projection));
  });

  scope.delete<ResourceRoute>("/Users/:id", async (request, reply) => {
    await scim.deleteUser(scimContext(request), request.params.id);
    return sendNoContent(reply);
  });

  refuseOtherMethods(scope, "/Users", ["GET", "POST"]);
  refuseOtherMethods(scope, "/Users/:id", ["GET", "PUT", "PATCH", "DELETE"]);
}
