/**
 * Every change an import makes goes through one method here, one per kind of change, in the
 * import's one transaction, so that the change events of SPEC §11 have one place each to be
 * written beside their change: createRoles (`role.created`), updateRoles (`role.renamed` when the
 * display name changed), nestRoles (`role.nested`, and `access.changed` for the holders),
 * createUsers (`user.created`, `user.deactivated` for an inactive one), updateUsers
 * (`user.updated`, `user.deactivated`, `user.reactivated`), assignRoles (`membership.added` with
 * its source, `access.changed`), membersChanged (nothing of its own: the role's version). A dry run goes through the same methods, which then write nothing.
 */
import type { Actor } from "./actor.ts";
import type { RoleRecord, UserRecord } from "./model.ts";
import type { Nesting, Repositories, UserRoleRow } from "./ports.ts";
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
  constructor(
    private readonly tx: Repositories,
    private readonly tenantId: string,
    /** Who imports, for the events (SPEC §11 `Actor`). */
    readonly actor: Actor,
    private readonly dryRun: boolean,
    private readonly now: string,
  ) {}

  /** Creates roles, indexed as every role writer indexes them. */
  async createRoles(roles: readonly RoleRecord[]): Promise<void> {
    if (this.dryRun || roles.length === 0) return;
    await this.tx.bulk.insertRoles(
      this.tenantId,
      roles.map((role) => ({ role, normalizedName: normalizeRoleName(role.displayName), index: roleIndex(role) })),
    );
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
  }

  /** Adds nestings (the document's, checked for cycles with the tenant's). */
  async nestRoles(nestings: readonly Nesting[]): Promise<void> {
    if (this.dryRun || nestings.length === 0) return;
    await this.tx.bulk.nest(this.tenantId, nestings);
  }

  /** Creates users, indexed by `userIndex`: found by SCIM exactly as users SCIM wrote. */
  async createUsers(users: readonly UserRecord[]): Promise<void> {
    if (this.dryRun || users.length === 0) return;
    await this.tx.bulk.insertUsers(
      this.tenantId,
      users.map((user) => ({ user, index: userIndex(user) })),
    );
  }

  /** Rewrites users a merge changed. */
  async updateUsers(changes: readonly Change<UserRecord>[]): Promise<void> {
    if (this.dryRun || changes.length === 0) return;
    await this.tx.bulk.updateUsers(
      this.tenantId,
      changes.map(({ after: user }) => ({ user, index: userIndex(user) })),
    );
  }

  /** Adds direct assignments, or sets the source of one already held. */
  async assignRoles(rows: readonly UserRoleRow[]): Promise<void> {
    if (this.dryRun || rows.length === 0) return;
    await this.tx.bulk.assign(this.tenantId, rows);
  }

  /** Gives a new version to existing roles whose SCIM members the import changed, as a grant by hand does. */
  async membersChanged(roleIds: Iterable<string>): Promise<void> {
    const ids = [...roleIds];
    if (this.dryRun || ids.length === 0) return;
    await this.tx.roles.touch(this.tenantId, ids, this.now);
  }
}
