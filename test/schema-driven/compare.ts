/**
 * Schema-aware comparison of what the checker wrote with what the server returns (RFC 7643 §2.2):
 *
 * - readOnly attributes are the server's: ignored;
 * - writeOnly attributes and `returned: never` ones must not come back at all;
 * - other attributes come back equal: strings exactly when `caseExact`, else ignoring case (RFC 7643
 *   §2.2: "the server MAY alter case" of a case-insensitive value); dateTimes as instants; numbers
 *   as numbers; multi-valued attributes as multisets (RFC 7643 §2.4: order is not significant);
 * - attributes the checker did not write may be added by the server (defaults, RFC 7644 §3.3),
 *   except those named in `absent`, which must be unassigned (absent, null or []).
 */
import { type AttributeDef, member, type ResourceModel, subAttribute } from "./discovery.ts";
import { isObject, type Json, type JsonObject } from "./scim-client.ts";

/**
 * Orders two strings lexicographically by Unicode code point (their UTF-8 bytes), as
 * Roster documents for `gt`/`lt` and `sortBy` (RFC 7644 §3.4.2.2 says "lexicographically" and
 * names no order; JavaScript's `<` would compare UTF-16 units instead).
 */
export function compareText(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

export function isUnassigned(value: Json | undefined): boolean {
  return (
    value === undefined ||
    value === null ||
    (Array.isArray(value) && value.length === 0) ||
    (isObject(value) && Object.values(value).every(isUnassigned))
  );
}

function sameSimple(def: AttributeDef, expected: Json, actual: Json | undefined): boolean {
  if (actual === undefined || actual === null) return false;
  switch (def.type) {
    case "string":
    case "reference":
      return (
        typeof actual === "string" &&
        typeof expected === "string" &&
        (def.caseExact ? actual === expected : actual.toLowerCase() === expected.toLowerCase())
      );
    case "dateTime":
      return typeof actual === "string" && Date.parse(actual) === Date.parse(String(expected));
    case "decimal":
    case "integer":
      return typeof actual === "number" && actual === expected;
    default:
      return actual === expected;
  }
}

/** Problems of one complex value, `exact`: writable sub-attributes the checker left out must be unassigned too. */
function complexProblems(
  def: AttributeDef,
  expected: JsonObject,
  actual: Json | undefined,
  path: string,
  exact: boolean,
): string[] {
  if (!isObject(actual)) return [`${path}: expected an object, got ${JSON.stringify(actual)}`];
  const problems: string[] = [];
  for (const sub of def.subAttributes) {
    const want = member(expected, sub.name);
    const got = member(actual, sub.name);
    const at = `${path}.${sub.name}`;
    if (sub.mutability === "writeOnly" || sub.returned === "never") {
      if (got !== undefined) problems.push(`${at}: returned although it is ${sub.mutability}/returned ${sub.returned}`);
      continue;
    }
    if (sub.mutability === "readOnly") continue;
    if (want === undefined || want === null) {
      if (exact && !isUnassigned(got)) problems.push(`${at}: expected unassigned, got ${JSON.stringify(got)}`);
      continue;
    }
    problems.push(...valueProblems(sub, want, got, at, exact));
  }
  return problems;
}

/** Problems of one attribute value; empty when `actual` matches `expected`. */
export function valueProblems(
  def: AttributeDef,
  expected: Json,
  actual: Json | undefined,
  path: string,
  exact = true,
): string[] {
  if (def.multiValued) {
    if (!Array.isArray(expected)) return [`${path}: the checker's expectation is not an array`];
    if (!Array.isArray(actual)) return [`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
    const single = { ...def, multiValued: false };
    if (actual.length !== expected.length) {
      return [`${path}: expected ${expected.length} values ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
    }
    // Multiset matching (small arrays): each expected element takes a distinct actual element.
    const taken = new Set<number>();
    const unmatched: Json[] = [];
    for (const want of expected) {
      const index = actual.findIndex(
        (got, i) => !taken.has(i) && valueProblems(single, want, got, path, exact).length === 0,
      );
      if (index < 0) unmatched.push(want);
      else taken.add(index);
    }
    return unmatched.length === 0
      ? []
      : [`${path}: no returned value matches ${JSON.stringify(unmatched)}; returned ${JSON.stringify(actual)}`];
  }
  if (def.type === "complex") {
    if (!isObject(expected)) return [`${path}: the checker's expectation is not an object`];
    return complexProblems(def, expected, actual, path, exact);
  }
  return sameSimple(def, expected, actual)
    ? []
    : [`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
}

export interface CompareOptions {
  /** Attribute paths (`title`, `name.givenName`, `urn:…:User:department`) that must be unassigned. */
  readonly absent?: readonly string[];
  /** Within complex values, writable sub-attributes the checker left out must be unassigned. */
  readonly exactComplex?: boolean;
}

/**
 * Compares a resource the checker wrote (or the state it expects after a modification) with the
 * server's representation. Returns the problems, empty when they agree.
 */
export function resourceProblems(
  model: ResourceModel,
  expected: JsonObject,
  actual: Json | undefined,
  options: CompareOptions = {},
): string[] {
  if (!isObject(actual)) return [`expected a resource, got ${JSON.stringify(actual)}`];
  const problems: string[] = [];
  for (const attribute of model.attributes) {
    const def = attribute.def;
    const container = attribute.extension ? member(expected, attribute.schema) : expected;
    const actualContainer = attribute.extension ? member(actual, attribute.schema) : actual;
    const want = isObject(container) ? member(container, def.name) : undefined;
    const got = isObject(actualContainer) ? member(actualContainer, def.name) : undefined;
    if (def.returned === "never" || def.mutability === "writeOnly") {
      if (got !== undefined) problems.push(`${attribute.path}: returned although it is returned "${def.returned}"`);
      continue;
    }
    if (def.mutability === "readOnly" || want === undefined || want === null) continue;
    problems.push(...valueProblems(def, want, got, attribute.path, options.exactComplex ?? true));
  }
  for (const path of options.absent ?? []) {
    const got = readPath(model, actual, path);
    if (!isUnassigned(got)) problems.push(`${path}: expected unassigned, got ${JSON.stringify(got)}`);
  }
  const schemas = member(actual, "schemas");
  if (
    !Array.isArray(schemas) ||
    !schemas.some((s) => typeof s === "string" && s.toLowerCase() === model.core.id.toLowerCase())
  ) {
    problems.push(`schemas: ${JSON.stringify(schemas)} does not list ${model.core.id}`);
  }
  for (const extension of model.extensions) {
    const value = member(actual, extension.id);
    const listed =
      Array.isArray(schemas) &&
      schemas.some((s) => typeof s === "string" && s.toLowerCase() === extension.id.toLowerCase());
    if (!isUnassigned(value) && !listed)
      problems.push(`schemas does not list ${extension.id}, whose attributes are present`);
  }
  return problems;
}

/**
 * Reads `attr`, `attr.sub`, `urn:…:attr[.sub]` from a resource (multi-valued: the array, or the
 * array of sub-attribute values).
 */
export function readPath(model: ResourceModel, resource: JsonObject, path: string): Json | undefined {
  const { attribute, sub } = resolvePath(model, path);
  if (!attribute) return undefined;
  const container = attribute.extension ? member(resource, attribute.schema) : resource;
  if (!isObject(container)) return undefined;
  const value = member(container, attribute.def.name);
  if (sub === undefined) return value;
  if (Array.isArray(value)) {
    const values = value.flatMap((v) => (isObject(v) && member(v, sub) !== undefined ? [member(v, sub) as Json] : []));
    return values.length === 0 ? undefined : values;
  }
  return isObject(value) ? member(value, sub) : undefined;
}

export function resolvePath(model: ResourceModel, path: string) {
  const lower = path.toLowerCase();
  for (const attribute of model.attributes) {
    const name = attribute.path.toLowerCase();
    if (lower === name) return { attribute, sub: undefined };
    if (lower.startsWith(`${name}.`)) {
      const sub = path.slice(name.length + 1);
      if (subAttribute(attribute.def, sub)) return { attribute, sub };
    }
  }
  return { attribute: undefined, sub: undefined };
}
