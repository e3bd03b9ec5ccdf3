/** The conformance fixture format (see README.md beside this file) and its parser. */

/** Any JSON value. */
export type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };

/** The identity providers whose public documentation the fixtures replay. */
export const PROVIDERS = ["EntraID", "Okta", "OneLogin"] as const;
export type Provider = (typeof PROVIDERS)[number];

/** One HTTP request, relative to the SCIM base URL of the fixture's tenant and provider. */
export interface FixtureRequest {
  readonly method: string;
  readonly path: string;
  /** Added to the defaults (Authorization, Content-Type); a null value removes a default. */
  readonly headers?: Readonly<Record<string, string | null>>;
  readonly body?: Json;
}

/** What the response must look like; every value may use the matchers of `match.ts`. */
export interface FixtureExpectation {
  /** One status, or the statuses the documentation allows. */
  readonly status: number | readonly number[];
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: Json;
}

/** One request of a provider's documented sequence, and what must come back. */
export interface FixtureStep {
  readonly name: string;
  /** Where the documentation shows this request or requires this answer (anchor, RFC section). */
  readonly see?: string;
  readonly request: FixtureRequest;
  readonly expect: FixtureExpectation;
  /** Variable name → path in the response (`Resources[0].id`, `header:location`). */
  readonly capture?: Readonly<Record<string, string>>;
  /** Sends the request this many times, with `{{i}}` = 1, 2, …; every response must match. */
  readonly repeat?: number;
  /** Roster does not yet do what the documentation requires: the step is reported and skipped. */
  readonly knownFailure?: string;
}

/** A provider's documented request sequence. */
export interface Fixture {
  readonly title: string;
  readonly source: string;
  readonly section: string;
  readonly provider: Provider;
  readonly variables?: Readonly<Record<string, string>>;
  readonly steps: readonly FixtureStep[];
}

type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isStringMap(value: unknown, allowNull = false): boolean {
  return isObject(value) && Object.values(value).every((v) => typeof v === "string" || (allowNull && v === null));
}

function stepError(step: unknown, index: number): string | undefined {
  if (!isObject(step)) return `step ${index + 1} is not an object`;
  const where = `step ${index + 1} (${String(step["name"])})`;
  if (typeof step["name"] !== "string" || step["name"] === "") return `step ${index + 1} has no name`;
  const request = step["request"];
  if (!isObject(request) || typeof request["method"] !== "string" || typeof request["path"] !== "string") {
    return `${where}: request needs a method and a path`;
  }
  if (request["headers"] !== undefined && !isStringMap(request["headers"], true)) {
    return `${where}: request.headers must map names to strings or null`;
  }
  const expect = step["expect"];
  if (!isObject(expect)) return `${where}: expect is missing`;
  const status = expect["status"];
  const statuses = Array.isArray(status) ? status : [status];
  if (statuses.length === 0 || !statuses.every((s) => Number.isInteger(s))) {
    return `${where}: expect.status must be an integer or a list of integers`;
  }
  if (expect["headers"] !== undefined && !isStringMap(expect["headers"])) {
    return `${where}: expect.headers must map names to strings`;
  }
  if (step["capture"] !== undefined && !isStringMap(step["capture"])) {
    return `${where}: capture must map variable names to paths`;
  }
  const repeat = step["repeat"];
  if (repeat !== undefined && !(Number.isInteger(repeat) && (repeat as number) >= 1)) {
    return `${where}: repeat must be a positive integer`;
  }
  if (step["knownFailure"] !== undefined && typeof step["knownFailure"] !== "string") {
    return `${where}: knownFailure must be a one-line reason`;
  }
  return undefined;
}

/** Checks the shape of a parsed fixture file; the error names the first thing wrong. */
export function parseFixture(value: unknown): Parsed<Fixture> {
  if (!isObject(value)) return { ok: false, error: "a fixture must be a JSON object" };
  for (const key of ["title", "source", "section"]) {
    if (typeof value[key] !== "string" || value[key] === "") return { ok: false, error: `"${key}" is missing` };
  }
  if (!PROVIDERS.includes(value["provider"] as Provider)) {
    return { ok: false, error: `"provider" must be one of ${PROVIDERS.join(", ")}` };
  }
  if (value["variables"] !== undefined && !isStringMap(value["variables"])) {
    return { ok: false, error: `"variables" must map names to strings` };
  }
  const steps = value["steps"];
  if (!Array.isArray(steps) || steps.length === 0) return { ok: false, error: `"steps" must be a non-empty list` };
  for (const [index, step] of steps.entries()) {
    const error = stepError(step, index);
    if (error !== undefined) return { ok: false, error };
  }
  return { ok: true, value: value as unknown as Fixture };
}
