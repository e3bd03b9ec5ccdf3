/** Checks the `{id}` of a resource URL before the route runs: no database is asked for an id no resource can have. */
import type { FastifyRequest } from "fastify";
import { unwrap } from "../protocol/errors.ts";
import { parseResourceId } from "../protocol/limits.ts";

/**
 * A `preHandler` hook for the SCIM scope: an `:id` path parameter longer than MAX_ID_LENGTH
 * characters (or not Unicode text) is refused with 400 `invalidValue` (see `parseResourceId`).
 */
export async function resourceIdHook(request: FastifyRequest): Promise<void> {
  const { id } = (request.params ?? {}) as { readonly id?: unknown };
  if (typeof id === "string") unwrap(parseResourceId(id));
}
