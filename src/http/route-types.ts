/** What the SCIM route modules share. */
import type { Config } from "../config.ts";
import type { ScimOperations } from "../domain/scim-operations.ts";
import type { CursorCodec } from "../protocol/cursor.ts";
import type { RawQuery } from "./query-params.ts";

/** The dependencies of the SCIM routes. */
export interface ScimRouteDeps {
  readonly scim: ScimOperations;
  readonly config: Config;
  /** Signs and reads RFC 9865 cursors with the server's key. */
  readonly cursors: CursorCodec;
}

/** A route with only a query string. */
export interface QueryRoute {
  Querystring: RawQuery;
}

/** A route on one resource: `:id` (already URL-decoded by the router) and a query string. */
export interface ResourceRoute {
  Params: { readonly id: string };
  Querystring: RawQuery;
}
