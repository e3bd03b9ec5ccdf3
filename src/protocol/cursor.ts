/**
 * The opaque cursors of RFC 9865 (cursor-based pagination): a position in a result set, bound
 * to the query it belongs to and to the time it was issued, written as base64url text and
 * signed with a key the server keeps.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { fail, ok, type Result } from "./errors.ts";

/** RFC 9865 §4 `cursorTimeout`: seconds a cursor stays valid after the page that issued it. */
export const CURSOR_TIMEOUT_SECONDS = 3600;

/** Longer cursor text is refused before it is decoded. */
const MAX_CURSOR_LENGTH = 2048;
/** Clock skew tolerated between the instances that issue and accept a cursor. */
const CLOCK_SKEW_SECONDS = 60;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const VERSION = 1;

/** A resource's place in the stable order of unsorted lists: creation time, then id. */
export interface CursorKey {
  readonly createdAt: string;
  readonly id: string;
}

/**
 * Where a page starts: at the beginning, right after or right before a resource in the stable
 * order (keyset cursors), or at a 0-based offset (sorted lists and the root `/.search`).
 */
export type CursorPosition =
  | { readonly kind: "start" }
  | { readonly kind: "after"; readonly key: CursorKey }
  | { readonly kind: "before"; readonly key: CursorKey }
  | { readonly kind: "offset"; readonly offset: number };

/** The first page. */
export const START: CursorPosition = Object.freeze({ kind: "start" });

/**
 * What a cursor is bound to: the endpoint and the parameters that decide which resources a
 * list holds and in which order (RFC 9865 §2: a client repeats them unchanged). A cursor issued
 * for another query is refused rather than read as a position in this one.
 */
export function cursorScope(parts: readonly (string | undefined)[]): string {
  return digest(JSON.stringify(parts.map((part) => part ?? null))).slice(0, 16);
}

/** Characters of the base64url HMAC-SHA256 kept in a cursor: 132 bits. */
const SIGNATURE_LENGTH = 22;

/** Issues and reads cursors with one signing key. */
export interface CursorCodec {
  /**
   * The cursor text of `position` for a query of `scope`, issued at `issuedAtMs`: base64url of
   * a small JSON document, a dot, and its HMAC-SHA256 under the server's key (truncated). Only
   * RFC 3986 unreserved characters, as RFC 9865 §2 requires.
   */
  encode(position: CursorPosition, scope: string, issuedAtMs: number): string;
  /**
   * Reads the `cursor` parameter of a request for a query of `scope` at `nowMs`. Empty text is
   * the first page (RFC 9865 §2). Anything that is not a cursor this key signed for this query,
   * unchanged, is `invalidCursor` (a forged or edited one too); one older than
   * CURSOR_TIMEOUT_SECONDS is `expiredCursor` (RFC 9865 §2.1).
   */
  decode(text: string, scope: string, nowMs: number): Result<CursorPosition>;
}

/**
 * The cursor codec of a server whose signing key is `key` (the server keeps it; protocol/ only
 * receives it). Instances that share the key accept each other's cursors; a client cannot make
 * one, since it does not know the key.
 */
export function cursorCodec(key: string | Uint8Array): CursorCodec {
  if (key.length === 0) throw new Error("a cursor signing key must not be empty");
  const sign = (json: string) =>
    createHmac("sha256", key).update(json, "utf8").digest("base64url").slice(0, SIGNATURE_LENGTH);
  return Object.freeze({
    encode(position: CursorPosition, scope: string, issuedAtMs: number): string {
      const json = JSON.stringify({
        v: VERSION,
        s: scope,
        t: Math.floor(issuedAtMs / 1000),
        p: positionTuple(position),
      });
      return `${Buffer.from(json, "utf8").toString("base64url")}.${sign(json)}`;
    },
    decode(text: string, scope: string, nowMs: number): Result<CursorPosition> {
      if (text === "") return ok(START);
      const invalid = fail<CursorPosition>(
        "invalidCursor",
        "The cursor is not valid: send an empty cursor for the first page, then the nextCursor or previousCursor of the previous response, with the same query",
      );
      const [body, signature, extra] = text.length > MAX_CURSOR_LENGTH ? [] : text.split(".");
      if (body === undefined || signature === undefined || extra !== undefined) return invalid;
      if (!BASE64URL.test(body) || !BASE64URL.test(signature)) return invalid;
      const json = Buffer.from(body, "base64url").toString("utf8");
      if (!sameText(sign(json), signature)) return invalid;
      const payload = parseJson(json);
      const position = payload === undefined ? undefined : readPosition(payload["p"]);
      const issuedAt = payload?.["t"];
      if (payload?.["v"] !== VERSION || position === undefined || !Number.isSafeInteger(issuedAt)) return invalid;
      if (payload["s"] !== scope) return invalid;
      const age = Math.floor(nowMs / 1000) - (issuedAt as number);
      if (age < -CLOCK_SKEW_SECONDS) return invalid;
      if (age > CURSOR_TIMEOUT_SECONDS) {
        return fail(
          "expiredCursor",
          `The cursor has expired: request the next page within ${CURSOR_TIMEOUT_SECONDS} seconds`,
        );
      }
      return ok(position);
    },
  });
}

/** Compares two signatures in constant time. */
function sameText(expected: string, given: string): boolean {
  const a = Buffer.from(expected, "utf8");
  const b = Buffer.from(given, "utf8");
  return a.length === b.length && timingSafeEqual(a, b);
}

function digest(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("base64url");
}

type PositionTuple = readonly [string, ...(string | number)[]];

function positionTuple(position: CursorPosition): PositionTuple {
  switch (position.kind) {
    case "start":
      return ["s"];
    case "after":
      return ["a", position.key.createdAt, position.key.id];
    case "before":
      return ["b", position.key.createdAt, position.key.id];
    case "offset":
      return ["o", position.offset];
  }
}

function readPosition(value: unknown): CursorPosition | undefined {
  if (!Array.isArray(value)) return undefined;
  const [kind, first, second] = value as unknown[];
  if (kind === "s" && value.length === 1) return START;
  if (kind === "o" && value.length === 2 && Number.isSafeInteger(first) && (first as number) >= 0) {
    return { kind: "offset", offset: first as number };
  }
  if ((kind === "a" || kind === "b") && value.length === 3 && isKeyPart(first) && isKeyPart(second)) {
    return { kind: kind === "a" ? "after" : "before", key: { createdAt: first, id: second } };
  }
  return undefined;
}

function isKeyPart(value: unknown): value is string {
  return typeof value === "string" && value !== "";
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
