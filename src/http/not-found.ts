/** Unknown routes: 404 in the shape of the request's surface (a SCIM error under `/scim`). */
import type { FastifyInstance } from "fastify";
import { RosterError } from "../protocol/errors.ts";
import { sendError } from "./error-response.ts";

/**
 * Installs the app's not-found handler. It needs no authentication: it tells nothing about
 * tenants, and it never quotes the path back (ids in paths are emails).
 */
export function registerNotFoundHandler(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) =>
    sendError(new RosterError("notFound", "There is no endpoint at this URL"), request, reply),
  );
}
