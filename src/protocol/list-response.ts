/** The ListResponse message of RFC 7644 §3.4.2, paged by index or by cursor (RFC 9865). */
import type { CursorCodec, CursorPosition } from "./cursor.ts";
import type { Paging } from "./list-query.ts";
import { type ScimObject, URN } from "./resource/scim-object.ts";

/**
 * An RFC 7644 §3.4.2 ListResponse: `totalResults` (all matches), `startIndex` (1-based, as
 * requested), `itemsPerPage` (the resources on this page) and `Resources`, always present,
 * empty when nothing matched.
 */
export function listResponse(totalResults: number, startIndex: number, resources: readonly ScimObject[]): ScimObject {
  return {
    schemas: [URN.listResponse],
    totalResults,
    startIndex,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}

/** One page of a list as the domain read it: where the neighbouring pages start, for cursor paging. */
export interface PageInfo {
  readonly totalResults: number;
  readonly startIndex: number;
  /** The next page; absent on the last one (RFC 9865 §2). */
  readonly next?: CursorPosition | undefined;
  /** The previous page; absent on the first one. */
  readonly previous?: CursorPosition | undefined;
}

/**
 * The ListResponse of a page in the pagination the request asked for: index paging as
 * `listResponse`; cursor paging (RFC 9865 §2) without `startIndex`, with `nextCursor` unless this
 * is the last page and `previousCursor` unless it is the first, signed by `cursors` and issued
 * at `nowMs`.
 */
export function pagedListResponse(
  page: PageInfo,
  paging: Paging,
  resources: readonly ScimObject[],
  cursors: CursorCodec,
  nowMs: number = Date.now(),
): ScimObject {
  if (paging.cursor === undefined) return listResponse(page.totalResults, page.startIndex, resources);
  const { scope } = paging.cursor;
  return {
    schemas: [URN.listResponse],
    totalResults: page.totalResults,
    itemsPerPage: resources.length,
    ...(page.next ? { nextCursor: cursors.encode(page.next, scope, nowMs) } : {}),
    ...(page.previous ? { previousCursor: cursors.encode(page.previous, scope, nowMs) } : {}),
    Resources: resources,
  };
}
