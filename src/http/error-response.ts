/** The one place where errors become HTTP statuses and SCIM error bodies (RFC 7644 §3.12). */
import { STATUS_CODES } from "node:http";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { scimErrorBody } from "../protocol/error-body.ts";
import { type ErrorCode, RosterError } from "../protocol/errors.ts";
import type { ScimObject } from "../protocol/resource/scim-object.ts";
import { htmlErrorPage } from "./html-error-page.ts";
import { HTML_CONTENT_TYPE, HTML_SECURITY_HEADERS } from "./html-page-headers.ts";
import { JSON_CONTENT_TYPE, PROBLEM_CONTENT_TYPE, scimContentTypeFor } from "./media-types.ts";
import { problemOf } from "./problem-details.ts";
import { type Surface, surfaceOf } from "./surface.ts";

/** The `Retry-After` seconds of a 503 whose error names none (a paused tenant's error carries its own). */
export const RETRY_AFTER_SECONDS = 60;
/** The realm of the `WWW-Authenticate` challenge of every 401 (RFC 6750 §3). */
export const WWW_AUTHENTICATE = 'Bearer realm="roster"';
/** The only detail a 500 ever shows; the real error goes to the log. */
export const INTERNAL_DETAIL = "An internal error occurred";

/** Status and `scimType` per error code; the RFC 7644 §3.12 scimType values carry themselves. */
const STATUS: Readonly<Record<ErrorCode, { readonly status: number; readonly scimType?: string }>> = Object.freeze({
  invalidFilter: { status: 400, scimType: "invalidFilter" },
  invalidPath: { status: 400, scimType: "invalidPath" },
  invalidSyntax: { status: 400, scimType: "invalidSyntax" },
  invalidValue: { status: 400, scimType: "invalidValue" },
  invalidVers: { status: 400, scimType: "invalidVers" },
  mutability: { status: 400, scimType: "mutability" },
  noTarget: { status: 400, scimType: "noTarget" },
  tooMany: { status: 400, scimType: "tooMany" },
  badRequest: { status: 400 },
  uniqueness: { status: 409, scimType: "uniqueness" },
  invalidCursor: { status: 400, scimType: "invalidCursor" },
  expiredCursor: { status: 400, scimType: "expiredCursor" },
  invalidCount: { status: 400, scimType: "invalidCount" },
  sensitive: { status: 403, scimType: "sensitive" },
  unauthorized: { status: 401 },
  forbidden: { status: 403 },
  notFound: { status: 404 },
  methodNotAllowed: { status: 405 },
  conflict: { status: 409 },
  requestTimeout: { status: 408 },
  preconditionFailed: { status: 412 },
  payloadTooLarge: { status: 413 },
  uriTooLong: { status: 414 },
  unsupportedMediaType: { status: 415 },
  tooManyRequests: { status: 429 },
  headersTooLarge: { status: 431 },
  notImplemented: { status: 501 },
  paused: { status: 503 },
  unavailable: { status: 503 },
  internal: { status: 500 },
});

/**
 * fastify's own errors that have a SCIM meaning; others keep their 4xx status without a scimType,
 * with the status's reason phrase as detail (their messages can quote the request).
 */
const FASTIFY_CODES: Readonly<Record<string, { readonly code: ErrorCode; readonly detail: string }>> = Object.freeze({
  FST_ERR_CTP_BODY_TOO_LARGE: { code: "payloadTooLarge", detail: "The request body is too large" },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: "unsupportedMediaType",
    detail: "The request body must be application/scim+json or application/json",
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: "invalidSyntax", detail: "The request body is empty" },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: "invalidSyntax", detail: "The request body is not valid JSON" },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: "invalidSyntax",
    detail: "The request body does not match its Content-Length",
  },
  FST_ERR_BAD_URL: { code: "badRequest", detail: "The request URL is not correctly percent-encoded" },
  FST_ERR_MAX_PARAM_LENGTH: { code: "uriTooLong", detail: "A segment of the request URL is too long" },
});

/** An error, ready to send. */
export interface ErrorResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: ScimObject;
  /** True for a server fault: the error must be logged, since the body says nothing about it. */
  readonly internal: boolean;
  /** The error code the response stands for; undefined for a framework error without one. */
  readonly code?: ErrorCode;
}

