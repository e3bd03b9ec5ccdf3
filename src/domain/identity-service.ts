/** The identity store by hand (SPEC §9, §10): users and roles made before SCIM, grants, nesting, access. */
import { RosterError } from "../protocol/errors.ts";
import { indexEntries } from "../protocol/resource/index-entries.ts";
import { roleNameKey, userEmailKey, userIdKey } from "./lock-keys.ts";
import { MembershipWrites } from "./membership-writes.ts";
import type { RoleAssignment, RoleRecord, UserAccess, UserRecord } from "./model.ts";
import type { ListQuery, Repositories, Store } from "./ports.ts";
import { nextFreeRoleId, normalizeRoleName } from "./role-name.ts";
import { userIndex } from "./user-writes.ts";
import { writeTransaction } from "./write-transaction.ts";

/** A user with its direct role assignments, as `roster user show` prints it. */
export interface UserDetails {
  readonly user: UserRecord;
  readonly roles: readonly RoleAssignment[];
}

/** A user with the Ids of the roles it holds directly, as `roster user list` prints it. */
export interface UserListing {
  readonly user: UserRecord;
  readonly roleIds: readonly string[];
}

/** A role with the roles it contains. */
export interface RoleDetails {
  readonly role: RoleRecord;
  readonly children: readonly string[];
}

/** A list query for every resource of a tenant, in creation order. */
const EVERYTHING: ListQuery = Object.freeze({
  filter: undefined,
  provider: "",
  sortBy: undefined,
  sortOrder: "ascending",
  offset: 0,
  limit: Number.MAX_SAFE_INTEGER,
});

const EMAIL = /^[^\s@]+@[^\s@]+$/u;

/** Operations on a tenant's users and roles outside SCIM; every failure is a RosterError. */
export class IdentityService {
  private readonly now: () => Date;

  constructor(
    private readonly store: Store,
    options: { readonly now?: () => Date } = {},
  ) {
    this.now = options.now ?? (() => new Date());
  }

  private memberships(tx: Repositories, tenantId: string): MembershipWrites {
    return new MembershipWrites(tx, tenantId, this.now().toISOString());
  }

  private async tenant(tx: Repositories, tenantId: string): Promise<void> {
    if (!(await tx.tenants.get(tenantId))) throw new RosterError("notFound", `tenant ${q(tenantId)} does not exist`);
  }

  private async user(tx: Repositories, tenantId: string, userId: string): Promise<UserRecord> {
    await this.tenant(tx, tenantId);
    const user = await tx.users.get(tenantId, userId);
    if (!user) throw new RosterError("notFound", `user ${q(userId)} does not exist in tenant ${q(tenantId)}`);
    return user;
  }

  private async role(tx: Repositories, tenantId: string, roleId: string): Promise<RoleRecord> {
    await this.tenant(tx, tenantId);
    const role = await tx.roles.get(tenantId, roleId);
    if (!role) throw new RosterError("notFound", `role ${q(roleId)} does not exist in tenant ${q(tenantId)}`);
    return role;
  }

  /** Adds a user made by hand; its Id is its email (SPEC §3). */
  async addUser(
    tenantId: string,
    email: string,
    names: { firstName?: string; lastName?: string } = {},
  ): Promise<UserRecord> {
    if (!EMAIL.test(email)) throw new RosterError("invalidValue", `${q(email)} is not an email address`);
    return writeTransaction(this.store, async (tx) => {
      await this.tenant(tx, tenantId);
      // The names a SCIM create of the same person would look up (user-writes.ts).
      await tx.locks.lock(tenantId, [userEmailKey(email), userIdKey(email)]);
      if ((await tx.users.get(tenantId, email)) || (await tx.users.findByEmail(tenantId, email)).length) {
        throw new RosterError("uniqueness", `a user with email ${q(email)} already exists in tenant ${q(tenantId)}`);
      }
      const at = this.now().toISOString();
      const user: UserRecord = {
        id: email,
        email,
        firstName: names.firstName || null,
        lastName: names.lastName || null,
        phone: null,
        b2cId: null,
        externalIds: [],
        active: true,
        scim: null,
        createdAt: at,
        modifiedAt: at,
        version: 1,
      };
      await tx.users.insert(tenantId, user, userIndex(user));
      return user;
    });
  }

  /** Assigns a role to a user by hand (idempotent); the user's and the role's versions follow. */
  async grant(tenantId: string, userId: string, roleId: string): Promise<void> {
    await writeTransaction(this.store, async (tx) => {
      await this.user(tx, tenantId, userId);
      await this.role(tx, tenantId, roleId);
      await this.memberships(tx, tenantId).grant(userId, roleId);
    });
  }

  /** Takes a directly held role away from a user; `notFound` when the user does not hold it directly. */
  async revoke(tenantId: string, userId: string, roleId: string): Promise<void> {
    await writeTransaction(this.store, async (tx) => {
      await this.user(tx, tenantId, userId);
      await this.role(tx, tenantId, roleId);
      if (!(await this.memberships(tx, tenantId).revoke(userId, roleId))) {
        throw new RosterError("notFound", `user ${q(userId)} does not hold role ${q(roleId)} directly`);
      }
    });
  }

