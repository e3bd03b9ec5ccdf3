/** `/Me` (RFC 7644 §3.11): not implemented, since a SCIM token belongs to a tenant, not to a user. */
import type { FastifyInstance } from "fastify";
import { RosterError } from "../protocol/errors.ts";

/** Answers every method of `/Me` with 501 and a SCIM error, as RFC 7644 §3.11 advises when /Me is unsupported. */
export function registerMeRoutes(scope: FastifyInstance): void {
  scope.route({
    method: ["GET", "POST", "PUT", "PATCH", "DELETE"],
    url: "/Me",
    handler: async () => {
      throw new RosterError(
        "notImplemented",
        "/Me is not supported: a Roster SCIM token authenticates a tenant's identity provider, not a user",
      );
    },
  });
}
