/** The query parameters of a list or `/.search` request (RFC 7644 §3.4.2, §3.4.3, §3.9), parsed and resolved. */
import { type CursorCodec, type CursorPosition, cursorScope } from "./cursor.ts";
import { fail, ok, type Result } from "./errors.ts";
import { DEFAULT_FILTER_LIMITS, type FilterLimits } from "./filter/filter-ast.ts";
import { parseFilter } from "./filter/parse-filter.ts";
import { resolveFilter } from "./filter/resolve-filter.ts";
import type { ResolvedFilter } from "./filter/resolved-filter.ts";
import { parseAttributeList } from "./projection.ts";
import { parseAttributeName } from "./schema/parse-attribute-name.ts";
import { resolveAttribute, resolveSubAttribute } from "./schema/resolve-attribute.ts";
import type { ResolvedAttribute, ResourceTypeName } from "./schema/schema-types.ts";

/** The raw parameters: strings from a query string, or JSON values from a `/.search` body. */
export interface ListQueryParams {
  readonly filter?: unknown;
  readonly startIndex?: unknown;
  readonly count?: unknown;
  readonly sortBy?: unknown;
  readonly sortOrder?: unknown;
  readonly attributes?: unknown;
  readonly excludedAttributes?: unknown;
  /** RFC 9865 §2: present (even empty) to ask for cursor pagination. */
  readonly cursor?: unknown;
}

/** Every parameter of a list request, by name: what a query string or a SearchRequest body may carry. */
export const LIST_QUERY_PARAMS = Object.freeze([
  "filter",
  "startIndex",
  "count",
  "sortBy",
  "sortOrder",
  "attributes",
  "excludedAttributes",
  "cursor",
] as const satisfies readonly (keyof ListQueryParams)[]);

/** Server limits for list requests. */
export interface ListQueryOptions {
  /** The largest page Roster returns; the ServiceProviderConfig advertises it as `filter.maxResults`. */
  readonly maxResults: number;
  readonly filterLimits?: FilterLimits;
  /** Reads the RFC 9865 cursors this server signed (see `cursorCodec`). */
  readonly cursors: CursorCodec;
  /** The clock cursors are checked against, in milliseconds (default Date.now). */
  readonly now?: () => number;
}

/** RFC 9865 cursor pagination, as a request asks for it. */
export interface CursorRequest {
  /** Where the page starts. */
  readonly position: CursorPosition;
  /** The query the cursors belong to (see `cursorScope`); the cursors of the response carry it too. */
  readonly scope: string;
}

/** How a list is paged: by index (RFC 7644 §3.4.2.4), or by cursor (RFC 9865) when `cursor` is set. */
export interface Paging {
  /** 1-based (RFC 7644 §3.4.2.4); 1 with a cursor. */
  readonly startIndex: number;
  /** 0 ≤ count ≤ maxResults; at least 1 with a cursor. */
  readonly count: number;
  readonly cursor: CursorRequest | undefined;
}

/** A list request, parsed and resolved against the resource type's schemas. */
export interface ListQuery extends Paging {
  readonly filter: ResolvedFilter | undefined;
  readonly sortBy: ResolvedAttribute | undefined;
  readonly sortOrder: "ascending" | "descending";
  readonly attributes: readonly ResolvedAttribute[];
  readonly excludedAttributes: readonly ResolvedAttribute[];
}

/**
 * Parses the list parameters of RFC 7644 §3.4.2 for `resourceType`:
 * - `filter` (§3.4.2.2): parsed and resolved, errors passed through (`invalidFilter`); blank = none;
 * - `startIndex` (§3.4.2.4): default 1, values below 1 read as 1;
 * - `count` (§3.4.2.4): default and ceiling `maxResults` (a larger count is capped, as
 *   §3.4.2.4 allows and the ServiceProviderConfig advertises), values below 0 read as 0;
 *   non-integers for either → `invalidValue`;
 * - `sortBy` (§3.4.2.3): resolved like a filter path; a multi-valued complex attribute sorts by
 *   its `value`. Roster refuses (`invalidValue`) an unknown attribute, a complex one without
 *   `value`, and a never-returned one (`password`), rather than silently not sorting;
 * - `sortOrder`: `ascending` or `descending` in any case, default ascending; else `invalidValue`;
 * - `attributes`, `excludedAttributes` (§3.9): see `parseAttributeList`;
 * - `cursor` (RFC 9865): see `parsePaging`.
 */
export function parseListQuery(
  resourceType: ResourceTypeName,
  params: ListQueryParams,
  options: ListQueryOptions,
): Result<ListQuery> {
  const filter = parseListFilter(resourceType, params.filter, options.filterLimits ?? DEFAULT_FILTER_LIMITS);
  if (!filter.ok) return filter;
  const sortBy = parseSortBy(resourceType, params.sortBy);
  if (!sortBy.ok) return sortBy;
  const sortOrder = parseSortOrder(params.sortOrder);
  if (!sortOrder.ok) return sortOrder;
  const scope = [resourceType, filterText(params.filter), sortBy.value?.canonicalPath, sortOrder.value];
  const paging = parsePaging(params, options, scope);
  if (!paging.ok) return paging;
  const attributes = parseNames(resourceType, "attributes", params.attributes);
  if (!attributes.ok) return attributes;
  const excludedAttributes = parseNames(resourceType, "excludedAttributes", params.excludedAttributes);
  if (!excludedAttributes.ok) return excludedAttributes;
  return ok(
    Object.freeze({
      filter: filter.value,
      sortBy: sortBy.value,
      sortOrder: sortOrder.value,
      ...paging.value,
      attributes: attributes.value,
      excludedAttributes: excludedAttributes.value,
    }),
  );
}

