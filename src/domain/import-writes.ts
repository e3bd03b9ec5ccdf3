/**
 * Every change an import makes goes through one method here, one per kind of change, in the
 * import's one transaction, and each writes its change events (SPEC §11) beside it through the
 * transaction's ChangeSet: createRoles (`role.created`), updateRoles (`role.renamed`,
 * `role.updated`), nestRoles (`role.nested`, and `access.changed` for the holders), createUsers
 * (`user.created`), updateUsers (`user.updated`, `user.deactivated`, `user.reactivated`),
 * assignRoles (`membership.added` with its source, `access.changed`, derived by the ChangeSet
 * from what the users hold before and after), membersChanged (nothing of its own: the role's
 * version). Each method flushes its events, so memory stays bounded by a batch. A dry run goes
 * through the same methods, which then write nothing and record no event.
 */

import type { Actor } from "./actor.ts";
import type { ChangeSet } from "./change-set.ts";
import type { RoleRecord, UserRecord } from "./model.ts";
import type { AccessSnapshot, Nesting, Repositories, UserRoleRow } from "./ports.ts";
import { roleSource } from "./record-json.ts";
import { roleIndex } from "./role-index.ts";
import { normalizeRoleName } from "./role-name.ts";
import { userIndex } from "./user-writes.ts";

/** A record before and after a change. */
export interface Change<T> {
  readonly before: T;
  readonly after: T;
}

/** The writes of one import into one tenant. */
export class ImportWrites {
  /** The users the last createUsers created (Id, Active): what they hold is known without reading. */
  #created = new Map<string, boolean>();
  /** The roles each role contains, at any depth, once the import's nestings are written (read once). */
  #contained: Map<string, ReadonlySet<string>> | undefined;

  constructor(
    private readonly tx: Repositories,
    private readonly tenantId: string,
    /** Who imports, for the events (SPEC §11 `Actor`). */
    readonly actor: Actor,
    private readonly dryRun: boolean,
    private readonly now: string,
    /** The transaction's events; absent for a dry run, which writes none. */
    private readonly changes?: ChangeSet,
  ) {}

  /** Writes the events recorded by one method (a batch), still inside the transaction. */
  private async flush(): Promise<void> {
    await this.changes?.flushEvents();
  }

  /** Creates roles, indexed as every role writer indexes them. */
  async createRoles(roles: readonly RoleRecord[]): Promise<void> {
    if (this.dryRun || roles.length === 0) return;
    await this.tx.bulk.insertRoles(
      this.tenantId,
      roles.map((role) => ({ role, normalizedName: normalizeRoleName(role.displayName), index: roleIndex(role) })),
    );
    for (const role of roles) this.changes?.roleCreated(role);
    await this.flush();
  }

  /** Rewrites roles a merge changed (each `after` one version above its `before`). */
  async updateRoles(changes: readonly Change<RoleRecord>[]): Promise<void> {
    if (this.dryRun || changes.length === 0) return;
    await this.tx.bulk.updateRoles(
      this.tenantId,
      changes.map(({ after: role }) => ({
        role,
        normalizedName: normalizeRoleName(role.displayName),
        index: roleIndex(role),
      })),
    );
    for (const { before, after } of changes) this.changes?.roleUpdated(before, after);
    await this.flush();
  }

  /** Adds nestings (the document's, checked for cycles with the tenant's). */
  async nestRoles(nestings: readonly Nesting[]): Promise<void> {
    if (this.dryRun || nestings.length === 0) return;
    const added = await this.newNestings(nestings);
    // Everyone holding a parent may hold more once it contains the child.
    for (const parentId of new Set(added.map((n) => n.parentId))) await this.changes?.watchRoleHolders(parentId);
    await this.tx.bulk.nest(this.tenantId, nestings);
    for (const { parentId, childId } of added) this.changes?.nestingChanged(parentId, childId, true);
    await this.flush();
  }

  /** The nestings the tenant does not have yet (one already there is left as it is: no event). */
  private async newNestings(nestings: readonly Nesting[]): Promise<readonly Nesting[]> {
    if (this.changes === undefined) return nestings;
    const existing = new Set(
      (await this.tx.bulk.nestings(this.tenantId)).map((n) => `${n.parentId}\u0000${n.childId}`),
    );
    return nestings.filter((n) => !existing.has(`${n.parentId}\u0000${n.childId}`));
  }

