/** `GET /healthz` for load balancers and operators: no authentication, no tenant data. */
import type { FastifyInstance } from "fastify";
import type { Store } from "../domain/ports.ts";
import { JSON_CONTENT_TYPE } from "./media-types.ts";

/** 200 `{"status":"ok"}` when the database answers and its schema is current; 503 otherwise (the cause is logged). */
export function registerHealthRoute(app: FastifyInstance, store: Store): void {
  app.get("/healthz", async (request, reply) => {
    let ok = false;
    try {
      ok = await store.isMigrated();
      if (!ok) request.log.warn("health check: the database schema is not up to date (run `roster migrate`)");
    } catch (error) {
      request.log.error({ err: error }, "health check: the database does not answer");
    }
    return reply
      .code(ok ? 200 : 503)
      .type(JSON_CONTENT_TYPE)
      .header("cache-control", "no-store")
      .send({ status: ok ? "ok" : "unavailable" });
  });
}
