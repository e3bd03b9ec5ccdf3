/** Copies untrusted JSON into fresh objects that cannot touch any prototype. */
import { fail, ok, type Result } from "../errors.ts";
import { isWellFormedText } from "../limits.ts";
import { isScimObject, type JsonValue } from "./scim-object.ts";

/** Deepest nesting a SCIM body may have; real resources nest three levels at most. */
export const MAX_JSON_DEPTH = 32;

const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

/** True for keys that could reach a prototype (`__proto__`, `constructor`, `prototype`); Roster refuses them. */
export function isForbiddenKey(key: string): boolean {
  return FORBIDDEN_KEYS.has(key);
}

/** The `invalidValue` result for a forbidden key, naming where it was found. */
export function forbiddenKey<T>(key: string, where: string): Result<T> {
  return fail("invalidValue", `"${key}" is not allowed as an attribute name (in ${where})`);
}

/**
 * A deep copy of a JSON value as received, built with `Object.fromEntries` so that no key ever
 * reaches a prototype setter. Refuses (`invalidValue`) forbidden keys at any level, values that
 * are not JSON (undefined, functions, non-finite numbers), strings and keys that are not Unicode
 * text (a lone UTF-16 surrogate, which JSON's `\ud800` escape can produce but no database
 * stores as sent) and nesting deeper than `MAX_JSON_DEPTH`. `where` names the attribute in
 * error details. Every body and PATCH value passes here first, so this is the one check for
 * lone surrogates in resources, PATCH values and Bulk data.
 */
export function copyJson(value: unknown, where: string, depth = 0): Result<JsonValue> {
  if (depth > MAX_JSON_DEPTH) return fail("invalidValue", `"${where}" is nested too deeply`);
  if (typeof value === "string") return isWellFormedText(value) ? ok(value) : notText(where);
  if (value === null || typeof value === "boolean") return ok(value);
  if (typeof value === "number") {
    return Number.isFinite(value) ? ok(value) : fail("invalidValue", `"${where}" is not a JSON number`);
  }
  if (Array.isArray(value)) {
    const items: JsonValue[] = [];
    for (const item of value) {
      const copied = copyJson(item, where, depth + 1);
      if (!copied.ok) return copied;
      items.push(copied.value);
    }
    return ok(items);
  }
  if (isScimObject(value)) {
    const entries: [string, JsonValue][] = [];
    for (const [key, item] of Object.entries(value)) {
      if (isForbiddenKey(key)) return forbiddenKey(key, where);
      if (!isWellFormedText(key)) return notText(`a name in ${where}`);
      const copied = copyJson(item, `${where}.${key}`, depth + 1);
      if (!copied.ok) return copied;
      entries.push([key, copied.value]);
    }
    return ok(Object.fromEntries(entries));
  }
  return fail("invalidValue", `"${where}" is not a JSON value`);
}

function notText<T>(where: string): Result<T> {
  return fail("invalidValue", `"${where}" is not valid Unicode text (it holds a lone UTF-16 surrogate)`);
}
