/**
 * Request validation of the management API: typebox's compiled checks (every error at once,
 * unknown fields refused, no silent removal or coercion of bodies). Query strings and path
 * parameters are converted from text first (`limit=5` is 5, `active=true` is true).
 */
import { TypeBoxValidatorCompiler } from "@fastify/type-provider-typebox";
import type { FastifySchemaCompiler } from "fastify";

/** TypeBox's validator compiler, with a missing (or `null`) body read as `{}` so that its required fields are named. */
export const apiValidatorCompiler: FastifySchemaCompiler<unknown> = (route) => {
  const validate = TypeBoxValidatorCompiler(route as Parameters<typeof TypeBoxValidatorCompiler>[0]);
  if (route.httpPart !== "body") return validate;
  return (value: unknown) => validate(value === undefined || value === null ? {} : value);
};
