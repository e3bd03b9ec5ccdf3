/**
 * RFC 9457 problem details: the one place where errors of the management API become statuses
 * and `application/problem+json` bodies (`type`, `title`, `status`, `detail`, and `errors` naming
 * each bad input).
 */
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { type ErrorCode, RosterError } from "../../protocol/errors.ts";
import { INTERNAL_DETAIL, RETRY_AFTER_SECONDS, WWW_AUTHENTICATE } from "../error-response.ts";
import { PROBLEM_KINDS, type Problem, problemType } from "../problem-details.ts";
import { type FieldError, validationErrors } from "./validation-errors.ts";

export type { Problem };

/** The media type of every error answer of the management API. */
export const PROBLEM_CONTENT_TYPE = "application/problem+json; charset=utf-8";

/** fastify's own request errors and the codes they mean. */
const FASTIFY_CODES: Readonly<Record<string, { readonly code: ErrorCode; readonly detail: string }>> = Object.freeze({
  FST_ERR_CTP_BODY_TOO_LARGE: { code: "payloadTooLarge", detail: "The request body is too large" },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: "unsupportedMediaType", detail: "The request body must be application/json" },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: "invalidSyntax", detail: "The request body is empty" },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: "invalidSyntax", detail: "The request body is not valid JSON" },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: "invalidSyntax",
    detail: "The request body does not match its Content-Length",
  },
  FST_ERR_BAD_URL: { code: "invalidSyntax", detail: "The request path is not valid percent-encoding" },
});

/** A problem ready to send: status, headers, body, and whether it is a server fault to log. */
export interface ProblemResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Problem;
  readonly internal: boolean;
}

function fromCode(
  code: ErrorCode,
  detail: string,
  errors: readonly FieldError[],
  retryAfter?: number,
): ProblemResponse {
  const kind = PROBLEM_KINDS[code];
  const internal = code === "internal";
  const headers: Record<string, string> = {};
  if (kind.status === 401) headers["www-authenticate"] = WWW_AUTHENTICATE;
  if (kind.status === 503 || kind.status === 429) headers["retry-after"] = String(retryAfter ?? RETRY_AFTER_SECONDS);
  const body: Problem = {
    type: problemType(kind.slug),
    title: kind.title,
    status: kind.status,
    detail: internal ? INTERNAL_DETAIL : detail,
    ...(errors.length > 0 ? { errors } : {}),
  };
  return { status: kind.status, headers, body, internal };
}

/** Maps any thrown value to a problem; never exposes a stack or an internal message. */
export function problemResponse(error: unknown): ProblemResponse {
  if (error instanceof RosterError) {
    // The only invalidSyntax that reaches the API without a field is the JSON parser's: the body.
    const field = error.field ?? (error.code === "invalidSyntax" ? "body" : undefined);
    const errors = field === undefined ? [] : [{ field, detail: error.message }];
    return fromCode(error.code, error.message, errors, error.retryAfterSeconds);
  }
  const fastifyError = asFastifyError(error);
  if (fastifyError?.validation !== undefined) {
    const errors = validationErrors(fastifyError.validation, fastifyError.validationContext);
    const detail = errors.map((e) => `${e.field}: ${e.detail}`).join("; ");
    return fromCode("invalidValue", detail || "The request is not valid", errors);
  }
  if (fastifyError !== undefined) {
    const known = FASTIFY_CODES[fastifyError.code];
    if (known !== undefined) {
      const field = fastifyError.code === "FST_ERR_BAD_URL" ? "path" : "body";
      return fromCode(
        known.code,
        known.detail,
        known.code === "invalidSyntax" ? [{ field, detail: known.detail }] : [],
      );
    }
    const status = fastifyError.statusCode;
    if (status !== undefined && status >= 400 && status < 500) {
      const slug = status === 429 ? "rate-limited" : "invalid-request";
      return {
        status,
        headers: {},
        body: { type: problemType(slug), title: "The request was refused", status, detail: fastifyError.message },
        internal: false,
      };
    }
  }
  return fromCode("internal", INTERNAL_DETAIL, []);
}

function asFastifyError(error: unknown): (FastifyError & { statusCode?: number }) | undefined {
  if (!(error instanceof Error) || !("code" in error) || typeof error.code !== "string") return undefined;
  return error.code.startsWith("FST_") ? (error as FastifyError) : undefined;
}

/** Sends `error` as problem+json; logs server faults with the request. */
export function sendProblem(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const response = problemResponse(error);
  if (response.internal) request.log.error({ err: error }, "request failed");
  return reply
    .code(response.status)
    .headers(response.headers)
    .type(PROBLEM_CONTENT_TYPE)
    .serializer(JSON.stringify)
    .send(response.body);
}
