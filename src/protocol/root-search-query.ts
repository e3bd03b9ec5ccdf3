/**
 * A query against the service provider root (`POST /.search`, RFC 7644 §3.4.2.1, §3.4.3): one
 * set of parameters, resolved once per resource type.
 */
import { fail, ok, type Result, type RosterError } from "./errors.ts";
import { DEFAULT_FILTER_LIMITS, type Filter } from "./filter/filter-ast.ts";
import { parseFilter } from "./filter/parse-filter.ts";
import { resolveFilter } from "./filter/resolve-filter.ts";
import type { ResolvedFilter } from "./filter/resolved-filter.ts";
import {
  filterText,
  type ListQuery,
  type ListQueryOptions,
  type ListQueryParams,
  type Paging,
  parseNames,
  parsePaging,
  parseSortBy,
  parseSortOrder,
} from "./list-query.ts";
import { resolveAttribute } from "./schema/resolve-attribute.ts";
import type { ResourceTypeName } from "./schema/schema-types.ts";

/** The resource types a root query covers, in the order their resources are listed. */
export const ROOT_RESOURCE_TYPES: readonly ResourceTypeName[] = Object.freeze(["User", "Group"]);

/** The part of a root query that applies to one resource type. */
export type TypeQuery = Omit<ListQuery, keyof Paging>;

/** A root query: shared paging, and per resource type its query, or undefined when the filter excludes the type. */
export interface RootSearchQuery extends Paging {
  readonly parts: ReadonlyMap<ResourceTypeName, TypeQuery | undefined>;
}

/**
 * Parses the parameters of a root search. The filter is resolved per resource type; RFC 7644
 * §3.4.2.1: an attribute "not part of a particular resource type" is treated as having no value
 * there (`userName eq "x"` matches no Group, `not (userName pr)` every Group); an attribute no
 * type knows is `invalidFilter`. `sortBy` sorts within each type that has the attribute
 * (`invalidValue` when none has); `attributes` and `excludedAttributes` apply per type, names a
 * type does not know being ignored as usual. Paging (index or cursor) covers the types listed in
 * ROOT_RESOURCE_TYPES order; a root cursor is always an offset.
 */
export function parseRootSearchQuery(params: ListQueryParams, options: ListQueryOptions): Result<RootSearchQuery> {
  const text = filterText(params.filter);
  if (params.filter !== undefined && params.filter !== null && typeof params.filter !== "string") {
    return fail("invalidFilter", "filter must be a string");
  }
  const parsed = text === undefined ? undefined : parseFilter(text, options.filterLimits ?? DEFAULT_FILTER_LIMITS);
  if (parsed !== undefined && !parsed.ok) return parsed;
  const sortOrder = parseSortOrder(params.sortOrder);
  if (!sortOrder.ok) return sortOrder;
  const sortText = typeof params.sortBy === "string" ? params.sortBy.trim() : undefined;
  const paging = parsePaging(params, options, ["root", text, sortText, sortOrder.value]);
  if (!paging.ok) return paging;
  const kind = paging.value.cursor?.position.kind;
  if (kind === "after" || kind === "before") return fail("invalidCursor", "this cursor belongs to another query");

  const parts = new Map<ResourceTypeName, TypeQuery | undefined>();
  const sortErrors: RosterError[] = [];
  for (const resourceType of ROOT_RESOURCE_TYPES) {
    const filter = parsed === undefined ? ok<TypeFilter>(true) : resolveForType(resourceType, parsed.value);
    if (!filter.ok) return filter;
    const sortBy = parseSortBy(resourceType, params.sortBy);
    if (!sortBy.ok) sortErrors.push(sortBy.error);
    const attributes = parseNames(resourceType, "attributes", params.attributes);
    if (!attributes.ok) return attributes;
    const excludedAttributes = parseNames(resourceType, "excludedAttributes", params.excludedAttributes);
    if (!excludedAttributes.ok) return excludedAttributes;
    if (filter.value === false) {
      parts.set(resourceType, undefined);
      continue;
    }
    parts.set(resourceType, {
      filter: filter.value === true ? undefined : filter.value,
      sortBy: sortBy.ok ? sortBy.value : undefined,
      sortOrder: sortOrder.value,
      attributes: attributes.value,
      excludedAttributes: excludedAttributes.value,
    });
  }
  const [sortError] = sortErrors;
  if (sortError !== undefined && sortErrors.length === ROOT_RESOURCE_TYPES.length)
    return { ok: false, error: sortError };
  return ok(Object.freeze({ ...paging.value, parts }));
}

/** `filter` for one type: true matches every resource of it, false none. */
type TypeFilter = ResolvedFilter | boolean;

function resolveForType(resourceType: ResourceTypeName, filter: Filter): Result<TypeFilter> {
  switch (filter.kind) {
    case "and":
    case "or": {
      const left = resolveForType(resourceType, filter.left);
      if (!left.ok) return left;
      const right = resolveForType(resourceType, filter.right);
      if (!right.ok) return right;
      return ok(combine(filter.kind, left.value, right.value));
    }
    case "not": {
      const inner = resolveForType(resourceType, filter.filter);
      if (!inner.ok) return inner;
      return ok(typeof inner.value === "boolean" ? !inner.value : { kind: "not", filter: inner.value });
    }
    case "present":
    case "compare":
    case "valuePath": {
      if (resolveAttribute(resourceType, filter.path) !== undefined) return resolveFilter(resourceType, filter);
      const elsewhere = ROOT_RESOURCE_TYPES.some((type) => resolveAttribute(type, filter.path) !== undefined);
      return elsewhere ? ok(withoutValue(filter)) : resolveFilter(resourceType, filter);
    }
  }
}

/** What a leaf on an attribute the resource does not have evaluates to (see evaluateFilter). */
function withoutValue(leaf: Filter): boolean {
  if (leaf.kind !== "compare") return false;
  return leaf.value === null ? leaf.op === "eq" : leaf.op === "ne";
}

function combine(kind: "and" | "or", left: TypeFilter, right: TypeFilter): TypeFilter {
  const absorbing = kind === "or";
  if (left === absorbing || right === absorbing) return absorbing;
  if (typeof left === "boolean") return right;
  if (typeof right === "boolean") return left;
  return { kind, left, right };
}
