/**
 * The opaque cursors of the management API's lists: a position in a list's stable order (a key
 * tuple such as creation time and Id), bound to the list and filters it was issued for.
 * base64url of a small JSON document, a dot, and a checksum. A position only says where to
 * resume inside what the caller may read anyway, so the checksum guards against edited and
 * truncated cursors rather than being a secret; anything Roster did not issue for this list is
 * a 400 naming `cursor`.
 */
import { createHash } from "node:crypto";
import { RosterError } from "../../protocol/errors.ts";

const VERSION = 1;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

function digest(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("base64url").slice(0, 22);
}

/** What a cursor is bound to: the route and the filters that decide what the list holds. */
export function listScope(parts: readonly (string | number | boolean | undefined)[]): string {
  return digest(JSON.stringify(parts.map((part) => part ?? null)));
}

/** The cursor of the position right after `key` in a list of `scope`. */
export function encodeListCursor(scope: string, key: readonly string[]): string {
  const json = JSON.stringify({ v: VERSION, s: scope, k: key });
  return `${Buffer.from(json, "utf8").toString("base64url")}.${digest(json)}`;
}

/** The key a cursor resumes after; RosterError `invalidCursor` naming `cursor` unless Roster issued it for this list, unchanged. */
export function decodeListCursor(text: string, scope: string, arity: number): readonly string[] {
  const invalid = new RosterError(
    "invalidCursor",
    "cursor is not valid: send the Next of the previous page unchanged, with the same filters",
    { field: "cursor" },
  );
  const [body, checksum, extra] = text.split(".");
  if (body === undefined || checksum === undefined || extra !== undefined) throw invalid;
  if (!BASE64URL.test(body) || !BASE64URL.test(checksum)) throw invalid;
  const json = Buffer.from(body, "base64url").toString("utf8");
  if (digest(json) !== checksum) throw invalid;
  let payload: unknown;
  try {
    payload = JSON.parse(json);
  } catch {
    throw invalid;
  }
  const { v, s, k } = (typeof payload === "object" && payload !== null ? payload : {}) as Record<string, unknown>;
  if (v !== VERSION || s !== scope || !Array.isArray(k) || k.length !== arity) throw invalid;
  if (!k.every((part) => typeof part === "string" && part !== "")) throw invalid;
  return k as string[];
}
