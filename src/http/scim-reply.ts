/** Sending SCIM resources: the SCIM media type, and `Location`/`ETag` from `meta` (RFC 7644 §3.1, §3.3, §3.14). */
import type { FastifyReply } from "fastify";
import type { CursorCodec } from "../protocol/cursor.ts";
import type { Paging } from "../protocol/list-query.ts";
import { type PageInfo, pagedListResponse } from "../protocol/list-response.ts";
import { isScimObject, type ScimObject } from "../protocol/resource/scim-object.ts";
import { scimContentTypeFor } from "./media-types.ts";

/** Sends a SCIM document (a resource, a list, a discovery document) with `status`. */
export function sendScim(reply: FastifyReply, status: number, body: ScimObject): FastifyReply {
  return reply.code(status).type(scimContentTypeFor(reply.request.headers.accept)).send(body);
}

/**
 * Sends a resource: `ETag` from `meta.version` when present, and `Location` from
 * `meta.location` on 201 (RFC 7644 §3.3). `body` may be a projection of `resource`.
 */
export function sendResource(
  reply: FastifyReply,
  status: number,
  resource: ScimObject,
  body: ScimObject,
): FastifyReply {
  const meta = metaOf(resource);
  if (typeof meta["version"] === "string") reply.header("etag", meta["version"]);
  if (status === 201 && typeof meta["location"] === "string") reply.header("location", meta["location"]);
  return sendScim(reply, status, body);
}

/** Sends 204 No Content; with the `resource` written, its `ETag` (RFC 7644 §3.14). */
export function sendNoContent(reply: FastifyReply, resource?: ScimObject): FastifyReply {
  const version = resource && metaOf(resource)["version"];
  if (typeof version === "string") reply.header("etag", version);
  return reply.code(204).send();
}

function metaOf(resource: ScimObject): ScimObject {
  return isScimObject(resource["meta"]) ? resource["meta"] : {};
}

/** Sends a page of a list as a ListResponse, paged as the request asked (index, or RFC 9865 cursors signed by `cursors`). */
export function sendList(
  reply: FastifyReply,
  paging: Paging,
  page: PageInfo,
  resources: readonly ScimObject[],
  cursors: CursorCodec,
): FastifyReply {
  return sendScim(reply, 200, pagedListResponse(page, paging, resources, cursors));
}
