/**
 * Request validation of the management API: typebox's compiled checks (every error at once,
 * unknown fields refused, no silent removal or coercion of bodies). Query strings and path
 * parameters are converted from text first (`limit=5` is 5, `active=true` is true).
 */
import { TypeBoxValidatorCompiler } from "@fastify/type-provider-typebox";
import type { FastifySchemaCompiler, FastifySchemaValidationError } from "fastify";
import type { TSchema } from "typebox";
import { Compile } from "typebox/compile";

type Route = Parameters<typeof TypeBoxValidatorCompiler>[0];

/** True when every property of an object schema is a plain string: converting text to it changes nothing. */
function onlyStrings(schema: unknown): boolean {
  if (typeof schema !== "object" || schema === null) return false;
  const { type, properties } = schema as { type?: unknown; properties?: Record<string, { type?: unknown }> };
  return type === "object" && properties !== undefined && Object.values(properties).every((p) => p.type === "string");
}

/**
 * TypeBox's validator compiler, with a missing (or `null`) body read as `{}` so that its
 * required fields are named. Path parameters and headers whose properties are all strings are
 * checked as they are: TypeBox's conversion from text (a walk of schema and value on every
 * request) would leave them unchanged.
 */
export const apiValidatorCompiler: FastifySchemaCompiler<unknown> = (route) => {
  if (route.httpPart !== "body" && route.httpPart !== "querystring" && onlyStrings(route.schema)) {
    const check = Compile(route.schema as TSchema);
    return (value: unknown) =>
      check.Check(value) ? { value } : { error: check.Errors(value) as unknown as FastifySchemaValidationError[] };
  }
  const validate = TypeBoxValidatorCompiler(route as Route);
  if (route.httpPart !== "body") return validate;
  return (value: unknown) => validate(value === undefined || value === null ? {} : value);
};
