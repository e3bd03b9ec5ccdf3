/**
 * The console's error handler: every error of a console route becomes an HTML page in the
 * console's frame, with the status and detail the rest of Roster gives the same error code
 * (src/http/error-response.ts): never a SCIM body, never problem+json, never a stack.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import { loggedErrorResponse } from "../http/error-response.ts";
import { HTML_CONTENT_TYPE } from "../http/html-page-headers.ts";
import { consoleStateOf } from "./console-context.ts";
import { errorPage } from "./error-page.ts";

/** Sends `error` as the console's error page; server faults are logged with the request. */
export function sendConsoleError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const response = loggedErrorResponse(error, request);
  const { "www-authenticate": _challenge, ...headers } = response.headers;
  const viewer = consoleStateOf(request)?.viewer;
  return reply
    .code(response.status)
    .headers(headers)
    .type(HTML_CONTENT_TYPE)
    .send(errorPage(response.status, String(response.body["detail"]), viewer));
}
