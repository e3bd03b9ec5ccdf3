/** What the SCIM HTTP edge asks of the domain: typed requests in, SCIM resources out. */
import type { ResolvedFilter } from "../protocol/filter/resolved-filter.ts";
import type { PatchOperation } from "../protocol/patch/patch-operation.ts";
import type { ScimObject } from "../protocol/resource/scim-object.ts";
import type { ResolvedAttribute } from "../protocol/schema/schema-types.ts";

/** Who is asking: the authenticated tenant, the provider segment of the URL, and the base URL for `meta.location`. */
export interface ScimContext {
  readonly tenantId: string;
  readonly provider: string;
  /** e.g. `https://roster.example.com/scim/v2/acme/EntraID`, without a trailing slash. */
  readonly baseUrl: string;
}

/** A list request after parsing (1-based `startIndex`, `count` already capped to the advertised maximum). */
export interface ScimListRequest {
  readonly filter: ResolvedFilter | undefined;
  readonly sortBy: ResolvedAttribute | undefined;
  readonly sortOrder: "ascending" | "descending";
  readonly startIndex: number;
  readonly count: number;
}

/** One page of resources, before projection. */
export interface ScimList {
  readonly totalResults: number;
  readonly startIndex: number;
  readonly resources: readonly ScimObject[];
}

/** Whether a group's `members` must be read (false when `excludedAttributes=members` or `attributes` omits them). */
export interface GroupReadOptions {
  readonly includeMembers: boolean;
}

/**
 * The SCIM operations of SPEC §4–§8. Resources come in canonicalized by the protocol layer
 * and go out as full SCIM resources (with `schemas`, `id`, `meta` including `location`);
 * the edge applies `attributes`/`excludedAttributes`. Failures throw RosterError.
 */
export interface ScimOperations {
  createUser(ctx: ScimContext, resource: ScimObject): Promise<ScimObject>;
  getUser(ctx: ScimContext, id: string): Promise<ScimObject>;
  listUsers(ctx: ScimContext, request: ScimListRequest): Promise<ScimList>;
  replaceUser(ctx: ScimContext, id: string, resource: ScimObject): Promise<ScimObject>;
  patchUser(ctx: ScimContext, id: string, operations: readonly PatchOperation[]): Promise<ScimObject>;
  deleteUser(ctx: ScimContext, id: string): Promise<void>;

  createGroup(ctx: ScimContext, resource: ScimObject, options: GroupReadOptions): Promise<ScimObject>;
  getGroup(ctx: ScimContext, id: string, options: GroupReadOptions): Promise<ScimObject>;
  listGroups(ctx: ScimContext, request: ScimListRequest, options: GroupReadOptions): Promise<ScimList>;
  replaceGroup(ctx: ScimContext, id: string, resource: ScimObject, options: GroupReadOptions): Promise<ScimObject>;
  /** Applies the operations atomically; returns the resource only when `returnResource` is set. */
  patchGroup(
    ctx: ScimContext,
    id: string,
    operations: readonly PatchOperation[],
    options: GroupReadOptions & { readonly returnResource: boolean },
  ): Promise<ScimObject | undefined>;
  deleteGroup(ctx: ScimContext, id: string): Promise<void>;
}
