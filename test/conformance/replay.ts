/** Replays a fixture's steps in order against a running Roster over real HTTP, and judges each response. */
import type { Fixture, FixtureStep, Json } from "./fixture.ts";
import { readPath } from "./json-path.ts";
import { match } from "./match.ts";
import { substitute, substituteText, type Vars } from "./template.ts";

/** A response as the harness saw it. */
export interface SeenResponse {
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** The parsed JSON body, the raw text when it is not JSON, undefined when empty. */
  readonly body: unknown;
}

/** The verdict on one step: no problems means the response is what the documentation requires. */
export interface StepOutcome {
  readonly step: FixtureStep;
  readonly problems: readonly string[];
  readonly response: SeenResponse | undefined;
}

function requestHeaders(step: FixtureStep, vars: Vars, token: string): Record<string, string> {
  const headers: Record<string, string | null> = {
    authorization: `Bearer ${token}`,
    accept: "application/scim+json",
    ...(step.request.body !== undefined ? { "content-type": "application/scim+json" } : {}),
  };
  for (const [name, value] of Object.entries(step.request.headers ?? {})) {
    headers[name.toLowerCase()] = value === null ? null : substituteText(value, vars);
  }
  return Object.fromEntries(Object.entries(headers).filter((entry): entry is [string, string] => entry[1] !== null));
}

async function send(step: FixtureStep, vars: Vars, baseUrl: string, token: string): Promise<SeenResponse> {
  const url = baseUrl + substituteText(step.request.path, vars);
  const method = step.request.method.toUpperCase();
  const body = step.request.body === undefined ? undefined : JSON.stringify(substitute(step.request.body, vars));
  const response = await fetch(url, {
    method,
    headers: requestHeaders(step, vars, token),
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  let parsed: unknown = text === "" ? undefined : text;
  try {
    if (text !== "") parsed = JSON.parse(text);
  } catch {
    // not JSON: judged as text
  }
  return { method, url, status: response.status, headers: Object.fromEntries(response.headers), body: parsed };
}

function judge(step: FixtureStep, response: SeenResponse, vars: Vars): string[] {
  const problems: string[] = [];
  const statuses = [step.expect.status].flat();
  if (!statuses.includes(response.status)) {
    problems.push(`status: expected ${statuses.join(" or ")}, got ${response.status}`);
  }
  for (const [name, expected] of Object.entries(step.expect.headers ?? {})) {
    const want = substituteText(expected, vars);
    problems.push(...match(want, response.headers[name.toLowerCase()], `header ${name}`));
  }
  if (step.expect.body !== undefined) problems.push(...match(substitute(step.expect.body, vars), response.body));
  return problems;
}

function capture(step: FixtureStep, response: SeenResponse, vars: Vars): string[] {
  const problems: string[] = [];
  for (const [name, path] of Object.entries(step.capture ?? {})) {
    const value = path.startsWith("header:")
      ? response.headers[path.slice("header:".length).toLowerCase()]
      : readPath(response.body, path);
    if (value === undefined) problems.push(`capture ${name}: nothing at ${path}`);
    else vars.set(name, value as Json);
  }
  return problems;
}

async function runStep(step: FixtureStep, vars: Vars, baseUrl: string, token: string): Promise<StepOutcome> {
  let response: SeenResponse | undefined;
  try {
    const times = step.repeat ?? 1;
    for (let i = 1; i <= times; i++) {
      vars.set("i", String(i));
      response = await send(step, vars, baseUrl, token);
      const problems = judge(step, response, vars);
      if (problems.length > 0) {
        const which = times > 1 ? [`(repetition ${i} of ${times})`] : [];
        return { step, problems: [...which, ...problems], response };
      }
    }
    return { step, problems: response ? capture(step, response, vars) : [], response };
  } catch (error) {
    return { step, problems: [`could not run: ${error instanceof Error ? error.message : String(error)}`], response };
  }
}

/**
 * Runs every step in order, including steps marked `knownFailure` (later steps depend on the
 * state they leave), with the built-in variables `baseUrl`, `tenantId`, `provider` and `token`.
 */
export async function replayFixture(
  fixture: Fixture,
  target: { readonly baseUrl: string; readonly tenantId: string; readonly token: string },
): Promise<StepOutcome[]> {
  const vars: Vars = new Map<string, Json>(Object.entries(fixture.variables ?? {}));
  vars.set("baseUrl", target.baseUrl);
  vars.set("tenantId", target.tenantId);
  vars.set("provider", fixture.provider);
  vars.set("token", target.token);
  const outcomes: StepOutcome[] = [];
  for (const step of fixture.steps) outcomes.push(await runStep(step, vars, target.baseUrl, target.token));
  return outcomes;
}

/** A one-paragraph account of a response, for failure messages and the known-failure report. */
export function describeResponse(response: SeenResponse | undefined): string {
  if (!response) return "no response";
  const body = response.body === undefined ? "(no body)" : JSON.stringify(response.body);
  const shown = body.length > 1500 ? `${body.slice(0, 1500)}…` : body;
  return `${response.method} ${response.url} → ${response.status} ${response.headers["content-type"] ?? ""} ${shown}`;
}
