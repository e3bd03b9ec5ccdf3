/** The discovery endpoints of RFC 7644 §4: ServiceProviderConfig, ResourceTypes, Schemas. */
import type { FastifyInstance } from "fastify";
import { BULK_MAX_OPERATIONS } from "../protocol/bulk-request.ts";
import { CURSOR_TIMEOUT_SECONDS } from "../protocol/cursor.ts";
import { RosterError } from "../protocol/errors.ts";
import { listResponse } from "../protocol/list-response.ts";
import { RESOURCE_TYPES, resourceTypeDocument, SCHEMAS, schemaDocument } from "../protocol/schema/resource-types.ts";
import { serviceProviderConfigDocument } from "../protocol/schema/service-provider-config.ts";
import { refuseOtherMethods } from "./method-not-allowed.ts";
import { queryParam } from "./query-params.ts";
import type { QueryRoute, ResourceRoute, ScimRouteDeps } from "./route-types.ts";
import { scimContext } from "./scim-context.ts";
import { sendScim } from "./scim-reply.ts";

/**
 * RFC 7644 §4: "If a filter is provided, the service provider SHOULD respond with HTTP status
 * code 403 (Forbidden)", so that no client reads an unfiltered list as a filtered one.
 */
function refuseFilter(query: QueryRoute["Querystring"], endpoint: string): void {
  if (queryParam(query, "filter") !== undefined) {
    throw new RosterError("forbidden", `${endpoint} does not support filtering (RFC 7644 §4)`);
  }
}

/** Registers the discovery endpoints in the authenticated SCIM scope. */
export function registerDiscoveryRoutes(scope: FastifyInstance, { config }: ScimRouteDeps): void {
  scope.get("/ServiceProviderConfig", async (request, reply) => {
    const document = serviceProviderConfigDocument({
      baseUrl: scimContext(request).baseUrl,
      maxResults: config.maxResults,
      patch: true,
      bulk: { supported: true, maxOperations: BULK_MAX_OPERATIONS, maxPayloadSize: config.bodyLimit },
      filter: true,
      changePassword: false,
      sort: true,
      etag: true,
      pagination: {
        cursor: true,
        index: true,
        defaultPaginationMethod: "index",
        defaultPageSize: config.maxResults,
        maxPageSize: config.maxResults,
        cursorTimeout: CURSOR_TIMEOUT_SECONDS,
      },
    });
    return sendScim(reply, 200, document);
  });

  scope.get<QueryRoute>("/ResourceTypes", async (request, reply) => {
    refuseFilter(request.query, "/ResourceTypes");
    const { baseUrl } = scimContext(request);
    const documents = RESOURCE_TYPES.map((def) => resourceTypeDocument(def, baseUrl));
    return sendScim(reply, 200, listResponse(documents.length, 1, documents));
  });

  scope.get<ResourceRoute>("/ResourceTypes/:id", async (request, reply) => {
    const def = RESOURCE_TYPES.find((candidate) => candidate.id.toLowerCase() === request.params.id.toLowerCase());
    if (def === undefined)
      throw new RosterError("notFound", `Resource type ${JSON.stringify(request.params.id)} not found`);
    return sendScim(reply, 200, resourceTypeDocument(def, scimContext(request).baseUrl));
  });

  scope.get<QueryRoute>("/Schemas", async (request, reply) => {
    refuseFilter(request.query, "/Schemas");
    const { baseUrl } = scimContext(request);
    const documents = SCHEMAS.map((schema) => schemaDocument(schema, baseUrl));
    return sendScim(reply, 200, listResponse(documents.length, 1, documents));
  });

  scope.get<ResourceRoute>("/Schemas/:id", async (request, reply) => {
    const schema = SCHEMAS.find((candidate) => candidate.id.toLowerCase() === request.params.id.toLowerCase());
    if (schema === undefined)
      throw new RosterError("notFound", `Schema ${JSON.stringify(request.params.id)} not found`);
    return sendScim(reply, 200, schemaDocument(schema, scimContext(request).baseUrl));
  });

  for (const url of ["/ServiceProviderConfig", "/ResourceTypes", "/ResourceTypes/:id", "/Schemas", "/Schemas/:id"]) {
    refuseOtherMethods(scope, url, ["GET"]);
  }
}
