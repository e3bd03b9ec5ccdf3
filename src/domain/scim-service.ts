/** The SCIM operations (SPEC §4–§8) on the application's users and roles, one transaction each. */
import { RosterError } from "../protocol/errors.ts";
import type { PatchOperation } from "../protocol/patch/patch-operation.ts";
import type { ScimObject } from "../protocol/resource/scim-object.ts";
import { scimActor } from "./actor.ts";
import type { ChangeSet } from "./change-set.ts";
import { GroupWrites } from "./group-writes.ts";
import { readPage } from "./list-page.ts";
import { MembershipWrites } from "./membership-writes.ts";
import type { RoleRecord, UserRecord } from "./model.ts";
import { notFound } from "./not-found.ts";
import type { Repositories, Store } from "./ports.ts";
import { assertPrecondition, hasPrecondition } from "./precondition.ts";
import { committed, withChanges } from "./recorded-write.ts";
import type {
  GroupReadOptions,
  ScimContext,
  ScimList,
  ScimListRequest,
  ScimOperations,
  WritePrecondition,
} from "./scim-operations.ts";
import { etag, groupResource, memberValues, NO_ROLES, userResource } from "./scim-view.ts";
import { assertUserPrecondition, UserWrites } from "./user-writes.ts";
import { writeTransaction } from "./write-transaction.ts";

/** What the service needs besides the store. */
export interface ScimServiceOptions {
  readonly now?: () => Date;
}

/** Implements ScimOperations over a Store. */
export class ScimService implements ScimOperations {
  private readonly now: () => Date;

