/**
 * While the server shuts down, requests that still arrive on open connections (keep-alive,
 * pipelined) get 503 with `Connection: close` in the surface's shape (a SCIM error under
 * `/scim`) instead of fastify's own JSON, so that a load balancer retries them elsewhere;
 * requests already being handled finish.
 */
import type { FastifyInstance } from "fastify";
import { RosterError } from "../protocol/errors.ts";

/**
 * Installs the gate; the app must be built with `return503OnClosing: false` (fastify's own 503
 * is not a SCIM error). The gate closes when `app.close()` begins (the preClose hook).
 */
export function registerClosingGate(app: FastifyInstance): void {
  let closing = false;
  app.addHook("preClose", (done) => {
    closing = true;
    done();
  });
  app.addHook("onRequest", (_request, reply, done) => {
    if (!closing) {
      done();
      return;
    }
    reply.header("connection", "close");
    done(new RosterError("unavailable", "Roster is shutting down; retry the request"));
  });
}
