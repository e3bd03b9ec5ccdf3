/** Partial deep matching of a response against a fixture expectation, with the matchers of README.md. */
import type { Json } from "./fixture.ts";

/** Array matchers: `{ "{{contains}}": [...] }` and `{ "{{unordered}}": [...] }`. */
const CONTAINS = "{{contains}}";
const UNORDERED = "{{unordered}}";

type Check = (actual: unknown) => boolean;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Matchers that take no argument; `absent` and `unassigned` also accept a missing attribute. */
const SIMPLE: Readonly<Record<string, Check>> = {
  any: (actual) => actual !== undefined,
  absent: (actual) => actual === undefined,
  // RFC 7643 §2.5: unassigned, null and [] are the same state.
  unassigned: (actual) => actual === undefined || actual === null || (Array.isArray(actual) && actual.length === 0),
  string: (actual) => typeof actual === "string",
  integer: (actual) => Number.isInteger(actual),
  number: (actual) => typeof actual === "number",
  boolean: (actual) => typeof actual === "boolean",
  array: (actual) => Array.isArray(actual),
  object: isPlainObject,
  nonEmpty: (actual) =>
    actual !== undefined &&
    actual !== null &&
    actual !== "" &&
    !(Array.isArray(actual) && actual.length === 0) &&
    !(isPlainObject(actual) && Object.keys(actual).length === 0),
};

const PARAMETRIC = /^\{\{(regex|regexi|length):([\s\S]*)\}\}$/;

/** The check a matcher token stands for, or undefined when the string is a literal. */
function matcherOf(token: string): Check | undefined {
  const simple = /^\{\{(\w+)\}\}$/.exec(token)?.[1];
  if (simple !== undefined && Object.hasOwn(SIMPLE, simple)) return SIMPLE[simple];
  const parametric = PARAMETRIC.exec(token);
  if (!parametric) return undefined;
  const [, kind, argument = ""] = parametric;
  if (kind === "length") {
    const length = Number(argument);
    return (actual) => (Array.isArray(actual) || typeof actual === "string") && actual.length === length;
  }
  const pattern = new RegExp(argument, kind === "regexi" ? "i" : "");
  return (actual) => typeof actual === "string" && pattern.test(actual);
}

/** True for a string that is a matcher (`{{any}}`, `{{regex:…}}`, …) rather than a variable. */
export function isMatcherToken(text: string): boolean {
  return matcherOf(text) !== undefined || text === CONTAINS || text === UNORDERED;
}

function show(value: unknown): string {
  if (value === undefined) return "(absent)";
  const text = JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

function arrayMatcher(expected: Json): { kind: "contains" | "unordered"; items: readonly Json[] } | undefined {
  if (!isPlainObject(expected) || Object.keys(expected).length !== 1) return undefined;
  const [key] = Object.keys(expected);
  const items = (expected as Record<string, Json>)[key as string];
  if (!Array.isArray(items)) return undefined;
  if (key === CONTAINS) return { kind: "contains", items };
  if (key === UNORDERED) return { kind: "unordered", items };
  return undefined;
}

function matchArrayBy(kind: "contains" | "unordered", items: readonly Json[], actual: unknown, path: string): string[] {
  if (!Array.isArray(actual)) return [`${path}: expected an array, got ${show(actual)}`];
  if (kind === "unordered" && actual.length !== items.length) {
    return [`${path}: expected ${items.length} elements in any order, got ${actual.length}: ${show(actual)}`];
  }
  const used = new Set<number>();
  const problems: string[] = [];
  for (const [index, item] of items.entries()) {
    const found = actual.findIndex((candidate, at) => !used.has(at) && match(item, candidate, path).length === 0);
    if (found === -1) problems.push(`${path}: no element matches ${show(item)} (expected item ${index + 1})`);
    else used.add(found);
  }
  return problems.length ? [...problems, `${path}: actual ${show(actual)}`] : [];
}

/**
 * Compares `actual` with `expected` and returns one line per difference (empty when it
 * matches). Objects match partially (keys not named are ignored); arrays match element-wise
 * and must have the same length; strings that are matcher tokens test instead of comparing.
 */
export function match(expected: Json, actual: unknown, path = "body"): string[] {
  if (typeof expected === "string") {
    const check = matcherOf(expected);
    if (check) return check(actual) ? [] : [`${path}: expected ${expected}, got ${show(actual)}`];
    return actual === expected ? [] : [`${path}: expected ${show(expected)}, got ${show(actual)}`];
  }
  const byMatcher = arrayMatcher(expected);
  if (byMatcher) return matchArrayBy(byMatcher.kind, byMatcher.items, actual, path);
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${path}: expected an array, got ${show(actual)}`];
    if (actual.length !== expected.length) {
      return [`${path}: expected ${expected.length} elements, got ${actual.length}: ${show(actual)}`];
    }
    return expected.flatMap((item, index) => match(item, actual[index], `${path}[${index}]`));
  }
  if (isPlainObject(expected)) {
    if (!isPlainObject(actual)) return [`${path}: expected an object, got ${show(actual)}`];
    return Object.entries(expected).flatMap(([key, item]) => match(item as Json, actual[key], `${path}.${key}`));
  }
  return Object.is(actual, expected) ? [] : [`${path}: expected ${show(expected)}, got ${show(actual)}`];
}
