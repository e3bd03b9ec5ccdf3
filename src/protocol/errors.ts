/** The one catalogue of Roster's error codes, and the error and result types every layer uses. */

/**
 * Every failure Roster reports has one of these codes. The SCIM codes are the `scimType`
 * values of RFC 7644 §3.12 and RFC 9865 §2.1; the others name HTTP-level outcomes. Only the HTTP edge
 * (`src/http/error-response.ts`) turns a code into a status and a body.
 */
export type ErrorCode =
  // RFC 7644 §3.12 scimType values (400 unless noted)
  | "invalidFilter"
  | "invalidPath"
  | "invalidSyntax"
  | "invalidValue"
  | "invalidVers"
  | "mutability"
  | "noTarget"
  | "sensitive" // 403
  | "tooMany"
  | "uniqueness" // 409
  // RFC 9865 §2.1 scimType values of cursor pagination (400)
  | "invalidCursor"
  | "expiredCursor"
  | "invalidCount"
  // HTTP outcomes without a scimType
  | "badRequest" // 400: a request that is not valid HTTP or whose URL cannot be decoded
  | "unauthorized" // 401
  | "forbidden" // 403
  | "notFound" // 404
  | "methodNotAllowed" // 405
  | "conflict" // 409
  | "requestTimeout" // 408
  | "preconditionFailed" // 412
  | "payloadTooLarge" // 413
  | "uriTooLong" // 414
  | "unsupportedMediaType" // 415
  | "tooManyRequests" // 429
  | "headersTooLarge" // 431
  | "notImplemented" // 501
  | "paused" // 503
  | "unavailable" // 503: the server is shutting down
  | "internal"; // 500

/** An expected failure with a stable code; `message` is the human-readable SCIM `detail`. */
export class RosterError extends Error {
  override readonly name = "RosterError";
  /** For `paused` (and other 503/429 answers): the seconds a client should wait, sent as `Retry-After`. */
  readonly retryAfterSeconds: number | undefined;
  /** The input the error is about (`Email`, `Settings.ScimEnabled`, `cursor`), when one input is. */
  readonly field: string | undefined;
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { readonly cause?: unknown; readonly retryAfterSeconds?: number; readonly field?: string },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.retryAfterSeconds = options?.retryAfterSeconds;
    this.field = options?.field;
  }
}

/** The outcome of a parser: a value, or the error that explains why there is none. */
export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: RosterError };

/** A successful result. */
export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

/** A failed result with the given code and detail. */
export function fail<T = never>(code: ErrorCode, detail: string): Result<T> {
  return { ok: false, error: new RosterError(code, detail) };
}

/** Returns the value of a result or throws its error; for callers that let errors travel to the edge. */
export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  throw result.error;
}
