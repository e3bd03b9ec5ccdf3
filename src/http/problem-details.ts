/**
 * RFC 9457 problem details, independent of any route: the kind of problem each error code is
 * (status, stable `type` URN, title). The management API's error handler and the refusals below
 * routing (node's parser, timeouts, the router) both answer `/api` requests with these.
 */
import type { ErrorCode } from "../protocol/errors.ts";
import type { FieldError } from "./api/validation-errors.ts";

/** A problem details document. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly errors?: readonly FieldError[];
}

/** One kind of problem: its status, its `type` URN (stable, for clients to switch on) and its title. */
export interface ProblemKind {
  readonly status: number;
  readonly slug: string;
  readonly title: string;
}

const BAD_REQUEST: ProblemKind = { status: 400, slug: "invalid-request", title: "The request is not valid" };
export const PROBLEM_KINDS: Readonly<Record<ErrorCode, ProblemKind>> = Object.freeze({
  invalidFilter: BAD_REQUEST,
  invalidPath: BAD_REQUEST,
  invalidSyntax: BAD_REQUEST,
  invalidValue: BAD_REQUEST,
  invalidVers: BAD_REQUEST,
  mutability: BAD_REQUEST,
  noTarget: BAD_REQUEST,
  tooMany: BAD_REQUEST,
  invalidCursor: BAD_REQUEST,
  expiredCursor: BAD_REQUEST,
  invalidCount: BAD_REQUEST,
  sensitive: { status: 403, slug: "forbidden", title: "Forbidden" },
  unauthorized: { status: 401, slug: "unauthorized", title: "Authentication required" },
  forbidden: { status: 403, slug: "forbidden", title: "Forbidden" },
  notFound: { status: 404, slug: "not-found", title: "Not found" },
  methodNotAllowed: { status: 405, slug: "method-not-allowed", title: "Method not allowed" },
  uniqueness: { status: 409, slug: "conflict", title: "Conflict" },
  conflict: { status: 409, slug: "conflict", title: "Conflict" },
  preconditionFailed: { status: 412, slug: "precondition-failed", title: "Precondition failed" },
  payloadTooLarge: { status: 413, slug: "payload-too-large", title: "Payload too large" },
  unsupportedMediaType: { status: 415, slug: "unsupported-media-type", title: "Unsupported media type" },
  notImplemented: { status: 501, slug: "not-implemented", title: "Not implemented" },
  paused: { status: 503, slug: "unavailable", title: "Service unavailable" },
  unavailable: { status: 503, slug: "unavailable", title: "Service unavailable" },
  badRequest: BAD_REQUEST,
  requestTimeout: { status: 408, slug: "request-timeout", title: "Request timeout" },
  uriTooLong: { status: 414, slug: "uri-too-long", title: "URI too long" },
  tooManyRequests: { status: 429, slug: "rate-limited", title: "Too many requests" },
  headersTooLarge: { status: 431, slug: "headers-too-large", title: "Request header fields too large" },
  internal: { status: 500, slug: "internal", title: "Internal server error" },
});

/** The `type` URN of a kind of problem, e.g. `urn:roster:problem:not-found`. */
export function problemType(slug: string): string {
  return `urn:roster:problem:${slug}`;
}

/** The problem for an error code (or, for an error without one, just its status) and its detail. */
export function problemOf(code: ErrorCode | undefined, status: number, detail: string): Problem {
  const kind = code === undefined ? undefined : PROBLEM_KINDS[code];
  if (kind !== undefined) return { type: problemType(kind.slug), title: kind.title, status: kind.status, detail };
  return { type: problemType("invalid-request"), title: "The request was refused", status, detail };
}
