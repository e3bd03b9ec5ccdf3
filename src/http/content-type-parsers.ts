/** Request bodies: `application/scim+json` and `application/json` only (RFC 7644 §3.1, §3.8). */
import type { FastifyInstance } from "fastify";
import { RosterError } from "../protocol/errors.ts";
import { SCIM_MEDIA_TYPE } from "./media-types.ts";

/**
 * Replaces fastify's parsers: both JSON media types (any parameters) are parsed as UTF-8 JSON;
 * an empty body reads as undefined (DELETE requests from some clients carry a Content-Type);
 * malformed JSON is RosterError `invalidSyntax`. Any other media type on a request with a body
 * is left to fastify, which refuses it with 415. The body limit is fastify's `bodyLimit` (413).
 */
export function registerContentTypeParsers(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser([SCIM_MEDIA_TYPE, "application/json"], { parseAs: "string" }, (_request, body, done) => {
    const text = typeof body === "string" ? body : body.toString("utf8");
    if (text.trim() === "") {
      done(null, undefined);
      return;
    }
    try {
      done(null, JSON.parse(text));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      done(
        new RosterError("invalidSyntax", `The request body is not valid JSON: ${reason}`, { cause: error }),
        undefined,
      );
    }
  });
}
