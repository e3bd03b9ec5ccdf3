/** Query parameters of SCIM requests: names matched case-insensitively, as some clients vary their case. */
import { unwrap } from "../protocol/errors.ts";
import { LIST_QUERY_PARAMS, type ListQueryParams } from "../protocol/list-query.ts";
import { type Projection, parseAttributeList } from "../protocol/projection.ts";
import type { ResourceTypeName } from "../protocol/schema/schema-types.ts";

/** A query string as fastify parses it. */
export type RawQuery = Readonly<Record<string, string | readonly string[] | undefined>>;

/** The value of parameter `name`, whatever case the client wrote it in. */
export function queryParam(query: RawQuery, name: string): string | readonly string[] | undefined {
  if (query[name] !== undefined) return query[name];
  const lower = name.toLowerCase();
  const key = Object.keys(query).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : query[key];
}

/** The RFC 7644 §3.4.2 list parameters of a query string, and RFC 9865's `cursor`. */
export function listParams(query: RawQuery): ListQueryParams {
  return Object.fromEntries(LIST_QUERY_PARAMS.map((name) => [name, queryParam(query, name)]));
}

/** The `attributes`/`excludedAttributes` projection a query asks for (RFC 7644 §3.9); `invalidValue` when malformed. */
export function projectionOf(resourceType: ResourceTypeName, query: RawQuery): Projection {
  return {
    attributes: unwrap(parseAttributeList(resourceType, queryParam(query, "attributes"))),
    excludedAttributes: unwrap(parseAttributeList(resourceType, queryParam(query, "excludedAttributes"))),
  };
}

/** True when the client asked for a projection (a non-empty `attributes` or `excludedAttributes`). */
export function asksForProjection(query: RawQuery): boolean {
  return ["attributes", "excludedAttributes"].some((name) => {
    const value = queryParam(query, name);
    return value !== undefined && [value].flat().some((part) => part.trim() !== "");
  });
}
