/**
 * The identity store by hand (SPEC §9, §10): users and roles made before SCIM, grants, nesting,
 * access. The CLI and the management API call these same methods; each write is one
 * transaction and takes the Actor that makes it (SPEC §11), the CLI when none is given.
 */
import { RosterError, unwrap } from "../protocol/errors.ts";
import { type Actor, CLI_ACTOR } from "./actor.ts";
import { tenantNotFound } from "./admin-access.ts";
import type { ChangeSet } from "./change-set.ts";
import { roleNameKey, roleNestingKey, userEmailKey, userIdKey } from "./lock-keys.ts";
import { applyUserChanges, type UserChanges } from "./manual-user-changes.ts";
import { MembershipWrites } from "./membership-writes.ts";
import {
  type RoleAssignment,
  type RoleRecord,
  type RoleRef,
  type UserAccess,
  type UserRecord,
  userDisplay,
} from "./model.ts";
import type {
  KeysetQuery,
  MemberPageQuery,
  Repositories,
  ResourceKey,
  RoleHolder,
  SeekPage,
  Store,
  UserPageQuery,
} from "./ports.ts";
import { assertPrecondition, hasPrecondition } from "./precondition.ts";
import { committed, withChanges } from "./recorded-write.ts";
import { roleIndex } from "./role-index.ts";
import { nextFreeRoleId, normalizeRoleName } from "./role-name.ts";
import { type IndirectRole, indirectRolePaths } from "./role-paths.ts";
import { type RoleTree, roleTree } from "./role-tree.ts";
import type { WritePrecondition } from "./scim-operations.ts";
import { etag } from "./scim-view.ts";
import { failField, parseText } from "./text-input.ts";
import { userIndex } from "./user-writes.ts";

/** A user with its direct role assignments, as `roster user show` prints it. */
export interface UserDetails {
  readonly user: UserRecord;
  readonly roles: readonly RoleAssignment[];
}

/** A role with the roles it contains. */
export interface RoleDetails {
  readonly role: RoleRecord;
  readonly children: readonly string[];
}

/** The fields of a user made by hand. */
export interface NewUserFields {
  firstName?: string | undefined;
  lastName?: string | undefined;
  phone?: string | undefined;
}

/** How a grant, revoke, nest or unnest is made. */
export interface LinkOptions {
  /** Checked against the user's (grant, revoke) or parent role's (nest, unnest) version. */
  readonly precondition?: WritePrecondition | undefined;
  /** Revoke and unnest: `notFound` when there is nothing to take away (the CLI); else a no-op (the API). */
  readonly mustExist?: boolean | undefined;
}

const EMAIL = /^[^\s@]+@[^\s@]+$/u;
/** RFC 5321's longest address. */
const MAX_EMAIL_LENGTH = 254;
const MAX_NAME_LENGTH = 256;
const MAX_PHONE_LENGTH = 64;
const CONFLICT_ATTEMPTS = 3;

/** True for an address Roster accepts for a user made by hand: `local@domain`, no white space, at most 254 characters. */
export function isEmailAddress(text: string): boolean {
  return EMAIL.test(text) && text.length <= MAX_EMAIL_LENGTH;
}

function parseEmail(email: string): string {
  const text = email.trim();
  if (!isEmailAddress(text)) {
    unwrap(failField("Email", `${q(email.slice(0, 80))} is not an email address`));
  }
  return text;
}

function optionalText(field: string, value: string | null | undefined, max: number): string | null | undefined {
  if (value === undefined || value === null) return value;
  if (value.trim() === "") return null;
  return unwrap(parseText(field, value, max));
}

/** Operations on a tenant's users and roles outside SCIM; every failure is a RosterError. */
export class IdentityService {
  private readonly now: () => Date;

