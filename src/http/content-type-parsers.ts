/** Request bodies: `application/scim+json` and `application/json`, uncompressed UTF-8 only (RFC 7644 §3.1, §3.8). */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { RosterError } from "../protocol/errors.ts";
import { SCIM_MEDIA_TYPE } from "./media-types.ts";

const JSON_MEDIA_TYPES: ReadonlySet<string> = new Set([SCIM_MEDIA_TYPE, "application/json"]);
const UTF8: ReadonlySet<string> = new Set(["utf-8", "utf8"]);

function hasBody(request: FastifyRequest): boolean {
  const length = request.headers["content-length"];
  return request.headers["transfer-encoding"] !== undefined || (length !== undefined && length !== "0");
}

/** The `charset` parameter of a Content-Type, lower-cased and unquoted; undefined when absent. */
export function charsetOf(contentType: string): string | undefined {
  for (const parameter of contentType.split(";").slice(1)) {
    const [name, ...rest] = parameter.split("=");
    if (name?.trim().toLowerCase() === "charset")
      return rest
        .join("=")
        .trim()
        .replace(/^"(.*)"$/, "$1")
        .toLowerCase();
  }
  return undefined;
}

/**
 * Throws RosterError `unsupportedMediaType` (415) for a body that Roster would misread: one with a
 * `Content-Encoding` other than `identity` (Roster does not decompress: identity providers send
 * plain JSON), or a JSON body whose `charset` is not UTF-8 (RFC 8259 §8.1: JSON is UTF-8).
 * Requests without a body pass.
 */
export function assertReadableBody(request: FastifyRequest): void {
  if (!hasBody(request)) return;
  const encoding = request.headers["content-encoding"]?.trim().toLowerCase();
  if (encoding !== undefined && encoding !== "" && encoding !== "identity") {
    throw new RosterError("unsupportedMediaType", "Compressed request bodies are not supported: send it uncompressed");
  }
  const contentType = request.headers["content-type"];
  if (contentType === undefined) return;
  const mediaType = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  const charset = charsetOf(contentType);
  if (JSON_MEDIA_TYPES.has(mediaType) && charset !== undefined && !UTF8.has(charset)) {
    throw new RosterError("unsupportedMediaType", "The request body must be UTF-8 (charset=utf-8)");
  }
}

/** The position V8 reports for a JSON syntax error, without the quoted input some of its messages carry. */
function jsonErrorDetail(error: unknown): string {
  const position = error instanceof Error ? /at position (\d+)/.exec(error.message)?.[1] : undefined;
  return position === undefined
    ? "The request body is not valid JSON"
    : `The request body is not valid JSON (at position ${position})`;
}

/**
 * Replaces fastify's parsers: both JSON media types (any parameters) are parsed as UTF-8 JSON;
 * an empty body reads as undefined (DELETE requests from some clients carry a Content-Type);
 * malformed JSON is RosterError `invalidSyntax`, whose detail never quotes the body. Any other
 * media type on a request with a body is left to fastify, which refuses it with 415. The body
 * limit is fastify's `bodyLimit` (413). A preParsing hook refuses compressed and non-UTF-8
 * bodies (assertReadableBody) before a byte of the body is read.
 */
export function registerContentTypeParsers(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addHook("preParsing", (request, _reply, payload, done) => {
    try {
      assertReadableBody(request);
      done(null, payload);
    } catch (error) {
      done(error as RosterError);
    }
  });
  app.addContentTypeParser([SCIM_MEDIA_TYPE, "application/json"], { parseAs: "string" }, (_request, body, done) => {
    const text = typeof body === "string" ? body : body.toString("utf8");
    if (text.trim() === "") {
      done(null, undefined);
      return;
    }
    try {
      done(null, JSON.parse(text));
    } catch (error) {
      done(new RosterError("invalidSyntax", jsonErrorDetail(error), { cause: error }), undefined);
    }
  });
}
