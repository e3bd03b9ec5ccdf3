/** 405 for the methods an endpoint does not support (RFC 7644 §3.12 lists 405 among SCIM errors). */
import type { FastifyInstance, HTTPMethods } from "fastify";
import { RosterError } from "../protocol/errors.ts";

const METHODS: readonly HTTPMethods[] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/** Answers every method of `url` outside `allowed` with 405 and an `Allow` header. */
export function refuseOtherMethods(scope: FastifyInstance, url: string, allowed: readonly HTTPMethods[]): void {
  const others = METHODS.filter((method) => !allowed.includes(method));
  const allow = allowed.join(", ");
  scope.route({
    method: others,
    url,
    handler: async (request, reply) => {
      reply.header("allow", allow);
      throw new RosterError("methodNotAllowed", `${request.method} is not supported here; use ${allow}`);
    },
  });
}
