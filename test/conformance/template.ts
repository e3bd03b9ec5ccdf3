/** `{{var}}` substitution in fixture requests and expectations; matcher tokens are left for `match.ts`. */
import type { Json } from "./fixture.ts";
import { isMatcherToken } from "./match.ts";

/** The variables of a fixture run: initial ones, built-in ones and captured ones. */
export type Vars = Map<string, Json>;

const TOKEN = /\{\{([^{}]+)\}\}/g;
const WHOLE = /^\{\{([^{}]+)\}\}$/;

function lookup(vars: Vars, name: string): Json {
  const value = vars.get(name);
  if (value === undefined) throw new Error(`unknown variable {{${name}}}`);
  return value;
}

function asText(value: Json): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/**
 * Replaces `{{name}}` in a string with the variable's text and `{{uri:name}}` with it
 * percent-encoded (for ids and filter values in a URL). Matcher tokens stay. Throws on an
 * unknown variable, so that a typo fails the step instead of sending `{{typo}}`.
 */
export function substituteText(text: string, vars: Vars): string {
  return text.replace(TOKEN, (token, name: string) => {
    if (isMatcherToken(token)) return token;
    if (name.startsWith("uri:")) return encodeURIComponent(asText(lookup(vars, name.slice(4))));
    return asText(lookup(vars, name));
  });
}

/**
 * Substitutes every string of a JSON value. A string that is exactly one `{{name}}` becomes the
 * variable's value with its JSON type (a captured number stays a number).
 */
export function substitute(value: Json, vars: Vars): Json {
  if (typeof value === "string") {
    const whole = WHOLE.exec(value);
    if (whole?.[1] !== undefined && !isMatcherToken(value) && !whole[1].startsWith("uri:")) {
      return lookup(vars, whole[1]);
    }
    return substituteText(value, vars);
  }
  if (Array.isArray(value)) return value.map((item) => substitute(item, vars));
  if (value !== null && typeof value === "object") {
    const copy: Record<string, Json> = {};
    for (const [key, item] of Object.entries(value)) copy[substituteText(key, vars)] = substitute(item, vars);
    return copy;
  }
  return value;
}
