/** Probes for load balancers, orchestrators and operators: `/livez`, `/readyz`, `/healthz`; no authentication, no tenant data. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Store } from "../domain/ports.ts";
import { JSON_CONTENT_TYPE } from "./media-types.ts";

function answer(reply: FastifyReply, ok: boolean): FastifyReply {
  return reply
    .code(ok ? 200 : 503)
    .type(JSON_CONTENT_TYPE)
    .header("cache-control", "no-store")
    .send({ status: ok ? "ok" : "unavailable" });
}

async function databaseReady(store: Store, request: FastifyRequest): Promise<boolean> {
  try {
    const migrated = await store.isMigrated();
    if (!migrated) request.log.warn("readiness: the database schema is not up to date (run `roster migrate`)");
    return migrated;
  } catch (error) {
    request.log.error({ err: error }, "readiness: the database does not answer");
    return false;
  }
}

/**
 * `GET /livez`: 200 while the process serves HTTP (it touches nothing, so a slow database never
 * gets the process restarted). `GET /readyz` and `GET /healthz` (the older name): 200
 * `{"status":"ok"}` when the database answers and its schema is current, else 503
 * `{"status":"unavailable"}` with the cause in the log.
 */
export function registerHealthRoutes(app: FastifyInstance, store: Store): void {
  app.get("/livez", async (_request, reply) => answer(reply, true));
  const ready = async (request: FastifyRequest, reply: FastifyReply) =>
    answer(reply, await databaseReady(store, request));
  app.get("/readyz", ready);
  app.get("/healthz", ready);
}
