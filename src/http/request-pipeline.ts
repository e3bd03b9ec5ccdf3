/**
 * What every request that fastify routes goes through, on every surface, as one onRequest and
 * one onResponse hook: the request id on the response, the request's log bindings and line
 * (request-log.ts), the closing gate (closing-gate.ts), and its metrics (metrics.ts). One hook
 * each instead of one per concern: the access question, which a host application asks on each
 * of its own requests, pays for every hook and every object the pipeline makes.
 */
import type { FastifyInstance } from "fastify";
import type { ClosingGate } from "./closing-gate.ts";
import { type Metrics, observeRequest } from "./metrics.ts";
import { REQUEST_ID_HEADER } from "./request-id.ts";
import { logRequest, startRequestLog } from "./request-log.ts";

/** Installs the pipeline's hooks on `app` (before any route is registered). */
export function registerRequestPipeline(app: FastifyInstance, metrics: Metrics, gate: ClosingGate): void {
  app.addHook("onRequest", (request, reply, done) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    startRequestLog(request);
    done(gate.refusal(reply));
  });
  app.addHook("onResponse", (request, reply, done) => {
    observeRequest(metrics, request, reply);
    logRequest(request, reply);
    done();
  });
}
