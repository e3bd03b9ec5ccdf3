/**
 * While the server shuts down, requests that still arrive on open connections (keep-alive,
 * pipelined) get 503 with `Connection: close` in the surface's shape (a SCIM error under
 * `/scim`) instead of fastify's own JSON, so that a load balancer retries them elsewhere;
 * requests already being handled finish.
 */
import type { FastifyInstance, FastifyReply } from "fastify";
import { RosterError } from "../protocol/errors.ts";

/** The gate's state, read by the request pipeline's onRequest hook. */
export interface ClosingGate {
  /** While closing: sets `Connection: close` on `reply` and answers the error to refuse the request with; else undefined. */
  refusal(reply: FastifyReply): RosterError | undefined;
}

/**
 * Makes the gate; the app must be built with `return503OnClosing: false` (fastify's own 503
 * is not a SCIM error). The gate closes when `app.close()` begins (the preClose hook).
 */
export function closingGate(app: FastifyInstance): ClosingGate {
  let closing = false;
  app.addHook("preClose", (done) => {
    closing = true;
    done();
  });
  return {
    refusal(reply) {
      if (!closing) return undefined;
      reply.header("connection", "close");
      return new RosterError("unavailable", "Roster is shutting down; retry the request");
    },
  };
}
