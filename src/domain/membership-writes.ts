/**
 * Direct memberships (SPEC §6) and the two representations that show them: a user's `groups`
 * and a role's `members`. Every change of a membership bumps the version and modification time
 * of the users it changed (RFC 7644 §3.14: a changed representation never keeps its ETag), in
 * work proportional to the members changed, never to the tenant or the group. Changes that show
 * in a user's `groups` without touching its memberships (a role's rename, nesting) are covered
 * by the user's ETag digest instead (`userEtag`). Every change first names the users it may
 * change to the transaction's ChangeSet, which turns what changed into events (SPEC §11).
 */
import type { ChangeSet } from "./change-set.ts";
import type { MembershipOptions, Repositories } from "./ports.ts";

/** One transaction's membership writes for one tenant, at one moment. */
export class MembershipWrites {
  constructor(
    private readonly tx: Repositories,
    private readonly tenantId: string,
    private readonly now: string,
    private readonly changes: ChangeSet,
  ) {}

  /**
   * Makes the users SCIM members of the role through `provider`; answers how many changed. With
   * `keepManual` (the tenant's ManualRoles = keep), a hand grant of the role stays `manual`.
   */
  async add(
    roleId: string,
    userIds: readonly string[],
    provider: string,
    options?: MembershipOptions,
  ): Promise<number> {
    if (userIds.length === 0) return 0;
    // Members already there through this provider change nothing: one cheap read finds them,
    // and only the others are watched and written.
    const source = `scim:${provider}`;
    const held = await this.tx.roles.memberSources(this.tenantId, roleId, userIds);
    const changing = [...new Set(userIds)].filter((id) => held.get(id) !== source);
    if (changing.length === 0) return 0;
    await this.changes.watchCandidates(changing);
    const changed = await this.tx.roles.addMembers(this.tenantId, roleId, changing, provider, options);
    if (changed.length > 0) {
      this.changes.roleAdded(changed, roleId, source, await this.tx.roles.descendantIds(this.tenantId, roleId));
    }
    return this.touchUsers(changed);
  }

  /** Takes the users out of the role (with `keepManual`, only SCIM memberships); answers how many were members. */
  async remove(roleId: string, userIds: readonly string[], options?: MembershipOptions): Promise<number> {
    if (userIds.length === 0) return 0;
    await this.changes.watchCandidates(userIds);
    const removed = await this.tx.roles.removeMembers(this.tenantId, roleId, userIds, options);
    this.changes.markChanged(removed);
    return this.touchUsers(removed);
  }

  /** Takes every member out of the role (with `keepManual`, only SCIM memberships); answers how many there were. */
  async removeAll(roleId: string, options?: MembershipOptions): Promise<number> {
    const members = (await this.tx.roles.members(this.tenantId, [roleId])).get(roleId) ?? [];
    if (members.length === 0) return 0;
    await this.changes.watchCandidates(members.map((member) => member.id));
    const removed = await this.tx.roles.removeAllMembers(this.tenantId, roleId, options);
    this.changes.markChanged(removed);
    return this.touchUsers(removed);
  }

  /**
   * Makes `userIds` the role's member set: only the members that leave or arrive (or become
   * SCIM members) change, so a PUT that repeats the member set bumps no user.
   */
  async replace(
    roleId: string,
    userIds: readonly string[],
    provider: string,
    options?: MembershipOptions,
  ): Promise<number> {
    const wanted = new Set(userIds);
    const current = (await this.tx.roles.members(this.tenantId, [roleId])).get(roleId) ?? [];
    const leaving = current.map((member) => member.id).filter((id) => !wanted.has(id));
    return (await this.remove(roleId, leaving, options)) + (await this.add(roleId, [...wanted], provider, options));
  }

  /** Gives the user the role by hand (SPEC §9); false when it held it directly already. */
  async grant(userId: string, roleId: string): Promise<boolean> {
    const held = (await this.tx.users.assignments(this.tenantId, userId)).some((a) => a.roleId === roleId);
    if (held) return false;
    await this.changes.watchUsers([userId]);
    await this.tx.users.assign(this.tenantId, userId, { roleId, source: "manual", provider: null });
    await this.touchBoth(userId, roleId);
    return true;
  }

  /** Takes a directly held role away from the user; false when it did not hold it directly. */
  async revoke(userId: string, roleId: string): Promise<boolean> {
    await this.changes.watchUsers([userId]);
    if (!(await this.tx.users.unassign(this.tenantId, userId, roleId))) return false;
    await this.touchBoth(userId, roleId);
    return true;
  }

  /**
   * Drops the user's hand-made assignments (SPEC §7) and bumps the roles that lose it as a
   * member; answers whether any was dropped (the caller bumps the user, whose groups changed).
   */
  async dropManual(userId: string): Promise<boolean> {
    // Most users hold no hand-made role: one read then, and nothing to watch or delete.
    const held = await this.tx.users.assignments(this.tenantId, userId);
    if (!held.some((assignment) => assignment.source === "manual")) return false;
    await this.changes.watchUsers([userId]);
    const dropped = await this.tx.users.removeManualAssignments(this.tenantId, userId);
    if (dropped.length) await this.tx.roles.touch(this.tenantId, dropped, this.now);
    return dropped.length > 0;
  }

  /** The user's `display` changed, or it is about to be deleted: every role it is a member of shows it differently. */
  async memberChanged(userId: string): Promise<void> {
    await this.tx.roles.touchHeldBy(this.tenantId, userId, this.now);
  }

  /** The role is about to be deleted: every member's `groups` loses it. */
  async roleDeleting(roleId: string): Promise<void> {
    await this.changes.watchRoleHolders(roleId);
    await this.tx.users.touchMembers(this.tenantId, roleId, this.now);
  }

  private async touchUsers(ids: readonly string[]): Promise<number> {
    if (ids.length) await this.tx.users.touch(this.tenantId, ids, this.now);
    return ids.length;
  }

  private async touchBoth(userId: string, roleId: string): Promise<void> {
    await this.tx.users.touch(this.tenantId, [userId], this.now);
    await this.tx.roles.touch(this.tenantId, [roleId], this.now);
  }
}