/** Maps any thrown value to a status, headers and a SCIM error body; never exposes a stack or an internal message. */
export function errorResponse(error: unknown): ErrorResponse {
  if (error instanceof RosterError) return fromCode(error.code, error.message, error.retryAfterSeconds);
  const fastifyError = asFastifyError(error);
  if (fastifyError !== undefined) {
    const known = FASTIFY_CODES[fastifyError.code];
    if (known !== undefined) return fromCode(known.code, known.detail);
    const status = fastifyError.statusCode;
    if (status !== undefined && status >= 400 && status < 500) {
      return {
        status,
        headers: {},
        body: scimErrorBody(status, STATUS_CODES[status] ?? "Bad Request"),
        internal: false,
      };
    }
  }
  return fromCode("internal", INTERNAL_DETAIL);
}

function fromCode(code: ErrorCode, detail: string, retryAfterSeconds?: number): ErrorResponse {
  const { status, scimType } = STATUS[code];
  const internal = code === "internal";
  const headers: Record<string, string> = {};
  if (code === "unauthorized") headers["www-authenticate"] = WWW_AUTHENTICATE;
  if (code === "paused") headers["retry-after"] = String(retryAfterSeconds ?? RETRY_AFTER_SECONDS);
  const body = scimErrorBody(status, internal ? INTERNAL_DETAIL : detail, scimType);
  return { status, headers, body, internal, code };
}

function asFastifyError(error: unknown): (FastifyError & { statusCode?: number }) | undefined {
  if (!(error instanceof Error) || !("code" in error) || typeof error.code !== "string") return undefined;
  return error.code.startsWith("FST_") ? (error as FastifyError) : undefined;
}

/** `errorResponse`, with server faults logged against `request`: for errors answered inside a response (Bulk). */
export function loggedErrorResponse(error: unknown, request: FastifyRequest): ErrorResponse {
  const response = errorResponse(error);
  if (response.internal) request.log.error({ err: error }, "request failed");
  else if (response.status >= 500) request.log.warn({ err: error }, "request refused");
  return response;
}

/** An error body in the shape of a surface, its content type, and the headers that surface adds. */
export interface SurfaceErrorBody {
  readonly contentType: string;
  /** A JSON document, or the text of an HTML page (the console). */
  readonly body: Readonly<Record<string, unknown>> | string;
  /** Headers the surface sends with every error (the console's security headers); absent when none. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** The bytes of a surface error body as sent. */
export function surfaceErrorText(body: SurfaceErrorBody["body"]): string {
  return typeof body === "string" ? body : JSON.stringify(body);
}

/**
 * The body of `response` on `surface`: a SCIM error under `/scim` (RFC 7644 §3.12, in the media
 * type the client accepts), an RFC 9457 problem under `/api`, an HTML page with the console's
 * security headers under `/console`, `{ error, message }` JSON elsewhere. The detail never
 * quotes the request's path or input.
 */
export function surfaceErrorBody(surface: Surface, response: ErrorResponse, accept?: string): SurfaceErrorBody {
  const detail = String(response.body["detail"]);
  const title = STATUS_CODES[response.status] ?? "Error";
  switch (surface) {
    case "scim":
      return { contentType: scimContentTypeFor(accept), body: response.body };
    case "api":
      return { contentType: PROBLEM_CONTENT_TYPE, body: { ...problemOf(response.code, response.status, detail) } };
    case "console":
      return {
        contentType: HTML_CONTENT_TYPE,
        body: htmlErrorPage(response.status, detail),
        headers: HTML_SECURITY_HEADERS,
      };
    default:
      return { contentType: JSON_CONTENT_TYPE, body: { error: title, message: detail } };
  }
}

/** Sends `error` in the shape of the request's surface (a SCIM error under `/scim`); logs server faults with the request. */
export function sendError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const response = loggedErrorResponse(error, request);
  const { contentType, body, headers } = surfaceErrorBody(surfaceOf(request.url), response, request.headers.accept);
  return reply
    .code(response.status)
    .headers(response.headers)
    .headers(headers ?? {})
    .type(contentType)
    .send(body);
}

/** Installs the app's only error handler. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => sendError(error, request, reply));
}
