/** Checks of the free text an operator types: names, display names, phone numbers. */
import { ok, type Result, RosterError } from "../protocol/errors.ts";

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses.
const CONTROL = /[\u0000-\u001f\u007f]/u;

/**
 * `value` trimmed, or `invalidValue` naming `field` when it is blank, longer than `max`
 * characters, or holds control characters (they break logs and terminals).
 */
export function parseText(field: string, value: string, max: number): Result<string> {
  const text = value.trim();
  if (text === "") return failField(field, `${field} must not be blank`);
  if ([...text].length > max) return failField(field, `${field} must be at most ${max} characters`);
  if (CONTROL.test(text)) return failField(field, `${field} must not contain control characters`);
  return ok(text);
}

/** A failed result: `invalidValue` naming `field`. */
export function failField<T = never>(field: string, detail: string): Result<T> {
  return { ok: false, error: new RosterError("invalidValue", detail, { field }) };
}
