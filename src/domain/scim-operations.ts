/** What the SCIM HTTP edge asks of the domain: typed requests in, SCIM resources out. */
import type { CursorPosition } from "../protocol/cursor.ts";
import type { EntityTagCondition } from "../protocol/entity-tag.ts";
import type { ResolvedFilter } from "../protocol/filter/resolved-filter.ts";
import type { PatchOperation } from "../protocol/patch/patch-operation.ts";
import type { ScimObject } from "../protocol/resource/scim-object.ts";
import type { ResolvedAttribute } from "../protocol/schema/schema-types.ts";
import type { RequestTrace } from "./request-trace.ts";

/** Who is asking: the authenticated tenant, the provider segment of the URL, and the base URL for `meta.location`. */
export interface ScimContext {
  readonly tenantId: string;
  readonly provider: string;
  /** e.g. `https://roster.example.com/scim/v2/acme/EntraID`, without a trailing slash. */
  readonly baseUrl: string;
  /** The request a write serves, for its provisioning log row (SPEC §11); absent outside HTTP. */
  readonly trace?: RequestTrace | undefined;
}

/** A list request after parsing (1-based `startIndex`, `count` already capped to the advertised maximum). */
export interface ScimListRequest {
  readonly filter: ResolvedFilter | undefined;
  readonly sortBy: ResolvedAttribute | undefined;
  readonly sortOrder: "ascending" | "descending";
  readonly startIndex: number;
  readonly count: number;
  /**
   * RFC 9865: where a cursor-paged request starts (`startIndex` is then ignored). Unsorted
   * lists page by key over (created, id); sorted ones by offset.
   */
  readonly cursor?: { readonly position: CursorPosition } | undefined;
}

/** One page of resources, before projection. */
export interface ScimList {
  readonly totalResults: number;
  readonly startIndex: number;
  readonly resources: readonly ScimObject[];
  /** For a cursor-paged request: where the next page starts, absent on the last page. */
  readonly next?: CursorPosition | undefined;
  /** For a cursor-paged request: where the previous page starts, absent on the first page. */
  readonly previous?: CursorPosition | undefined;
}

/**
 * The conditions of a write (RFC 7644 §3.14, RFC 7232 §3.1–§3.2), checked against the stored
 * version inside the write's transaction: `ifMatch` must match it, `ifNoneMatch` must not
 * (`*` matches any existing resource). A failed condition is RosterError `preconditionFailed`.
 */
export interface WritePrecondition {
  readonly ifMatch?: EntityTagCondition | undefined;
  readonly ifNoneMatch?: EntityTagCondition | undefined;
}

/** Whether a group's `members` must be read (false when `excludedAttributes=members` or `attributes` omits them). */
export interface GroupReadOptions {
  readonly includeMembers: boolean;
}

/**
 * The SCIM operations of SPEC §4–§8. Resources come in canonicalized by the protocol layer
 * and go out as full SCIM resources (with `schemas`, `id`, `meta` including `location`);
 * the edge applies `attributes`/`excludedAttributes`. Writes on an existing resource take an
 * optional WritePrecondition. Failures throw RosterError.
 */
export interface ScimOperations {
  createUser(ctx: ScimContext, resource: ScimObject): Promise<ScimObject>;
  getUser(ctx: ScimContext, id: string): Promise<ScimObject>;
  listUsers(ctx: ScimContext, request: ScimListRequest): Promise<ScimList>;
  replaceUser(
    ctx: ScimContext,
    id: string,
    resource: ScimObject,
    precondition?: WritePrecondition,
  ): Promise<ScimObject>;
  patchUser(
    ctx: ScimContext,
    id: string,
    operations: readonly PatchOperation[],
    precondition?: WritePrecondition,
  ): Promise<ScimObject>;
  deleteUser(ctx: ScimContext, id: string, precondition?: WritePrecondition): Promise<void>;

  createGroup(ctx: ScimContext, resource: ScimObject, options: GroupReadOptions): Promise<ScimObject>;
  getGroup(ctx: ScimContext, id: string, options: GroupReadOptions): Promise<ScimObject>;
  /**
   * Up to `limit` of a group's `members` values whose user Id comes after `afterUserId`, in the
   * order `getGroup` shows them, so that a group of any size can be written a page at a time.
   * No group (or no more members) answers an empty page.
   */
  groupMembers(
    ctx: ScimContext,
    id: string,
    afterUserId: string | undefined,
    limit: number,
  ): Promise<readonly ScimObject[]>;
  listGroups(ctx: ScimContext, request: ScimListRequest, options: GroupReadOptions): Promise<ScimList>;
  replaceGroup(
    ctx: ScimContext,
    id: string,
    resource: ScimObject,
    options: GroupReadOptions,
    precondition?: WritePrecondition,
  ): Promise<ScimObject>;
  /**
   * Applies the operations atomically and answers the group as written (members only when
   * `options` asks for them: the edge may answer 204 with just its ETag).
   */
  patchGroup(
    ctx: ScimContext,
    id: string,
    operations: readonly PatchOperation[],
    options: GroupReadOptions,
    precondition?: WritePrecondition,
  ): Promise<ScimObject>;
  deleteGroup(ctx: ScimContext, id: string, precondition?: WritePrecondition): Promise<void>;
}