  /** Creates users, indexed by `userIndex`: found by SCIM exactly as users SCIM wrote. */
  async createUsers(users: readonly UserRecord[]): Promise<void> {
    if (this.dryRun || users.length === 0) return;
    await this.tx.bulk.insertUsers(
      this.tenantId,
      users.map((user) => ({ user, index: userIndex(user) })),
    );
    for (const user of users) this.changes?.userCreated(user);
    await this.flush();
    this.#created = new Map(users.map((user) => [user.id, user.active]));
  }

  /** Rewrites users a merge changed. */
  async updateUsers(changes: readonly Change<UserRecord>[]): Promise<void> {
    if (this.dryRun || changes.length === 0) return;
    // A user whose Active flips holds nothing, or everything again: its access changes too.
    await this.changes?.watchUsers(changes.filter((c) => c.before.active !== c.after.active).map((c) => c.after.id));
    await this.tx.bulk.updateUsers(
      this.tenantId,
      changes.map(({ after: user }) => ({ user, index: userIndex(user) })),
    );
    for (const { before, after } of changes) this.changes?.userUpdated(before, after);
    await this.flush();
  }

  /** Adds direct assignments, or sets the source of one already held. */
  async assignRoles(rows: readonly UserRoleRow[]): Promise<void> {
    const created = this.#created;
    this.#created = new Map();
    if (this.dryRun || rows.length === 0) return;
    // Users the batch has just created hold nothing yet, and then exactly what it assigns them
    // (and what those roles contain): their access is not read, before or after.
    await this.changes?.watchUsersSomeNew(
      rows.map((row) => row.userId),
      await this.#holding(rows, created),
    );
    await this.tx.bulk.assign(this.tenantId, rows);
    await this.flush();
  }

  /** What each created user of `rows` holds once they are assigned, as `accessSnapshots` reads it. */
  async #holding(rows: readonly UserRoleRow[], created: ReadonlyMap<string, boolean>) {
    const direct = new Map<string, Map<string, string>>();
    for (const { userId, assignment } of rows) {
      if (!created.has(userId)) continue;
      const held = direct.get(userId) ?? new Map<string, string>();
      held.set(assignment.roleId, roleSource(assignment));
      direct.set(userId, held);
    }
    const snapshots = new Map<string, AccessSnapshot>();
    if (direct.size === 0) return snapshots;
    this.#contained ??= containedRoles(await this.tx.bulk.nestings(this.tenantId));
    for (const [userId, held] of direct) {
      const indirect = new Set<string>();
      for (const roleId of held.keys()) {
        for (const contained of this.#contained.get(roleId) ?? []) if (!held.has(contained)) indirect.add(contained);
      }
      snapshots.set(userId, { active: created.get(userId) === true, direct: held, indirect });
    }
    return snapshots;
  }

  /** Gives a new version to existing roles whose SCIM members the import changed, as a grant by hand does. */
  async membersChanged(roleIds: Iterable<string>): Promise<void> {
    const ids = [...roleIds];
    if (this.dryRun || ids.length === 0) return;
    await this.tx.roles.touch(this.tenantId, ids, this.now);
  }
}

/** The roles each parent contains at any depth (a cycle, which nesting refuses, would end the walk too). */
function containedRoles(nestings: readonly Nesting[]): Map<string, ReadonlySet<string>> {
  const children = new Map<string, string[]>();
  for (const { parentId, childId } of nestings) {
    const list = children.get(parentId) ?? [];
    list.push(childId);
    children.set(parentId, list);
  }
  const result = new Map<string, ReadonlySet<string>>();
  for (const parentId of children.keys()) {
    const reached = new Set<string>();
    const stack = [...(children.get(parentId) ?? [])];
    while (stack.length > 0) {
      const roleId = stack.pop()!;
      if (reached.has(roleId)) continue;
      reached.add(roleId);
      stack.push(...(children.get(roleId) ?? []));
    }
    result.set(parentId, reached);
  }
  return result;
}
