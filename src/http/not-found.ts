/** Unknown routes: a SCIM 404 under `/scim`, a plain JSON 404 elsewhere. */
import type { FastifyInstance } from "fastify";
import { RosterError } from "../protocol/errors.ts";
import { sendError } from "./error-response.ts";
import { isScimUrl, JSON_CONTENT_TYPE } from "./media-types.ts";

/** Installs the app's not-found handler. It needs no authentication: it tells nothing about tenants. */
export function registerNotFoundHandler(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) => {
    if (isScimUrl(request.url)) {
      return sendError(
        new RosterError("notFound", `No SCIM endpoint at ${request.method} ${pathOf(request.url)}`),
        request,
        reply,
      );
    }
    return reply
      .code(404)
      .type(JSON_CONTENT_TYPE)
      .send({ error: "Not Found", message: `No route ${request.method} ${pathOf(request.url)}` });
  });
}

function pathOf(url: string): string {
  const path = url.split("?")[0] ?? url;
  return path.length > 200 ? `${path.slice(0, 200)}…` : path;
}
