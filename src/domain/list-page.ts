/** One page of a list, paged by index (RFC 7644 §3.4.2.4) or by cursor (RFC 9865). */
import type { CursorPosition } from "../protocol/cursor.ts";
import { RosterError } from "../protocol/errors.ts";
import type { ListQuery, Page, ResourceKey, SeekPage, SeekQuery } from "./ports.ts";
import type { ScimListRequest } from "./scim-operations.ts";

/** The list and keyset reads of one resource type in one tenant. */
export interface PageSource<T> {
  list(query: ListQuery): Promise<Page<T>>;
  seek(query: SeekQuery): Promise<SeekPage<T>>;
}

/** A page of records, with the positions of its neighbours when the request paged by cursor. */
export interface RecordPage<T> {
  readonly total: number;
  readonly startIndex: number;
  readonly items: readonly T[];
  readonly next?: CursorPosition | undefined;
  readonly previous?: CursorPosition | undefined;
}

/**
 * Reads the page `request` asks for through `provider`'s view. Index paging reads by offset.
 * Cursor paging of an unsorted list reads by key over (createdAt, Id), so a page costs its own
 * rows and no resource is skipped or repeated when others are created or deleted meanwhile;
 * a sorted list has no such stable key, so its cursors carry an offset. `total` always counts
 * every match (RFC 9865 §2: totalResults SHOULD stay accurate).
 */
export async function readPage<T extends ResourceKey>(
  source: PageSource<T>,
  request: ScimListRequest,
  provider: string,
): Promise<RecordPage<T>> {
  const base = { filter: request.filter, provider, sortBy: request.sortBy, sortOrder: request.sortOrder };
  const position = request.cursor?.position;
  if (position === undefined) {
    const page = await source.list({ ...base, offset: request.startIndex - 1, limit: request.count });
    return { total: page.total, startIndex: request.startIndex, items: page.items };
  }
  if (position.kind === "offset" || (position.kind === "start" && request.sortBy !== undefined)) {
    const offset = position.kind === "offset" ? position.offset : 0;
    const page = await source.list({ ...base, offset, limit: request.count });
    const end = offset + page.items.length;
    return {
      total: page.total,
      startIndex: offset + 1,
      items: page.items,
      next: end < page.total && page.items.length > 0 ? { kind: "offset", offset: end } : undefined,
      previous: offset > 0 ? { kind: "offset", offset: Math.max(0, offset - request.count) } : undefined,
    };
  }
  if (request.sortBy !== undefined) throw new RosterError("invalidCursor", "this cursor belongs to another query");
  const { total } = await source.list({ ...base, offset: 0, limit: 0 });
  const page = await source.seek({
    filter: request.filter,
    provider,
    after: position.kind === "after" ? position.key : undefined,
    before: position.kind === "before" ? position.key : undefined,
    limit: request.count,
  });
  const first = page.items[0];
  const last = page.items.at(-1);
  const after = (item: T): CursorPosition => ({ kind: "after", key: { createdAt: item.createdAt, id: item.id } });
  const before = (item: T): CursorPosition => ({ kind: "before", key: { createdAt: item.createdAt, id: item.id } });
  if (position.kind === "before") {
    return {
      total,
      startIndex: 1,
      items: page.items,
      next: last === undefined ? { kind: "start" } : after(last),
      previous: page.more && first !== undefined ? before(first) : undefined,
    };
  }
  return {
    total,
    startIndex: 1,
    items: page.items,
    next: page.more && last !== undefined ? after(last) : undefined,
    previous: position.kind === "after" && first !== undefined ? before(first) : undefined,
  };
}
