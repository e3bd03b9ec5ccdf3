/** Single resources of the management API: their `ETag` (the version SCIM uses) and `If-Match` on writes. */
import type { FastifyReply } from "fastify";
import { etag } from "../../domain/scim-view.ts";

/** Sends `body` with `status` and the weak ETag of `version` (`W/"<version>"`, as SCIM's). */
export function sendVersioned<T>(reply: FastifyReply, status: number, version: number, body: T): FastifyReply {
  return reply.code(status).header("etag", etag(version)).send(body);
}
