/** `POST /.search` at the service provider root (RFC 7644 §3.4.3): Users and Groups in one list. */
import type { FastifyInstance } from "fastify";
import { searchRoot } from "../domain/root-search.ts";
import { unwrap } from "../protocol/errors.ts";
import { DEFAULT_PROJECTION, projectResource } from "../protocol/projection.ts";
import { isScimObject } from "../protocol/resource/scim-object.ts";
import { parseRootSearchQuery, type TypeQuery } from "../protocol/root-search-query.ts";
import { parseSearchRequest } from "../protocol/search-request.ts";
import { groupReadOptions } from "./group-routes.ts";
import { refuseOtherMethods } from "./method-not-allowed.ts";
import type { ScimRouteDeps } from "./route-types.ts";
import { scimContext } from "./scim-context.ts";
import { sendList } from "./scim-reply.ts";

/** Registers the root search in the authenticated SCIM scope. */
export function registerSearchRoutes(scope: FastifyInstance, { scim, config, cursors }: ScimRouteDeps): void {
  scope.post("/.search", async (request, reply) => {
    const params = unwrap(parseSearchRequest(request.body));
    const query = unwrap(parseRootSearchQuery(params, { maxResults: config.maxResults, cursors }));
    const users = query.parts.get("User");
    const groups = query.parts.get("Group");
    const page = await searchRoot(scim, scimContext(request), {
      users,
      groups,
      groupOptions: groupReadOptions(groups ?? DEFAULT_PROJECTION),
      startIndex: query.startIndex,
      count: query.count,
      cursor: query.cursor,
    });
    const resources = page.resources.map((resource) => {
      const type = isScimObject(resource["meta"]) && resource["meta"]["resourceType"] === "Group" ? "Group" : "User";
      const part: TypeQuery | undefined = type === "Group" ? groups : users;
      return projectResource(resource, type, part ?? DEFAULT_PROJECTION);
    });
    return sendList(reply, query, page, resources, cursors);
  });

  refuseOtherMethods(scope, "/.search", ["POST"]);
}