/**
 * The paging parameters. Without `cursor`: `startIndex` and `count` as RFC 7644 §3.4.2.4 says
 * (see parseListQuery). With `cursor` (RFC 9865 §2; empty for the first page): the cursor must
 * be one Roster signed (`options.cursors`) for the same query, `scope` naming that query (see `cursorScope`);
 * `startIndex` cannot be combined with it (`invalidValue`); `count` must be positive
 * (`invalidCount`) and is capped to `maxResults` like an index page.
 */
export function parsePaging(
  params: ListQueryParams,
  options: ListQueryOptions,
  scope: readonly (string | undefined)[],
): Result<Paging> {
  const startIndex = parseInteger("startIndex", params.startIndex);
  if (!startIndex.ok) return startIndex;
  const count = parseInteger("count", params.count);
  if (!count.ok) return count;
  const capped = Math.min(Math.max(0, count.value ?? options.maxResults), options.maxResults);
  if (params.cursor === undefined || params.cursor === null) {
    return ok({ startIndex: Math.max(1, startIndex.value ?? 1), count: capped, cursor: undefined });
  }
  if (typeof params.cursor !== "string") return fail("invalidCursor", "cursor must be a string");
  if (startIndex.value !== undefined) {
    return fail("invalidValue", "startIndex and cursor cannot be combined: page by index or by cursor");
  }
  if (count.value !== undefined && count.value < 1) {
    return fail("invalidCount", `count must be between 1 and ${options.maxResults} with a cursor`);
  }
  const cursorScopeText = cursorScope(scope);
  const position = options.cursors.decode(params.cursor.trim(), cursorScopeText, (options.now ?? Date.now)());
  if (!position.ok) return position;
  return ok({ startIndex: 1, count: capped, cursor: { position: position.value, scope: cursorScopeText } });
}

/** The filter text a cursor is bound to: the parameter as sent, trimmed. */
export function filterText(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

function parseListFilter(
  resourceType: ResourceTypeName,
  value: unknown,
  limits: FilterLimits,
): Result<ResolvedFilter | undefined> {
  if (value === undefined || value === null || (typeof value === "string" && value.trim() === "")) {
    return ok(undefined);
  }
  if (typeof value !== "string") return fail("invalidFilter", "filter must be a string");
  const parsed = parseFilter(value, limits);
  return parsed.ok ? resolveFilter(resourceType, parsed.value) : parsed;
}

function parseInteger(name: string, value: unknown): Result<number | undefined> {
  if (value === undefined || value === null || value === "") return ok(undefined);
  const number = typeof value === "string" && /^\s*[+-]?\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof number !== "number" || !Number.isInteger(number)) {
    return fail("invalidValue", `${name} must be an integer`);
  }
  return ok(Math.min(Math.max(number, Number.MIN_SAFE_INTEGER), Number.MAX_SAFE_INTEGER));
}

/** RFC 7644 §3.4.2.3 `sortBy`, resolved against `resourceType` (see parseListQuery). */
export function parseSortBy(resourceType: ResourceTypeName, value: unknown): Result<ResolvedAttribute | undefined> {
  if (value === undefined || value === null || value === "") return ok(undefined);
  if (typeof value !== "string") return fail("invalidValue", "sortBy must be an attribute name");
  const path = parseAttributeName(value);
  const resolved = path.ok ? resolveAttribute(resourceType, path.value) : undefined;
  if (resolved === undefined) return fail("invalidValue", `sortBy names no attribute: "${value}"`);
  const def = resolved.subAttribute ?? resolved.attribute;
  const sortable = def.type === "complex" ? resolveSubAttribute(resolved, "value") : resolved;
  if (sortable === undefined || (sortable.subAttribute ?? sortable.attribute).type === "complex") {
    return fail("invalidValue", `sortBy cannot sort by complex attribute "${resolved.canonicalPath}"`);
  }
  if (sortable.attribute.returned === "never" || sortable.subAttribute?.returned === "never") {
    return fail("invalidValue", `sortBy cannot sort by "${resolved.canonicalPath}"`);
  }
  return ok(sortable);
}

/** RFC 7644 §3.4.2.3 `sortOrder` (see parseListQuery). */
export function parseSortOrder(value: unknown): Result<"ascending" | "descending"> {
  if (value === undefined || value === null || value === "") return ok("ascending");
  const order = typeof value === "string" ? value.trim().toLowerCase() : undefined;
  if (order === "ascending" || order === "descending") return ok(order);
  return fail("invalidValue", `sortOrder must be "ascending" or "descending"`);
}

/** `attributes` or `excludedAttributes` from a query string or a `/.search` body (see parseAttributeList). */
export function parseNames(
  resourceType: ResourceTypeName,
  name: string,
  value: unknown,
): Result<readonly ResolvedAttribute[]> {
  if (value === undefined || value === null) return parseAttributeList(resourceType, undefined);
  const valid = typeof value === "string" || (Array.isArray(value) && value.every((item) => typeof item === "string"));
  if (!valid) return fail("invalidValue", `${name} must be a list of attribute names`);
  return parseAttributeList(resourceType, value as string | readonly string[]);
}
