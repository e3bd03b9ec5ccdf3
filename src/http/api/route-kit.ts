/** Shorthands the management API's route modules share: the typed instance, route access, write headers. */
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import type { RouteAccess } from "./api-auth.ts";

/** The typed view of a scope. */
export function typed(scope: FastifyInstance) {
  return scope.withTypeProvider<TypeBoxTypeProvider>();
}

/** Route config of routes only global keys may call. */
export const GLOBAL_ONLY: { access: RouteAccess } = { access: { globalOnly: true } };
/** Route config of routes that need no key. */
export const PUBLIC: { access: RouteAccess } = { access: { public: true } };

/** `If-Match` on a write (RFC 7232 §3.1): the ETag the client last read; 412 when the resource changed since. */
export const IF_MATCH_HEADERS = Type.Object({
  "if-match": Type.Optional(
    Type.String({ description: 'The ETag last read (W/"<version>"), or *: the write is refused with 412 when stale' }),
  ),
});

/** The answer of a write that returns nothing. */
export const NO_CONTENT = Type.Null({ description: "No content" });
