/** Conditional requests on SCIM resources (RFC 7644 §3.14, RFC 7232 §3): If-Match and If-None-Match. */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { WritePrecondition } from "../domain/scim-operations.ts";
import { entityTagMatches, parseEntityTagCondition } from "../protocol/entity-tag.ts";
import { RosterError } from "../protocol/errors.ts";
import { isScimObject, type ScimObject } from "../protocol/resource/scim-object.ts";

/** The If-Match / If-None-Match of a write, for the domain to check inside its transaction; undefined without either. */
export function preconditionOf(request: FastifyRequest): WritePrecondition | undefined {
  const ifMatch = parseEntityTagCondition(request.headers["if-match"]);
  const ifNoneMatch = parseEntityTagCondition(request.headers["if-none-match"]);
  return ifMatch === undefined && ifNoneMatch === undefined ? undefined : { ifMatch, ifNoneMatch };
}

/**
 * For a GET of `resource`: throws `preconditionFailed` when If-Match does not match its version
 * (RFC 7232 §3.1), and answers true when If-None-Match does (§3.2): the caller then sends 304.
 */
export function isNotModified(request: FastifyRequest, resource: ScimObject): boolean {
  const version = versionOf(resource);
  if (version === undefined) return false;
  const ifMatch = parseEntityTagCondition(request.headers["if-match"]);
  if (ifMatch !== undefined && !entityTagMatches(ifMatch, version)) {
    throw new RosterError("preconditionFailed", `The resource has changed, its version is ${version}`);
  }
  const ifNoneMatch = parseEntityTagCondition(request.headers["if-none-match"]);
  return ifNoneMatch !== undefined && entityTagMatches(ifNoneMatch, version);
}

/** 304 Not Modified: no body, the current ETag (RFC 7232 §4.1). */
export function sendNotModified(reply: FastifyReply, resource: ScimObject): FastifyReply {
  const version = versionOf(resource);
  if (version !== undefined) reply.header("etag", version);
  return reply.code(304).send();
}

function versionOf(resource: ScimObject): string | undefined {
  const meta = resource["meta"];
  return isScimObject(meta) && typeof meta["version"] === "string" ? meta["version"] : undefined;
}
