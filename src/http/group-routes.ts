/** `/Groups` (RFC 7644 §3.3–§3.6): members are read only when the response carries them. */
import type { FastifyInstance } from "fastify";
import type { GroupReadOptions } from "../domain/scim-operations.ts";
import { unwrap } from "../protocol/errors.ts";
import { parseListQuery } from "../protocol/list-query.ts";
import { listResponse } from "../protocol/list-response.ts";
import { parsePatchRequest } from "../protocol/patch/parse-patch-request.ts";
import { needsAttribute, type Projection, projectResource } from "../protocol/projection.ts";
import { parseResource } from "../protocol/resource/parse-resource.ts";
import { refuseOtherMethods } from "./method-not-allowed.ts";
import { asksForProjection, listParams, projectionOf } from "./query-params.ts";
import type { QueryRoute, ResourceRoute, ScimRouteDeps } from "./route-types.ts";
import { scimContext } from "./scim-context.ts";
import { sendNoContent, sendResource, sendScim } from "./scim-reply.ts";

function readOptions(projection: Projection): GroupReadOptions {
  return { includeMembers: needsAttribute(projection, "Group", "members") };
}

/**
 * Registers the Group endpoints in the authenticated SCIM scope. PATCH answers 204 (RFC 7644
 * §3.5.2 allows it; Entra ID and Okta expect it, and it spares reading large member lists)
 * unless the client asks for a projection with `attributes` or `excludedAttributes`, then 200
 * with the resource.
 */
export function registerGroupRoutes(scope: FastifyInstance, { scim, config }: ScimRouteDeps): void {
  scope.get<QueryRoute>("/Groups", async (request, reply) => {
    const query = unwrap(parseListQuery("Group", listParams(request.query), { maxResults: config.maxResults }));
    const list = await scim.listGroups(scimContext(request), query, readOptions(query));
    const resources = list.resources.map((resource) => projectResource(resource, "Group", query));
    return sendScim(reply, 200, listResponse(list.totalResults, list.startIndex, resources));
  });

  scope.get<ResourceRoute>("/Groups/:id", async (request, reply) => {
    const projection = projectionOf("Group", request.query);
    const resource = await scim.getGroup(scimContext(request), request.params.id, readOptions(projection));
    return sendResource(reply, 200, resource, projectResource(resource, "Group", projection));
  });

  scope.post<QueryRoute>("/Groups", async (request, reply) => {
    const projection = projectionOf("Group", request.query);
    const input = unwrap(parseResource("Group", request.body));
    const resource = await scim.createGroup(scimContext(request), input, readOptions(projection));
    return sendResource(reply, 201, resource, projectResource(resource, "Group", projection));
  });

  scope.put<ResourceRoute>("/Groups/:id", async (request, reply) => {
    const projection = projectionOf("Group", request.query);
    const input = unwrap(parseResource("Group", request.body));
    const resource = await scim.replaceGroup(scimContext(request), request.params.id, input, readOptions(projection));
    return sendResource(reply, 200, resource, projectResource(resource, "Group", projection));
  });

  scope.patch<ResourceRoute>("/Groups/:id", async (request, reply) => {
    const projection = projectionOf("Group", request.query);
    const operations = unwrap(parsePatchRequest(request.body));
    const returnResource = asksForProjection(request.query);
    const options = { ...readOptions(projection), returnResource };
    const resource = await scim.patchGroup(scimContext(request), request.params.id, operations, options);
    if (!returnResource || resource === undefined) return sendNoContent(reply);
    return sendResource(reply, 200, resource, projectResource(resource, "Group", projection));
  });

  scope.delete<ResourceRoute>("/Groups/:id", async (request, reply) => {
    await scim.deleteGroup(scimContext(request), request.params.id);
    return sendNoContent(reply);
  });

  refuseOtherMethods(scope, "/Groups", ["GET", "POST"]);
  refuseOtherMethods(scope, "/Groups/:id", ["GET", "PUT", "PATCH", "DELETE"]);
}