  constructor(
    private readonly store: Store,
    options: { readonly now?: () => Date } = {},
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Runs a write in a transaction, again when a concurrent write changed the same row
   * (`conflict`) and no precondition was set; its events commit with it (SPEC §11).
   */
  private async write<T>(
    tenantId: string,
    actor: Actor,
    precondition: WritePrecondition | undefined,
    fn: (tx: Repositories, now: string, changes: ChangeSet) => Promise<T>,
  ): Promise<T> {
    const scope = { tenantId, actor, now: this.now };
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await this.store.transaction((tx) => withChanges(tx, scope, fn));
        committed(scope);
        return result;
      } catch (error) {
        if (!(error instanceof RosterError && error.code === "conflict" && error.field === undefined)) throw error;
        if (hasPrecondition(precondition)) {
          throw new RosterError("preconditionFailed", "Failed to update: the resource has changed meanwhile", {
            cause: error,
          });
        }
        if (attempt >= CONFLICT_ATTEMPTS) throw error;
      }
    }
  }

  private memberships(tx: Repositories, tenantId: string, now: string, changes: ChangeSet): MembershipWrites {
    return new MembershipWrites(tx, tenantId, now, changes);
  }

  private async tenant(tx: Repositories, tenantId: string): Promise<void> {
    if (!(await tx.tenants.get(tenantId))) throw tenantNotFound(tenantId);
  }

  private async user(tx: Repositories, tenantId: string, userId: string, forUpdate = false): Promise<UserRecord> {
    await this.tenant(tx, tenantId);
    const user = await tx.users.get(tenantId, userId, { forUpdate });
    if (!user) throw new RosterError("notFound", `user ${q(userId)} does not exist in tenant ${q(tenantId)}`);
    return user;
  }

  private async role(tx: Repositories, tenantId: string, roleId: string, forUpdate = false): Promise<RoleRecord> {
    await this.tenant(tx, tenantId);
    const role = await tx.roles.get(tenantId, roleId, { forUpdate });
    if (!role) throw new RosterError("notFound", `role ${q(roleId)} does not exist in tenant ${q(tenantId)}`);
    return role;
  }

  private async details(tx: Repositories, tenantId: string, user: UserRecord): Promise<UserDetails> {
    return { user, roles: await tx.users.assignments(tenantId, user.id) };
  }

  /** Adds a user made by hand; its Id is its email (SPEC §3); `uniqueness` when a user has that Id or email. */
  async addUser(
    tenantId: string,
    email: string,
    fields: NewUserFields = {},
    actor: Actor = CLI_ACTOR,
  ): Promise<UserRecord> {
    const address = parseEmail(email);
    const firstName = optionalText("FirstName", fields.firstName, MAX_NAME_LENGTH) ?? null;
    const lastName = optionalText("LastName", fields.lastName, MAX_NAME_LENGTH) ?? null;
    const phone = optionalText("Phone", fields.phone, MAX_PHONE_LENGTH) ?? null;
    return this.write(tenantId, actor, undefined, async (tx, _now, changes) => {
      await this.tenant(tx, tenantId);
      // The names a SCIM create of the same person would look up (user-writes.ts).
      await tx.locks.lock(tenantId, [userEmailKey(address), userIdKey(address)]);
      if ((await tx.users.get(tenantId, address)) || (await tx.users.findByEmail(tenantId, address)).length) {
        throw new RosterError("uniqueness", `a user with email ${q(address)} already exists in tenant ${q(tenantId)}`);
      }
      const at = this.now().toISOString();
      const user: UserRecord = {
        id: address,
        email: address,
        firstName,
        lastName,
        phone,
        b2cId: null,
        externalIds: [],
        active: true,
        scim: null,
        scimProvider: null,
        createdAt: at,
        modifiedAt: at,
        version: 1,
      };
      await tx.users.insert(tenantId, user, userIndex(user));
      changes.userCreated(user);
      return user;
    });
  }

  /**
   * Changes a user's Email, names, Phone or Active by hand (SPEC §9 PATCH). Its Id never changes;
   * an Email another user has is `uniqueness`. A user an identity provider wrote keeps its SCIM
   * attributes in step. Deactivating takes all access away at once.
   */
  async updateUser(
    tenantId: string,
    userId: string,
    changes: UserChanges,
    actor: Actor,
    precondition?: WritePrecondition,
  ): Promise<UserDetails> {
    const checked: UserChanges = {
      ...(changes.email === undefined ? {} : { email: parseEmail(changes.email) }),
      ...(changes.firstName === undefined
        ? {}
        : { firstName: optionalText("FirstName", changes.firstName, MAX_NAME_LENGTH) }),
      ...(changes.lastName === undefined
        ? {}
        : { lastName: optionalText("LastName", changes.lastName, MAX_NAME_LENGTH) }),
      ...(changes.phone === undefined ? {} : { phone: optionalText("Phone", changes.phone, MAX_PHONE_LENGTH) }),
      ...(changes.active === undefined ? {} : { active: changes.active }),
    };
    return this.write(tenantId, actor, precondition, async (tx, now, events) => {
      const existing = await this.user(tx, tenantId, userId, true);
      assertPrecondition(precondition, etag(existing.version));
      if (checked.email !== undefined && checked.email.toLowerCase() !== existing.email?.toLowerCase()) {
        const holders = await tx.users.findByEmail(tenantId, checked.email);
        if (holders.some((other) => other.id !== existing.id)) {
          throw new RosterError("uniqueness", `another user of tenant ${q(tenantId)} has email ${q(checked.email)}`, {
            field: "Email",
          });
        }
      }
      const user = applyUserChanges(existing, checked, now);
      if (user.active !== existing.active) await events.watchUsers([user.id]);
      await tx.users.update(tenantId, user, existing.version, userIndex(user));
      // Every role the user is a member of shows its display: their representations changed.
      if (userDisplay(user) !== userDisplay(existing)) {
        await this.memberships(tx, tenantId, now, events).memberChanged(user.id);
      }
      events.userUpdated(existing, user);
      return this.details(tx, tenantId, user);
    });
  }

  /** Deletes a user and its assignments (a hard delete, as SCIM's). */
  async deleteUser(tenantId: string, userId: string, actor: Actor, precondition?: WritePrecondition): Promise<void> {
    await this.write(tenantId, actor, precondition, async (tx, now, changes) => {
      const existing = await this.user(tx, tenantId, userId, true);
      assertPrecondition(precondition, etag(existing.version));
      await changes.watchUsers([userId]);
      await this.memberships(tx, tenantId, now, changes).memberChanged(userId);
      if (!(await tx.users.delete(tenantId, userId, existing.version))) {
        throw new RosterError("conflict", `user ${q(userId)} was changed by another request`);
      }
      changes.userDeleted(existing);
    });
  }

  /**
   * Assigns a role to a user by hand (`manual` in its RoleSources, SPEC §7); a role it already
   * holds directly changes nothing. A change bumps the versions of the user and the role.
   */
  async grant(
    tenantId: string,
    userId: string,
    roleId: string,
    actor: Actor = CLI_ACTOR,
    options: LinkOptions = {},
  ): Promise<UserDetails> {
    return this.write(tenantId, actor, options.precondition, async (tx, now, changes) => {
      const user = await this.user(tx, tenantId, userId, true);
      assertPrecondition(options.precondition, etag(user.version));
      await this.role(tx, tenantId, roleId);
      if (!(await this.memberships(tx, tenantId, now, changes).grant(userId, roleId)))
        return this.details(tx, tenantId, user);
      return this.details(tx, tenantId, { ...user, version: user.version + 1, modifiedAt: now });
    });
  }

  /** Takes a directly held role away from a user; without it held, `notFound` when `mustExist` (the default), else a no-op. */
  async revoke(
    tenantId: string,
    userId: string,
    roleId: string,
    actor: Actor = CLI_ACTOR,
    options: LinkOptions = {},
  ): Promise<UserDetails> {
    return this.write(tenantId, actor, options.precondition, async (tx, now, changes) => {
      const user = await this.user(tx, tenantId, userId, true);
      assertPrecondition(options.precondition, etag(user.version));
      await this.role(tx, tenantId, roleId);
      if (!(await this.memberships(tx, tenantId, now, changes).revoke(userId, roleId))) {
        if (options.mustExist === false) return this.details(tx, tenantId, user);
        throw new RosterError("notFound", `user ${q(userId)} does not hold role ${q(roleId)} directly`);
      }
      return this.details(tx, tenantId, { ...user, version: user.version + 1, modifiedAt: now });
    });
  }

  /** After a grant or revoke: the user and the role one version later (the role's SCIM members changed). */
  /** The user and its direct role assignments; `notFound` for an unknown tenant or user. */
  async showUser(tenantId: string, userId: string): Promise<UserDetails> {
    const user = await this.user(this.store, tenantId, userId);
    return this.details(this.store, tenantId, user);
  }

  /**
   * SPEC §9's access question: is the user active, and which roles does it hold directly and
   * through nesting. One indexed, recursive query; an inactive user holds nothing. Only a miss
   * reads more, to tell an unknown tenant from an unknown user.
   */
  async access(tenantId: string, userId: string): Promise<UserAccess> {
    const access = await this.store.users.access(tenantId, userId);
    if (access) return access;
    await this.user(this.store, tenantId, userId);
    throw new RosterError("notFound", `user ${userId} does not exist in tenant ${tenantId}`);
  }

  /**
   * The roles the user holds directly, and those it holds through nesting, each with one
   * shortest path from a direct role (SPEC §13 "via Regional Manager → Store Manager"); one
   * recursive query. Whatever
   * the user's `Active`: this explains the structure, `access` says what it holds now.
   */
  async heldRoles(
    tenantId: string,
    userId: string,
  ): Promise<{ readonly direct: readonly RoleRef[]; readonly indirect: readonly IndirectRole[] }> {
    await this.user(this.store, tenantId, userId);
    const reached = await this.store.users.reachedRoles(tenantId, userId);
    return {
      direct: reached.filter((r) => r.depth === 0).map((r) => ({ id: r.id, displayName: r.displayName })),
      indirect: indirectRolePaths(reached),
    };
  }

  /** The nesting below a role drawn as a tree, and the roles that contain it directly. */
  async roleNesting(
    tenantId: string,
    roleId: string,
  ): Promise<{ readonly tree: RoleTree; readonly parents: readonly RoleRef[] }> {
    const role = await this.role(this.store, tenantId, roleId);
    const edges = await this.store.roles.nestingBelow(tenantId, roleId);
    const parents = await this.store.roles.parents(tenantId, roleId);
    return { tree: roleTree({ id: role.id, displayName: role.displayName }, edges), parents };
  }

  /**
   * Every user of the tenant with its direct assignments, in creation order, read a page at a
   * time (memory stays flat whatever the tenant's size); `notFound` for an unknown tenant.
   */
  async *eachUser(tenantId: string, pageSize = 500): AsyncGenerator<UserDetails> {
    let after: ResourceKey | undefined;
    for (;;) {
      const page = await this.pageUsers(tenantId, { after, limit: pageSize });
      yield* page.items;
      const last = page.items.at(-1);
      if (!page.more || last === undefined) return;
      after = { createdAt: last.user.createdAt, id: last.user.id };
    }
  }

  /** A page of the tenant's users in creation order, filtered (SPEC §9), each with its assignments. */
  async pageUsers(tenantId: string, query: UserPageQuery): Promise<SeekPage<UserDetails>> {
    await this.tenant(this.store, tenantId);
    const page = await this.store.users.page(tenantId, query);
    const assignments = await this.store.users.assignmentsByUser(
      tenantId,
      page.items.map((user) => user.id),
    );
    return { items: page.items.map((user) => ({ user, roles: assignments.get(user.id) ?? [] })), more: page.more };
  }

  /** Adds a role made by hand; its Id is the normalized display name, suffixed when taken. */
  async addRole(tenantId: string, displayName: string, actor: Actor = CLI_ACTOR): Promise<RoleRecord> {
    const name = unwrap(parseText("DisplayName", displayName, MAX_NAME_LENGTH));
    const normalized = normalizeRoleName(name);
    if (normalized === "") unwrap(failField("DisplayName", "a role needs a display name"));
    return this.write(tenantId, actor, undefined, async (tx, _now, changes) => {
      await this.tenant(tx, tenantId);
      // The name a SCIM create of the same group would look up (group-writes.ts).
      await tx.locks.lock(tenantId, [roleNameKey(name)]);
      const at = this.now().toISOString();
      const role: RoleRecord = {
        id: nextFreeRoleId(normalized, await tx.roles.idsLike(tenantId, normalized)),
        displayName: name,
        externalIds: [],
        roleType: "Role",
        scim: null,
        scimProvider: null,
        createdAt: at,
        modifiedAt: at,
        version: 1,
      };
      await tx.roles.insert(tenantId, role, normalized, roleIndex(role));
      changes.roleCreated(role);
      return role;
    });
  }

  /** Renames a role (SPEC §9 PATCH): its Id stays, so its permissions survive the rename. */
  async renameRole(
    tenantId: string,
    roleId: string,
    displayName: string,
    actor: Actor,
    precondition?: WritePrecondition,
  ): Promise<RoleDetails> {
    const name = unwrap(parseText("DisplayName", displayName, MAX_NAME_LENGTH));
    const normalized = normalizeRoleName(name);
    if (normalized === "") unwrap(failField("DisplayName", "a role needs a display name"));
    return this.write(tenantId, actor, precondition, async (tx, now, changes) => {
      const existing = await this.role(tx, tenantId, roleId, true);
      assertPrecondition(precondition, etag(existing.version));
      const role: RoleRecord = {
        ...existing,
        displayName: name,
        scim: existing.scim === null ? null : { ...existing.scim, displayName: name },
        modifiedAt: now,
        version: existing.version + 1,
      };
      await tx.roles.update(tenantId, role, normalized, existing.version, roleIndex(role));
      changes.roleUpdated(existing, role);
      return { role, children: (await tx.roles.children(tenantId, roleId)).map((r) => r.id) };
    });
  }

  /** Deletes a role: it disappears from every user's and every role's Roles (SPEC §5). */
  async deleteRole(tenantId: string, roleId: string, actor: Actor, precondition?: WritePrecondition): Promise<void> {
    await this.write(tenantId, actor, precondition, async (tx, now, changes) => {
      const existing = await this.role(tx, tenantId, roleId, true);
      assertPrecondition(precondition, etag(existing.version));
      await this.memberships(tx, tenantId, now, changes).roleDeleting(roleId);
      if (!(await tx.roles.delete(tenantId, roleId, existing.version))) {
        throw new RosterError("conflict", `role ${q(roleId)} was changed by another request`);
      }
      changes.roleDeleted(existing);
    });
  }

  /** Makes `parentId` contain `childId` (idempotent); a cycle is `conflict` (SPEC §6). */
  async nest(
    tenantId: string,
    parentId: string,
    childId: string,
    actor: Actor = CLI_ACTOR,
    options: LinkOptions = {},
  ): Promise<RoleDetails> {
    return this.write(tenantId, actor, options.precondition, async (tx, now, changes) => {
      // Before the cycle check: a simultaneous nest the other way round waits for this one.
      await tx.locks.lock(tenantId, [roleNestingKey()]);
      const parent = await this.role(tx, tenantId, parentId, true);
      assertPrecondition(options.precondition, etag(parent.version));
      await this.role(tx, tenantId, childId);
      if (parentId === childId) {
        throw new RosterError("conflict", `role ${q(parentId)} cannot contain itself`, { field: "childId" });
      }
      if (await tx.roles.contains(tenantId, childId, parentId)) {
        throw new RosterError(
          "conflict",
          `nesting ${q(childId)} in ${q(parentId)} would make a cycle: ${q(childId)} already contains ${q(parentId)}`,
          { field: "childId" },
        );
      }
      const children = (await tx.roles.children(tenantId, parentId)).map((r) => r.id);
      if (children.includes(childId)) return { role: parent, children };
      await changes.watchRoleHolders(parentId);
      await tx.roles.addChild(tenantId, parentId, childId);
      changes.nestingChanged(parentId, childId, true);
      return this.nestingChanged(tx, tenantId, parent, now, options.precondition);
    });
  }

  /** Makes `parentId` stop containing `childId`; without it contained, `notFound` when `mustExist` (the default), else a no-op. */
  async unnest(
    tenantId: string,
    parentId: string,
    childId: string,
    actor: Actor = CLI_ACTOR,
    options: LinkOptions = {},
  ): Promise<RoleDetails> {
    return this.write(tenantId, actor, options.precondition, async (tx, now, changes) => {
      const parent = await this.role(tx, tenantId, parentId, true);
      assertPrecondition(options.precondition, etag(parent.version));
      await this.role(tx, tenantId, childId);
      await changes.watchRoleHolders(parentId);
      if (!(await tx.roles.removeChild(tenantId, parentId, childId))) {
        if (options.mustExist === false) {
          return { role: parent, children: (await tx.roles.children(tenantId, parentId)).map((r) => r.id) };
        }
        throw new RosterError("notFound", `role ${q(parentId)} does not contain ${q(childId)} directly`);
      }
      changes.nestingChanged(parentId, childId, false);
      return this.nestingChanged(tx, tenantId, parent, now, options.precondition);
    });
  }

  /** After a nest or unnest: the parent one version later, with its children. */
  private async nestingChanged(
    tx: Repositories,
    tenantId: string,
    parent: RoleRecord,
    now: string,
    precondition: WritePrecondition | undefined,
  ): Promise<RoleDetails> {
    await tx.roles.touch(tenantId, [parent.id], now, hasPrecondition(precondition) ? parent.version : undefined);
    const role = { ...parent, version: parent.version + 1, modifiedAt: now };
    return { role, children: (await tx.roles.children(tenantId, parent.id)).map((r) => r.id) };
  }

  /** The role and the Ids of the roles it contains directly. */
  async showRole(tenantId: string, roleId: string): Promise<RoleDetails> {
    const role = await this.role(this.store, tenantId, roleId);
    return { role, children: (await this.store.roles.children(tenantId, roleId)).map((r) => r.id) };
  }

  /** Every role of the tenant with the roles it contains directly, in creation order, a page at a time. */
  async *eachRole(tenantId: string, pageSize = 500): AsyncGenerator<RoleDetails> {
    let after: ResourceKey | undefined;
    for (;;) {
      const page = await this.pageRoles(tenantId, { after, limit: pageSize });
      yield* page.items;
      const last = page.items.at(-1);
      if (!page.more || last === undefined) return;
      after = { createdAt: last.role.createdAt, id: last.role.id };
    }
  }

  /** A page of the tenant's roles in creation order, each with the roles it contains. */
  async pageRoles(tenantId: string, query: KeysetQuery): Promise<SeekPage<RoleDetails>> {
    await this.tenant(this.store, tenantId);
    const page = await this.store.roles.seek(tenantId, {
      filter: undefined,
      provider: "",
      after: query.after,
      limit: query.limit,
    });
    const children = await this.store.roles.childrenByRole(
      tenantId,
      page.items.map((role) => role.id),
    );
    return { items: page.items.map((role) => ({ role, children: children.get(role.id) ?? [] })), more: page.more };
  }

  /** A page of who holds a role (SPEC §9 members): direct members, and with `indirect` those through nesting. */
  async roleHolders(tenantId: string, roleId: string, query: MemberPageQuery): Promise<SeekPage<RoleHolder>> {
    await this.role(this.store, tenantId, roleId);
    return this.store.roles.holders(tenantId, roleId, query);
  }
}

/** An identifier as messages quote it. */
function q(value: string): string {
  return JSON.stringify(value);
}
