/**
 * Refusals below fastify's routing, answered in the shape of the request's surface (a SCIM error
 * under `/scim`, SPEC §14): node's HTTP parser (431 headers too large, 414 request line too long,
 * 400 not HTTP), its header and request timeouts (408), a body that stops arriving (408), and the
 * router's own errors (400 bad percent-encoding, 414 a path segment too long). None quotes the
 * request back.
 */
import { type ServerResponse, STATUS_CODES } from "node:http";
import type { Socket } from "node:net";
import type { FastifyBaseLogger, FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { type ErrorCode, RosterError } from "../protocol/errors.ts";
import { sendProblem } from "./api/problem.ts";
import { errorResponse, sendError, surfaceErrorBody, surfaceErrorText } from "./error-response.ts";
import { type Metrics, UNROUTED } from "./metrics.ts";
import { newRequestId, REQUEST_ID_HEADER, requestIdOf } from "./request-id.ts";
import { logRequest } from "./request-log.ts";
import { type Surface, surfaceOf } from "./surface.ts";

const DETAIL: Readonly<Partial<Record<ErrorCode, string>>> = Object.freeze({
  requestTimeout: "The request did not arrive in time",
  headersTooLarge: "The request headers are too large",
  uriTooLong: "The request URL is too long",
  badRequest: "The request is not valid HTTP",
});

/** What node's parser and timers report, as Roster's error codes. */
function codeOf(code: string | undefined, packet: string | undefined): ErrorCode {
  if (code === "ERR_HTTP_REQUEST_TIMEOUT") return "requestTimeout";
  if (code === "HPE_HEADER_OVERFLOW") {
    // The request line alone overflowed: no line break in what the parser refused.
    return packet !== undefined && /^[A-Z]+ \//.test(packet) && !packet.includes("\r\n")
      ? "uriTooLong"
      : "headersTooLarge";
  }
  return "badRequest";
}

type HttpSocket = Socket & { _httpMessage?: ServerResponse | null };

/** The response in progress on a socket (node's own bookkeeping: the same check node makes before answering). */
function inFlight(socket: Socket): ServerResponse | undefined {
  return (socket as HttpSocket)._httpMessage ?? undefined;
}

function packetText(rawPacket: unknown): string | undefined {
  return Buffer.isBuffer(rawPacket) ? rawPacket.toString("latin1", 0, Math.min(rawPacket.length, 20000)) : undefined;
}

/**
 * The surface of the request a socket was reading: the in-flight request's URL, else the request
 * line at the start of the bytes the parser refused. Unknown (a timeout before the request line
 * was read): SCIM, the protocol nearly every client of Roster speaks.
 */
export function surfaceOfRefused(socket: Socket, packet: string | undefined): Surface {
  const url = inFlight(socket)?.req?.url ?? (packet === undefined ? undefined : /^[A-Z]+ (\/\S*)/.exec(packet)?.[1]);
  return url === undefined ? "scim" : surfaceOf(url);
}

/** A complete HTTP/1.1 error response that closes the connection, in the shape of `surface`, and its status. */
export function rawErrorResponse(
  surface: Surface,
  code: ErrorCode,
  requestId: string,
): { readonly status: number; readonly text: string } {
  const response = errorResponse(new RosterError(code, DETAIL[code] ?? STATUS_CODES[400] ?? "Bad Request"));
  const { contentType, body, headers = {} } = surfaceErrorBody(surface, response);
  const text = surfaceErrorText(body);
  const head = [
    `HTTP/1.1 ${response.status} ${STATUS_CODES[response.status] ?? "Error"}`,
    `content-type: ${contentType}`,
    `content-length: ${Buffer.byteLength(text)}`,
    `${REQUEST_ID_HEADER}: ${requestId}`,
    "connection: close",
    ...Object.entries({ ...response.headers, ...headers }).map(([name, value]) => `${name}: ${value}`),
  ];
  return { status: response.status, text: `${head.join("\r\n")}\r\n\r\n${text}` };
}

// A client that stops reading must not keep a refused connection open.
const FLUSH_GRACE_MS = 1000;

/** Answers on the socket (unless a response has started) and closes it; logs and counts the refusal. */
function refuse(socket: Socket, code: ErrorCode, surface: Surface, log: FastifyBaseLogger, metrics: Metrics): void {
  const response = inFlight(socket);
  if (response?.headersSent === true || !socket.writable) {
    socket.destroy();
    return;
  }
  const requestId = response?.req === undefined ? newRequestId() : requestIdOf(response.req);
  const { status, text } = rawErrorResponse(surface, code, requestId);
  log.info({ requestId, surface, route: null, status, reason: code }, "request refused before routing");
  metrics.observe(UNROUTED, response?.req?.method ?? "OTHER", status, 0);
  socket.end(text, () => socket.destroy());
  setTimeout(() => socket.destroy(), FLUSH_GRACE_MS).unref();
}

/**
 * For fastify's `clientErrorHandler`: errors of node's HTTP parser and its header and request
 * timeouts. A reset connection is simply gone.
 */
export function clientErrorHandler(metrics: Metrics) {
  return (log: FastifyBaseLogger, error: { code?: string; rawPacket?: unknown }, socket: Socket): void => {
    if (error.code === "ECONNRESET" || socket.destroyed) return;
    const packet = packetText(error.rawPacket);
    refuse(socket, codeOf(error.code, packet), surfaceOfRefused(socket, packet), log, metrics);
  };
}

/**
 * The server's `timeout` listener (installing one makes node leave timed-out sockets to it): a
 * socket that went quiet while a request body was arriving (the body timeout) gets 408; an idle
 * keep-alive connection is closed without a word; a request being handled is left to finish.
 */
export function socketTimeoutHandler(log: FastifyBaseLogger, metrics: Metrics) {
  return (socket: Socket): void => {
    const response = inFlight(socket);
    if (response === undefined) {
      socket.destroy();
      return;
    }
    if (response.req?.complete !== false) {
      socket.setTimeout(0);
      return;
    }
    refuse(socket, "requestTimeout", surfaceOfRefused(socket, undefined), log, metrics);
  };
}

/**
 * fastify's `frameworkErrors`: the router's refusals (FST_ERR_BAD_URL, FST_ERR_MAX_PARAM_LENGTH),
 * sent through the one error handler's shapes, logged and counted like routed requests (these
 * requests run no hooks).
 */
export function frameworkErrorHandler(metrics: Metrics) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    reply.header(REQUEST_ID_HEADER, request.id);
    if (surfaceOf(request.url) === "api") sendProblem(error, request, reply);
    else sendError(error, request, reply);
    logRequest(request, reply);
    metrics.observe(UNROUTED, request.method, reply.statusCode, reply.elapsedTime / 1000);
  };
}
