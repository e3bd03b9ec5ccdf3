/** 405 for the methods an endpoint does not support (RFC 7644 §3.12 lists 405 among SCIM errors). */
import type { FastifyInstance, HTTPMethods } from "fastify";
import { RosterError } from "../protocol/errors.ts";

const METHODS: readonly HTTPMethods[] = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/**
 * Answers every method of `url` outside `allowed` with 405 and an `Allow` header. The refusal
 * happens in the route's onRequest hook, after authentication and before the body is read: the
 * method decides, whatever the body or its content type (a `POST /Schemas` with a broken body
 * is 405, not 400). HEAD is allowed wherever GET is (fastify answers it from the GET route).
 */
export function refuseOtherMethods(scope: FastifyInstance, url: string, allowed: readonly HTTPMethods[]): void {
  const others = METHODS.filter(
    (method) => !allowed.includes(method) && !(method === "HEAD" && allowed.includes("GET")),
  );
  const header = allowed.join(", ");
  scope.route({
    method: others,
    url,
    onRequest: async (request, reply) => {
      reply.header("allow", header);
      throw new RosterError("methodNotAllowed", `${request.method} is not supported here; use ${header}`);
    },
    handler: async () => {
      throw new RosterError("internal", "unreachable: the onRequest hook refuses every request");
    },
  });
}
