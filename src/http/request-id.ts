/** The request id: taken from a sane `X-Request-Id`, else generated; on every response and log line. */
import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";

/** The header that carries the request id in both directions. */
export const REQUEST_ID_HEADER = "x-request-id";

// UUIDs, hex ids, AWS-style `Root=1-…` and base64 fit; spaces, quotes and control characters do not.
const SANE_REQUEST_ID = /^[A-Za-z0-9._:=+/@-]{1,128}$/;

/** True when a client's request id can be logged and echoed as it is. */
export function isSaneRequestId(value: string): boolean {
  return SANE_REQUEST_ID.test(value);
}

/** A new request id (a random UUID). */
export function newRequestId(): string {
  return randomUUID();
}

// The id given to each raw request, so that a refusal below fastify (a body timeout) logs the same id.
const given = new WeakMap<IncomingMessage, string>();

/**
 * fastify's `genReqId`: the client's `X-Request-Id` when sane (one value, 1–128 safe
 * characters), else a new one; the same id every time for one request.
 */
export function requestIdOf(request: IncomingMessage): string {
  const known = given.get(request);
  if (known !== undefined) return known;
  const header = request.headers[REQUEST_ID_HEADER];
  const id = typeof header === "string" && isSaneRequestId(header) ? header : newRequestId();
  given.set(request, id);
  return id;
}
