/** Turns schema validation errors (typebox's, in Ajv's shape) into `{ field, detail }` per bad input. */
import type { FastifySchemaValidationError } from "fastify";

/** One bad input of a request: a body field (`Settings.ScimEnabled`), a parameter (`limit`), or `body`. */
export interface FieldError {
  readonly field: string;
  readonly detail: string;
}

/** `/Settings/ScimEnabled` → `Settings.ScimEnabled`; the root is the part itself (`body`). */
function fieldOf(instancePath: string, part: string): string {
  const segments = instancePath
    .split("/")
    .slice(1)
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
  return segments.length === 0 ? part : segments.join(".");
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

/**
 * One entry per bad input, in the order found: unknown fields, missing ones, and each wrong
 * value with the first reason given for it (a union's alternatives are summed up as one).
 */
export function validationErrors(
  errors: readonly FastifySchemaValidationError[],
  context: string | undefined,
): FieldError[] {
  const part = context === "querystring" ? "query" : context === "params" ? "path" : "body";
  const found = new Map<string, string>();
  const add = (field: string, detail: string) => {
    if (!found.has(field)) found.set(field, detail);
  };
  for (const error of errors) {
    const params = (error.params ?? {}) as Record<string, unknown>;
    const base = error.instancePath ?? "";
    if (error.keyword === "additionalProperties") {
      const names = (params["additionalProperties"] ?? params["additionalProperty"]) as unknown;
      for (const name of Array.isArray(names) ? names : [names]) {
        add(fieldOf(`${base}/${String(name)}`, part), `unknown ${part === "query" ? "parameter" : "field"}`);
      }
    } else if (error.keyword === "required") {
      const names = (params["requiredProperties"] ?? params["missingProperty"]) as unknown;
      for (const name of Array.isArray(names) ? names : [names])
        add(fieldOf(`${base}/${String(name)}`, part), "is required");
    } else if (error.keyword === "boolean") {
      add(fieldOf(base, part), `unknown ${part === "query" ? "parameter" : "field"}`);
    } else if (error.keyword === "anyOf") {
      found.set(fieldOf(base, part), "has a value of the wrong type");
    } else {
      add(fieldOf(base, part), clip(error.message ?? "is not valid"));
    }
  }
  return [...found].map(([field, detail]) => ({ field, detail }));
}
