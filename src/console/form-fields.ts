/** The fields of a console form (`application/x-www-form-urlencoded`, parsed by @fastify/formbody). */
import { RosterError } from "../protocol/errors.ts";

/** Reads a submitted form's fields by name. */
export interface FormFields {
  /** The field's value as sent; undefined when absent. RosterError `badRequest` when it was sent twice. */
  text(name: string): string | undefined;
  /** The field's value without surrounding white space; undefined when absent or blank. */
  trimmed(name: string): string | undefined;
  /** Every value of a field that may be sent several times (checkboxes), in order; none when absent. */
  all(name: string): readonly string[];
}

/** The fields of a parsed form body (anything else reads as an empty form). */
export function formFields(body: unknown): FormFields {
  const record = typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
  const text = (name: string): string | undefined => {
    if (!Object.hasOwn(record, name)) return undefined;
    const value = record[name];
    if (typeof value === "string") return value;
    throw new RosterError("badRequest", `The form sent the field ${JSON.stringify(name)} more than once`);
  };
  return {
    text,
    trimmed(name) {
      const value = text(name)?.trim();
      return value === "" ? undefined : value;
    },
    all(name) {
      if (!Object.hasOwn(record, name)) return [];
      const value = record[name];
      const values = Array.isArray(value) ? value : [value];
      return values.filter((v): v is string => typeof v === "string");
    },
  };
}