  constructor(
    private readonly store: Store,
    options: ScimServiceOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Runs a write in a transaction, again when another request changed the same resource
   * meanwhile; its events and provisioning log row commit with it (SPEC §11).
   */
  private async write<T>(
    ctx: ScimContext,
    fn: (tx: Repositories, now: string, changes: ChangeSet) => Promise<T>,
  ): Promise<T> {
    const scope = { tenantId: ctx.tenantId, actor: scimActor(ctx.provider), now: this.now, trace: ctx.trace };
    const result = await writeTransaction(this.store, (tx) => withChanges(tx, scope, fn));
    committed(scope);
    return result;
  }

  private async userView(tx: Repositories, ctx: ScimContext, id: string): Promise<ScimObject> {
    const user = await tx.users.get(ctx.tenantId, id);
    if (!user) throw notFound("User", id);
    return this.viewOf(tx, ctx, user);
  }

  /** The resource of a user already in hand: only its roles are read. */
  private async viewOf(tx: Repositories, ctx: ScimContext, user: UserRecord, deleted = false): Promise<ScimObject> {
    const roles = deleted ? undefined : (await tx.users.roles(ctx.tenantId, [user.id])).get(user.id);
    return userResource(user, ctx.provider, roles ?? NO_ROLES, ctx.baseUrl);
  }

  private async groupView(tx: Repositories, ctx: ScimContext, id: string, options: GroupReadOptions) {
    const role = await tx.roles.get(ctx.tenantId, id);
    if (!role) throw notFound("Group", id);
    return this.groupViewOf(tx, ctx, role, options);
  }

  /** The resource of a role already in hand: only its members are read, when asked for. */
  private async groupViewOf(tx: Repositories, ctx: ScimContext, role: RoleRecord, options: GroupReadOptions) {
    const members = options.includeMembers ? (await tx.roles.members(ctx.tenantId, [role.id])).get(role.id) : undefined;
    return groupResource(role, ctx.provider, members, ctx.baseUrl);
  }

  async createUser(ctx: ScimContext, resource: ScimObject): Promise<ScimObject> {
    return this.write(ctx, async (tx, now, changes) => {
      const user = await new UserWrites(tx, ctx, now, changes).create(resource);
      // Version 1 is a user this transaction inserted: it holds no role yet (its memberships
      // would reference it), so its groups are known without a read. An adopted user is read.
      if (user.version === 1) return userResource(user, ctx.provider, NO_ROLES, ctx.baseUrl);
      return this.viewOf(tx, ctx, user);
    });
  }

  getUser(ctx: ScimContext, id: string): Promise<ScimObject> {
    return this.userView(this.store, ctx, id);
  }

  async listUsers(ctx: ScimContext, request: ScimListRequest): Promise<ScimList> {
    const { users } = this.store;
    const source = { list: users.list.bind(users, ctx.tenantId), seek: users.seek.bind(users, ctx.tenantId) };
    const page = await readPage(source, request, ctx.provider);
    const roles = page.items.length
      ? await this.store.users.roles(
          ctx.tenantId,
          page.items.map((u) => u.id),
        )
      : new Map();
    return {
      totalResults: page.total,
      startIndex: page.startIndex,
      resources: page.items.map((user) =>
        userResource(user, ctx.provider, roles.get(user.id) ?? NO_ROLES, ctx.baseUrl),
      ),
      next: page.next,
      previous: page.previous,
    };
  }

  async replaceUser(
    ctx: ScimContext,
    id: string,
    resource: ScimObject,
    precondition?: WritePrecondition,
  ): Promise<ScimObject> {
    return this.write(ctx, async (tx, now, changes) => {
      const result = await new UserWrites(tx, ctx, now, changes).replace(id, resource, precondition);
      return this.viewOf(tx, ctx, result.user, result.deleted);
    });
  }

  async patchUser(
    ctx: ScimContext,
    id: string,
    operations: readonly PatchOperation[],
    precondition?: WritePrecondition,
  ): Promise<ScimObject> {
    return this.write(ctx, async (tx, now, changes) => {
      const result = await new UserWrites(tx, ctx, now, changes).patch(id, operations, precondition);
      return this.viewOf(tx, ctx, result.user, result.deleted);
    });
  }

  async deleteUser(ctx: ScimContext, id: string, precondition?: WritePrecondition): Promise<void> {
    await this.write(ctx, async (tx, now, changes) => {
      const existing = await tx.users.get(ctx.tenantId, id, { forUpdate: true });
      if (!existing) throw notFound("User", id);
      let version: number | undefined;
      if (hasPrecondition(precondition)) {
        await assertUserPrecondition(tx, ctx.tenantId, existing, precondition);
        version = existing.version;
      }
      await changes.watchUsers([id]);
      // The groups it was a member of list it no more.
      await new MembershipWrites(tx, ctx.tenantId, now, changes).memberChanged(id);
      if (!(await tx.users.delete(ctx.tenantId, id, version))) throw deleteMissed("User", id, version);
      changes.userDeleted(existing);
      changes.logWrite({ outcome: "deleted", resourceType: "User", resourceId: id, changes: [] });
    });
  }

  async createGroup(ctx: ScimContext, resource: ScimObject, options: GroupReadOptions): Promise<ScimObject> {
    return this.write(ctx, async (tx, now, changes) => {
      const role = await new GroupWrites(tx, ctx, now, changes).create(resource);
      return this.groupViewOf(tx, ctx, role, options);
    });
  }

  getGroup(ctx: ScimContext, id: string, options: GroupReadOptions): Promise<ScimObject> {
    return this.groupView(this.store, ctx, id, options);
  }

  async groupMembers(
    ctx: ScimContext,
    id: string,
    afterUserId: string | undefined,
    limit: number,
  ): Promise<readonly ScimObject[]> {
    return memberValues(await this.store.roles.membersAfter(ctx.tenantId, id, afterUserId, limit), ctx.baseUrl);
  }

  async listGroups(ctx: ScimContext, request: ScimListRequest, options: GroupReadOptions): Promise<ScimList> {
    const { roles } = this.store;
    const source = { list: roles.list.bind(roles, ctx.tenantId), seek: roles.seek.bind(roles, ctx.tenantId) };
    const page = await readPage(source, request, ctx.provider);
    // The members of the whole page in one query (per batch of groups), as listUsers reads groups.
    const members =
      options.includeMembers && page.items.length
        ? await this.store.roles.members(
            ctx.tenantId,
            page.items.map((role) => role.id),
          )
        : undefined;
    return {
      totalResults: page.total,
      startIndex: page.startIndex,
      resources: page.items.map((role) =>
        groupResource(role, ctx.provider, members ? (members.get(role.id) ?? []) : undefined, ctx.baseUrl),
      ),
      next: page.next,
      previous: page.previous,
    };
  }

  async replaceGroup(
    ctx: ScimContext,
    id: string,
    resource: ScimObject,
    options: GroupReadOptions,
    precondition?: WritePrecondition,
  ) {
    return this.write(ctx, async (tx, now, changes) => {
      const role = await new GroupWrites(tx, ctx, now, changes).replace(id, resource, precondition);
      return this.groupViewOf(tx, ctx, role, options);
    });
  }

  async patchGroup(
    ctx: ScimContext,
    id: string,
    operations: readonly PatchOperation[],
    options: GroupReadOptions,
    precondition?: WritePrecondition,
  ): Promise<ScimObject> {
    return this.write(ctx, async (tx, now, changes) => {
      const role = await new GroupWrites(tx, ctx, now, changes).patch(id, operations, precondition);
      return this.groupViewOf(tx, ctx, role, options);
    });
  }

  async deleteGroup(ctx: ScimContext, id: string, precondition?: WritePrecondition): Promise<void> {
    await this.write(ctx, async (tx, now, changes) => {
      const existing = await tx.roles.get(ctx.tenantId, id, { forUpdate: true });
      if (!existing) throw notFound("Group", id);
      let version: number | undefined;
      if (hasPrecondition(precondition)) {
        assertPrecondition(precondition, etag(existing.version));
        version = existing.version;
      }
      // Its members' groups list it no more.
      await new MembershipWrites(tx, ctx.tenantId, now, changes).roleDeleting(id);
      if (!(await tx.roles.delete(ctx.tenantId, id, version))) throw deleteMissed("Group", id, version);
      changes.roleDeleted(existing);
      changes.logWrite({ outcome: "deleted", resourceType: "Group", resourceId: id, changes: [] });
    });
  }
}

/** Why a delete found nothing: no resource, or (conditional delete) a change since it was read, which is retried. */
function deleteMissed(type: "User" | "Group", id: string, version: number | undefined): RosterError {
  return version === undefined
    ? notFound(type, id)
    : new RosterError("conflict", `${type} ${id} was changed by another request`);
}