  /** The user and its direct role assignments; `notFound` for an unknown tenant or user. */
  async showUser(tenantId: string, userId: string): Promise<UserDetails> {
    const user = await this.user(this.store, tenantId, userId);
    return { user, roles: await this.store.users.assignments(tenantId, userId) };
  }

  /**
   * SPEC §9's access question: is the user active, and which roles does it hold directly and
   * through nesting. One indexed, recursive query; an inactive user holds nothing.
   */
  async access(tenantId: string, userId: string): Promise<UserAccess> {
    const access = await this.store.users.access(tenantId, userId);
    if (access) return access;
    await this.user(this.store, tenantId, userId);
    throw new RosterError("notFound", `user ${userId} does not exist in tenant ${tenantId}`);
  }

  /** Every user of the tenant with its direct role Ids (one query for the roles of all). */
  async listUsers(tenantId: string): Promise<readonly UserListing[]> {
    await this.tenant(this.store, tenantId);
    const page = await this.store.users.list(tenantId, EVERYTHING);
    const roles = await this.store.users.roles(
      tenantId,
      page.items.map((user) => user.id),
    );
    return page.items.map((user) => ({ user, roleIds: (roles.get(user.id)?.direct ?? []).map((role) => role.id) }));
  }

  /** Adds a role made by hand; its Id is the normalized display name, suffixed when taken. */
  async addRole(tenantId: string, displayName: string): Promise<RoleRecord> {
    const normalized = normalizeRoleName(displayName);
    if (normalized === "") throw new RosterError("invalidValue", "a role needs a display name");
    return writeTransaction(this.store, async (tx) => {
      await this.tenant(tx, tenantId);
      // The name a SCIM create of the same group would look up (group-writes.ts).
      await tx.locks.lock(tenantId, [roleNameKey(displayName)]);
      const at = this.now().toISOString();
      const role: RoleRecord = {
        id: nextFreeRoleId(normalized, await tx.roles.idsLike(tenantId, normalized)),
        displayName,
        externalIds: [],
        roleType: "Role",
        scim: null,
        createdAt: at,
        modifiedAt: at,
        version: 1,
      };
      await tx.roles.insert(tenantId, role, normalized, indexEntries("Group", { displayName }));
      return role;
    });
  }

  /**
   * Makes `parentId` contain `childId`; refuses a cycle (SPEC §6). The parent's version
   * follows (its children are part of it); users' `groups` change through their ETag digest.
   */
  async nest(tenantId: string, parentId: string, childId: string): Promise<void> {
    await writeTransaction(this.store, async (tx) => {
      await this.role(tx, tenantId, parentId);
      await this.role(tx, tenantId, childId);
      if (parentId === childId) throw new RosterError("invalidValue", `role ${q(parentId)} cannot contain itself`);
      if (await tx.roles.contains(tenantId, childId, parentId)) {
        throw new RosterError(
          "invalidValue",
          `nesting ${q(childId)} in ${q(parentId)} would make a cycle: ${q(childId)} already contains ${q(parentId)}`,
        );
      }
      await tx.roles.addChild(tenantId, parentId, childId);
      await tx.roles.touch(tenantId, [parentId], this.now().toISOString());
    });
  }

  /** Makes `parentId` stop containing `childId`; `notFound` when it does not contain it directly. */
  async unnest(tenantId: string, parentId: string, childId: string): Promise<void> {
    await writeTransaction(this.store, async (tx) => {
      await this.role(tx, tenantId, parentId);
      await this.role(tx, tenantId, childId);
      if (!(await tx.roles.removeChild(tenantId, parentId, childId))) {
        throw new RosterError("notFound", `role ${q(parentId)} does not contain ${q(childId)} directly`);
      }
      await tx.roles.touch(tenantId, [parentId], this.now().toISOString());
    });
  }

  /** The role and the Ids of the roles it contains directly. */
  async showRole(tenantId: string, roleId: string): Promise<RoleDetails> {
    const role = await this.role(this.store, tenantId, roleId);
    return { role, children: (await this.store.roles.children(tenantId, roleId)).map((r) => r.id) };
  }

  /** Every role of the tenant with the roles it contains directly. */
  async listRoles(tenantId: string): Promise<readonly RoleDetails[]> {
    await this.tenant(this.store, tenantId);
    const page = await this.store.roles.list(tenantId, EVERYTHING);
    const details: RoleDetails[] = [];
    // One query per role: roles are few next to users, and the port has no batch read of nesting.
    for (const role of page.items) {
      details.push({ role, children: (await this.store.roles.children(tenantId, role.id)).map((r) => r.id) });
    }
    return details;
  }
}

/** An identifier as messages quote it. */
function q(value: string): string {
  return JSON.stringify(value);
}
