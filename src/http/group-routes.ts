/** `/Groups` (RFC 7644 §3.3–§3.6, §3.4.3, §3.14): members are read only when the response carries them. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { GroupReadOptions } from "../domain/scim-operations.ts";
import { unwrap } from "../protocol/errors.ts";
import { type ListQueryParams, parseListQuery } from "../protocol/list-query.ts";
import { parsePatchRequest } from "../protocol/patch/parse-patch-request.ts";
import { needsAttribute, type Projection, projectResource } from "../protocol/projection.ts";
import { parseResource } from "../protocol/resource/parse-resource.ts";
import { parseSearchRequest } from "../protocol/search-request.ts";
import { isNotModified, preconditionOf, sendNotModified } from "./conditional-request.ts";
import { GROUP_MEMBER_PAGE, sendGroupWithMembers } from "./group-stream.ts";
import { refuseOtherMethods } from "./method-not-allowed.ts";
import { writeContext } from "./provisioning-log-hook.ts";
import { asksForProjection, listParams, projectionOf } from "./query-params.ts";
import type { QueryRoute, ResourceRoute, ScimRouteDeps } from "./route-types.ts";
import { scimContext } from "./scim-context.ts";
import { sendList, sendNoContent, sendResource } from "./scim-reply.ts";

/** Whether members must be read for `projection`. */
export function groupReadOptions(projection: Projection): GroupReadOptions {
  return { includeMembers: needsAttribute(projection, "Group", "members") };
}

/**
 * Registers the Group endpoints in the authenticated SCIM scope. PATCH answers 204 with the
 * new `ETag` (RFC 7644 §3.5.2 allows it; Entra ID and Okta expect it, and it spares reading
 * large member lists) unless the client asks for a projection with `attributes` or
 * `excludedAttributes`, then 200 with the resource.
 */
export function registerGroupRoutes(scope: FastifyInstance, { scim, config, cursors }: ScimRouteDeps): void {
  const list = async (request: FastifyRequest, reply: FastifyReply, params: ListQueryParams) => {
    const query = unwrap(parseListQuery("Group", params, { maxResults: config.maxResults, cursors }));
    const page = await scim.listGroups(scimContext(request), query, groupReadOptions(query));
    return sendList(
      reply,
      query,
      page,
      page.resources.map((resource) => projectResource(resource, "Group", query)),
      cursors,
    );
  };

  scope.get<QueryRoute>("/Groups", (request, reply) => list(request, reply, listParams(request.query)));

  scope.post("/Groups/.search", (request, reply) => list(request, reply, unwrap(parseSearchRequest(request.body))));

  scope.get<ResourceRoute>("/Groups/:id", async (request, reply) => {
    const projection = projectionOf("Group", request.query);
    const ctx = scimContext(request);
    const options = groupReadOptions(projection);
    if (options.includeMembers && request.method === "GET") {
      // Members are read by keyset and, past one page, streamed (group-stream.ts).
      const base = await scim.getGroup(ctx, request.params.id, { includeMembers: false });
      if (isNotModified(request, base)) return sendNotModified(reply, base);
      const first = await scim.groupMembers(ctx, request.params.id, undefined, GROUP_MEMBER_PAGE);
      return sendGroupWithMembers(reply, scim, ctx, base, first, projection);
    }
    const resource = await scim.getGroup(ctx, request.params.id, options);
    if (isNotModified(request, resource)) return sendNotModified(reply, resource);
    return sendResource(reply, 200, resource, projectResource(resource, "Group", projection));
  });

  scope.post<QueryRoute>("/Groups", async (request, reply) => {
    const projection = projectionOf("Group", request.query);
    const input = unwrap(parseResource("Group", request.body, scimContext(request).provider));
    const resource = await scim.createGroup(writeContext(request, 201), input, groupReadOptions(projection));
    return sendResource(reply, 201, resource, projectResource(resource, "Group", projection));
  });

  scope.put<ResourceRoute>("/Groups/:id", async (request, reply) => {
    const projection = projectionOf("Group", request.query);
    const input = unwrap(parseResource("Group", request.body, scimContext(request).provider));
    const options = groupReadOptions(projection);
    const resource = await scim.replaceGroup(
      writeContext(request, 200),
      request.params.id,
      input,
      options,
      preconditionOf(request),
    );
    return sendResource(reply, 200, resource, projectResource(resource, "Group", projection));
  });

  scope.patch<ResourceRoute>("/Groups/:id", async (request, reply) => {
    const projection = projectionOf("Group", request.query);
    const dialect = { resourceType: "Group", provider: scimContext(request).provider } as const;
    const operations = unwrap(parsePatchRequest(request.body, dialect));
    const returnResource = asksForProjection(request.query);
    // A 204 carries the new ETag too (RFC 7644 §3.14), read without the members.
    const options = returnResource ? groupReadOptions(projection) : { includeMembers: false };
    const precondition = preconditionOf(request);
    const ctx = writeContext(request, returnResource ? 200 : 204);
    const resource = await scim.patchGroup(ctx, request.params.id, operations, options, precondition);
    if (!returnResource) return sendNoContent(reply, resource);
    return sendResource(reply, 200, resource, projectResource(resource, "Group", projection));
  });

  scope.delete<ResourceRoute>("/Groups/:id", async (request, reply) => {
    await scim.deleteGroup(writeContext(request, 204), request.params.id, preconditionOf(request));
    return sendNoContent(reply);
  });

  refuseOtherMethods(scope, "/Groups", ["GET", "POST"]);
  refuseOtherMethods(scope, "/Groups/.search", ["POST"]);
  refuseOtherMethods(scope, "/Groups/:id", ["GET", "PUT", "PATCH", "DELETE"]);
}
