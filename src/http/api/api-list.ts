/** Cursor-paged lists of the management API (SPEC §9): `{ Items, Next }`, `limit` (default 100, max 1,000) and `cursor`. */
import type { ResourceKey, SeekPage } from "../../domain/ports.ts";
import { decodeListCursor, encodeListCursor } from "./api-cursor.ts";

/** The page size of a list without `limit`. */
export const DEFAULT_LIMIT = 100;

/** The `limit` and `cursor` of a list request (already checked by the route's schema). */
export interface PageParams {
  readonly limit?: number | undefined;
  readonly cursor?: string | undefined;
}

/** A list answer. */
export interface ListJson<T> {
  readonly Items: T[];
  readonly Next: string | null;
}

/** The page size and the key a request resumes after, for a list of `scope` in (createdAt, Id) order. */
export function keysetRequest(params: PageParams, scope: string): { limit: number; after: ResourceKey | undefined } {
  const key = params.cursor === undefined ? undefined : decodeListCursor(params.cursor, scope, 2);
  return { limit: params.limit ?? DEFAULT_LIMIT, after: key ? { createdAt: key[0]!, id: key[1]! } : undefined };
}

/** The answer of a page: its items as JSON, and the cursor after its last item when more follow. */
export function listJson<T, J>(
  page: SeekPage<T>,
  scope: string,
  keyOf: (item: T) => readonly string[],
  toJson: (item: T) => J,
): ListJson<J> {
  const last = page.items.at(-1);
  return {
    Items: page.items.map(toJson),
    Next: page.more && last !== undefined ? encodeListCursor(scope, keyOf(last)) : null,
  };
}
