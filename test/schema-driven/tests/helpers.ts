/** Helpers the test groups share: creating resources, and the shapes RFC 7644 gives responses. */
import type { CheckerContext } from "../checker.ts";
import type { ResourceModel } from "../discovery.ts";
import type { ValueGenerator } from "../generator.ts";
import {
  describeExchange,
  ERROR_SCHEMA,
  isObject,
  type Json,
  type JsonObject,
  LIST_RESPONSE,
  type ScimResponse,
} from "../scim-client.ts";

export interface Created {
  /** What the checker sent. */
  readonly sent: JsonObject;
  /** The 201 response. */
  readonly response: ScimResponse;
  readonly body: JsonObject;
  readonly id: string;
  readonly location: string;
}

export function modelOf(context: CheckerContext, resourceType: string): ResourceModel {
  return context.target().discovery.model(resourceType);
}

/** POSTs a resource (a generated one unless given) and requires 201; throws with the exchange otherwise. */
export async function createResource(
  context: CheckerContext,
  model: ResourceModel,
  gen: ValueGenerator,
  body: JsonObject = gen.resource(model),
): Promise<Created> {
  const response = await context.client().post(model.type.endpoint, body);
  if (response.status !== 201 || !isObject(response.body)) {
    throw new Error(`create failed (expected 201)\n${describeExchange(response)}`);
  }
  const id = response.body["id"];
  const meta = response.body["meta"];
  const location = isObject(meta) ? meta["location"] : undefined;
  if (typeof id !== "string" || typeof location !== "string") {
    throw new Error(`the created resource has no id or meta.location\n${describeExchange(response)}`);
  }
  return { sent: body, response, body: response.body, id, location };
}

/** The path of a resource by id, percent-encoded (RFC 3986). */
export function resourcePath(model: ResourceModel, id: string): string {
  return `${model.type.endpoint}/${encodeURIComponent(id)}`;
}

/** A filter literal (RFC 7644 §3.4.2.2: compValue is JSON: strings quoted and escaped). */
export function literal(value: Json): string {
  return JSON.stringify(value);
}

export function idFilter(ids: readonly string[]): string {
  return ids.map((id) => `id eq ${literal(id)}`).join(" or ");
}

/** Problems of an error response against RFC 7644 §3.12. */
export function errorProblems(
  response: ScimResponse,
  status: number | readonly number[],
  scimTypes?: readonly string[],
): string[] {
  const statuses = [status].flat();
  const problems: string[] = [];
  if (!statuses.includes(response.status))
    problems.push(`status: expected ${statuses.join(" or ")}, got ${response.status}`);
  const contentType = response.headers.get("content-type") ?? "";
  if (!/^application\/(scim\+)?json/i.test(contentType)) problems.push(`content-type: ${contentType}`);
  const body = response.body;
  if (!isObject(body)) return [...problems, "the body is not a JSON object"];
  const schemas = body["schemas"];
  if (!Array.isArray(schemas) || !schemas.includes(ERROR_SCHEMA)) problems.push(`schemas: ${JSON.stringify(schemas)}`);
  // RFC 7644 §3.12: "status": the HTTP status code as a string (every example has "400").
  if (body["status"] !== String(response.status)) problems.push(`status member: ${JSON.stringify(body["status"])}`);
  const scimType = body["scimType"];
  if (scimTypes !== undefined && !scimTypes.includes(String(scimType))) {
    problems.push(`scimType: expected ${scimTypes.join(" or ")}, got ${JSON.stringify(scimType)}`);
  }
  if (body["detail"] !== undefined && typeof body["detail"] !== "string") problems.push("detail is not a string");
  return problems;
}

/** Problems of a ListResponse (RFC 7644 §3.4.2). */
export function listProblems(response: ScimResponse): string[] {
  const problems: string[] = [];
  if (response.status !== 200) return [`status ${response.status}`];
  const body = response.body;
  if (!isObject(body)) return ["the body is not an object"];
  if (!Array.isArray(body["schemas"]) || !body["schemas"].includes(LIST_RESPONSE)) problems.push("schemas");
  if (typeof body["totalResults"] !== "number") problems.push("totalResults is REQUIRED");
  const resources = body["Resources"];
  if (resources !== undefined && !Array.isArray(resources)) problems.push("Resources is not an array");
  const total = body["totalResults"];
  if (typeof total === "number" && total > 0 && body["itemsPerPage"] !== undefined) {
    const count = Array.isArray(resources) ? resources.length : 0;
    if (body["itemsPerPage"] !== count) problems.push(`itemsPerPage ${body["itemsPerPage"]} ≠ ${count} Resources`);
  }
  return problems;
}

export function listed(response: ScimResponse): JsonObject[] {
  const body = response.body;
  if (!isObject(body) || !Array.isArray(body["Resources"])) return [];
  return body["Resources"].filter(isObject);
}

export function totalResults(response: ScimResponse): number | undefined {
  const body = response.body;
  return isObject(body) && typeof body["totalResults"] === "number" ? body["totalResults"] : undefined;
}
