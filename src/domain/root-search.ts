/** A search of the service provider root (RFC 7644 §3.4.2.1, §3.4.3): Users and Groups as one list. */
import type { CursorPosition } from "../protocol/cursor.ts";
import type { GroupReadOptions, ScimContext, ScimList, ScimListRequest, ScimOperations } from "./scim-operations.ts";

/** What a root search asks of one resource type; undefined when its filter excludes the type. */
export type RootSearchPart = Omit<ScimListRequest, "startIndex" | "count" | "cursor">;

/** A root search: a part per resource type, and the paging of the whole list. */
export interface RootSearchRequest {
  readonly users: RootSearchPart | undefined;
  readonly groups: RootSearchPart | undefined;
  readonly groupOptions: GroupReadOptions;
  /** 1-based, over the whole list. */
  readonly startIndex: number;
  readonly count: number;
  /** RFC 9865 paging; a root cursor is an offset into the whole list. */
  readonly cursor?: { readonly position: CursorPosition } | undefined;
}

const NOTHING: ScimList = { totalResults: 0, startIndex: 1, resources: [] };

/**
 * Lists every User, then every Group (each type in its own order: sorted by `sortBy` where the
 * type has that attribute, else by creation), as one list that `startIndex`/`count` or an offset
 * cursor pages through. A page that crosses from Users to Groups reads both; each type costs
 * one count and one page query, never the whole tenant.
 */
export async function searchRoot(
  scim: ScimOperations,
  ctx: ScimContext,
  request: RootSearchRequest,
): Promise<ScimList> {
  const position = request.cursor?.position;
  const offset = position === undefined ? request.startIndex - 1 : position.kind === "offset" ? position.offset : 0;
  const page = (skip: number, count: number) => ({ startIndex: skip + 1, count, cursor: undefined });
  const users = request.users
    ? await scim.listUsers(ctx, { ...request.users, ...page(offset, request.count) })
    : NOTHING;
  const remaining = request.count - users.resources.length;
  const groupOffset = Math.max(0, offset - users.totalResults);
  const groups = request.groups
    ? await scim.listGroups(ctx, { ...request.groups, ...page(groupOffset, remaining) }, request.groupOptions)
    : NOTHING;
  const resources = [...users.resources, ...groups.resources];
  const totalResults = users.totalResults + groups.totalResults;
  const end = offset + resources.length;
  return {
    totalResults,
    startIndex: offset + 1,
    resources,
    ...(request.cursor === undefined
      ? {}
      : {
          next: end < totalResults && resources.length > 0 ? { kind: "offset", offset: end } : undefined,
          previous: offset > 0 ? { kind: "offset", offset: Math.max(0, offset - request.count) } : undefined,
        }),
  };
}
