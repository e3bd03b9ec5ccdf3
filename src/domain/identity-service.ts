/** The identity store by hand (SPEC §9, §10): users and roles made before SCIM, grants, nesting, access. */
import { RosterError } from "../protocol/errors.ts";
import { indexEntries } from "../protocol/resource/index-entries.ts";
import type { RoleAssignment, RoleRecord, UserAccess, UserRecord } from "./model.ts";
import type { Repositories, Store } from "./ports.ts";
import { nextFreeRoleId, normalizeRoleName } from "./role-name.ts";
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

  private async tenant(tx: Repositories, tenantId: string): Promise<void> {
    if (!(await tx.tenants.get(tenantId))) throw new RosterError("notFound", `tenant ${tenantId} does not exist`);
  }

  private async user(tx: Repositories, tenantId: string, userId: string): Promise<UserRecord> {
    await this.tenant(tx, tenantId);
    const user = await tx.users.get(tenantId, userId);
    if (!user) throw new RosterError("notFound", `user ${userId} does not exist in tenant ${tenantId}`);
    return user;
  }

  private async role(tx: Repositories, tenantId: string, roleId: string): Promise<RoleRecord> {
    await this.tenant(tx, tenantId);
    const role = await tx.roles.get(tenantId, roleId);
    if (!role) throw new RosterError("notFound", `role ${roleId} does not exist in tenant ${tenantId}`);
    return role;
  }

  /** Adds a user made by hand; its Id is its email (SPEC §3). */
  async addUser(
    tenantId: string,
    email: string,
    names: { firstName?: string; lastName?: string } = {},
  ): Promise<UserRecord> {
    if (!EMAIL.test(email)) throw new RosterError("invalidValue", `${JSON.stringify(email)} is not an email address`);
    return this.store.transaction(async (tx) => {
      await this.tenant(tx, tenantId);
      if ((await tx.users.get(tenantId, email)) || (await tx.users.findByEmail(tenantId, email)).length) {
        throw new RosterError("uniqueness", `a user with email ${email} already exists`);
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

  /** Assigns a role to a user by hand. */
  async grant(tenantId: string, userId: string, roleId: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      await this.user(tx, tenantId, userId);
      await this.role(tx, tenantId, roleId);
      const held = (await tx.users.assignments(tenantId, userId)).some((a) => a.roleId === roleId);
      if (!held) await tx.users.assign(tenantId, userId, { roleId, source: "manual", provider: null });
    });
  }

  /** Takes a directly held role away from a user. */
  async revoke(tenantId: string, userId: string, roleId: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      await this.user(tx, tenantId, userId);
      if (!(await tx.users.unassign(tenantId, userId, roleId))) {
        throw new RosterError("notFound", `user ${userId} does not hold role ${roleId} directly`);
      }
    });
  }

  async showUser(tenantId: string, userId: string): Promise<UserDetails> {
    const user = await this.user(this.store, tenantId, userId);
    return { user, roles: await this.store.users.assignments(tenantId, userId) };
  }

  /**
   * SPEC §9's access question: is the user active, and which roles does it hold directly and
   * through nesting. One recursive query; an inactive user holds nothing.
   */
  async access(tenantId: string, userId: string): Promise<UserAccess> {
    const user = await this.user(this.store, tenantId, userId);
    if (!user.active) return { active: false, direct: [], indirect: [] };
    const roles = (await this.store.users.roles(tenantId, [userId])).get(userId);
    return { active: true, direct: roles?.direct ?? [], indirect: roles?.indirect ?? [] };
  }

  async listUsers(tenantId: string): Promise<readonly UserRecord[]> {
    await this.tenant(this.store, tenantId);
    const page = await this.store.users.list(tenantId, {
      filter: undefined,
      provider: "",
      sortBy: undefined,
      sortOrder: "ascending",
      offset: 0,
      limit: Number.MAX_SAFE_INTEGER,
    });
    return page.items;
  }

  /** Adds a role made by hand; its Id is the normalized display name, suffixed when taken. */
  async addRole(tenantId: string, displayName: string): Promise<RoleRecord> {
    const normalized = normalizeRoleName(displayName);
    if (normalized === "") throw new RosterError("invalidValue", "a role needs a display name");
    return this.store.transaction(async (tx) => {
      await this.tenant(tx, tenantId);
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

  /** Makes `parentId` contain `childId`; refuses a cycle (SPEC §6). */
  async nest(tenantId: string, parentId: string, childId: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      await this.role(tx, tenantId, parentId);
      await this.role(tx, tenantId, childId);
      if (await tx.roles.contains(tenantId, childId, parentId)) {
        throw new RosterError("invalidValue", `nesting ${childId} in ${parentId} would make a cycle`);
      }
      await tx.roles.addChild(tenantId, parentId, childId);
    });
  }

  async unnest(tenantId: string, parentId: string, childId: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      await this.role(tx, tenantId, parentId);
      if (!(await tx.roles.removeChild(tenantId, parentId, childId))) {
        throw new RosterError("notFound", `role ${parentId} does not contain ${childId}`);
      }
    });
  }

  async showRole(tenantId: string, roleId: string): Promise<RoleDetails> {
    const role = await this.role(this.store, tenantId, roleId);
    return { role, children: (await this.store.roles.children(tenantId, roleId)).map((r) => r.id) };
  }

  async listRoles(tenantId: string): Promise<readonly RoleRecord[]> {
    await this.tenant(this.store, tenantId);
    const page = await this.store.roles.list(tenantId, {
      filter: undefined,
      provider: "",
      sortBy: undefined,
      sortOrder: "ascending",
      offset: 0,
      limit: Number.MAX_SAFE_INTEGER,
    });
    return page.items;
  }
}
