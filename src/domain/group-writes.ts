/** Writes of SCIM Groups: create with matching and adoption, rename, membership (SPEC §5, §6). */
import { isDeepStrictEqual } from "node:util";
import { RosterError, unwrap } from "../protocol/errors.ts";
import { applyPatch } from "../protocol/patch/apply-patch.ts";
import type { MemberChange, PatchOperation } from "../protocol/patch/patch-operation.ts";
import { planGroupPatch } from "../protocol/patch/plan-group-patch.ts";
import { parseMemberIds } from "../protocol/resource/member-ids.ts";
import { type ScimObject, URN } from "../protocol/resource/scim-object.ts";
import { changedAttributePaths } from "./change-events.ts";
import type { ChangeSet } from "./change-set.ts";
import { roleExternalIdKey, roleNameKey } from "./lock-keys.ts";
import { MembershipWrites } from "./membership-writes.ts";
import { type RoleRecord, withExternalId } from "./model.ts";
import { notFound } from "./not-found.ts";
import type { MembershipOptions, Repositories } from "./ports.ts";
import { assertPrecondition, hasPrecondition } from "./precondition.ts";
import { roleIndex } from "./role-index.ts";
import { nextFreeRoleId, normalizeRoleName } from "./role-name.ts";
import type { ScimContext, WritePrecondition } from "./scim-operations.ts";
import { etag, externalIdFor, groupAttributes } from "./scim-view.ts";
import { readTenantSettings } from "./tenant-settings.ts";

/** The role type of roles created through SCIM (SPEC §3). */
export const SCIM_ROLE_TYPE = "Group";

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function storedAttributes(resource: ScimObject): ScimObject {
  const { schemas: _s, id: _i, meta: _m, members: _mb, externalId: _e, displayName: _d, ...attributes } = resource;
  return attributes;
}

/** One transaction's worth of group writes for one tenant and provider. */
export class GroupWrites {
  private readonly memberships: MembershipWrites;

  constructor(
    private readonly tx: Repositories,
    private readonly ctx: ScimContext,
    private readonly now: string,
    private readonly changes: ChangeSet,
  ) {
    this.memberships = new MembershipWrites(tx, ctx.tenantId, now, changes);
  }

  /**
   * The events of a rewrite of an existing role (role.renamed, role.updated for its external
   * ids) and the attribute paths this provider sees changed.
   */
  private recordUpdate(existing: RoleRecord, role: RoleRecord): string[] {
    this.changes.roleUpdated(existing, role);
    return changedAttributePaths(
      groupAttributes(existing, this.ctx.provider),
      groupAttributes(role, this.ctx.provider),
    );
  }

  private get tenantId() {
    return this.ctx.tenantId;
  }

  private nameOf(resource: ScimObject): { displayName: string; normalized: string } {
    const displayName = text(resource["displayName"]);
    const normalized = displayName ? normalizeRoleName(displayName) : "";
    if (!displayName || normalized === "")
      throw new RosterError("invalidValue", "displayName is required and must not be blank");
    return { displayName, normalized };
  }

  private build(base: RoleRecord | undefined, id: string, resource: ScimObject, keepExternalId: boolean): RoleRecord {
    const externalId = text(resource["externalId"]);
    const externalIds =
      keepExternalId && externalId === undefined
        ? [...(base?.externalIds ?? [])]
        : withExternalId(base?.externalIds ?? [], this.ctx.provider, externalId);
    return {
      id,
      displayName: this.nameOf(resource).displayName,
      externalIds,
      roleType: base?.roleType ?? SCIM_ROLE_TYPE,
      scim: storedAttributes(resource),
      scimProvider: this.ctx.provider,
      createdAt: base?.createdAt ?? this.now,
      modifiedAt: this.now,
      version: (base?.version ?? 0) + 1,
    };
  }

  private async saveRole(role: RoleRecord, existing: RoleRecord | undefined, normalized: string) {
    const externalId = externalIdFor(role.externalIds, this.ctx.provider);
    if (externalId !== undefined) {
      const holder = await this.tx.roles.findByExternalId(this.tenantId, this.ctx.provider, externalId);
      if (holder && holder.id !== role.id)
        throw new RosterError("uniqueness", `externalId ${externalId} belongs to another group`);
    }
    const index = roleIndex(role);
    if (existing) await this.tx.roles.update(this.tenantId, role, normalized, existing.version, index);
    else await this.tx.roles.insert(this.tenantId, role, normalized, index);
  }

  /**
   * SPEC §5 create. A role this provider already linked by the request's `externalId` makes it
   * a duplicate create (409 `uniqueness`, as for users). Otherwise the role of the same
   * normalized display name is adopted (one not linked to this provider; without an
   * `externalId`, any); else a role is created whose Id is the normalized name, suffixed -2,
   * -3, … when taken. The names looked up are locked first, so simultaneous creates of one
   * group, in any instance, run one after the other.
   */
  async create(resource: ScimObject): Promise<RoleRecord> {
    const { displayName, normalized } = this.nameOf(resource);
    const externalId = text(resource["externalId"]);
    const ids = unwrap(parseMemberIds(resource["members"]));
    await this.tx.locks.lock(this.tenantId, [
      roleNameKey(displayName),
      ...(externalId ? [roleExternalIdKey(this.ctx.provider, externalId)] : []),
    ]);
    if (externalId) {
      const linked = await this.tx.roles.findByExternalId(this.tenantId, this.ctx.provider, externalId);
      if (linked) {
        throw new RosterError(
          "uniqueness",
          `a group with externalId ${externalId} is already provisioned by ${this.ctx.provider}: ${linked.id}`,
        );
      }
    }
    const named = await this.tx.roles.findByNormalizedName(this.tenantId, normalized);
    const match =
      named.find((role) => externalIdFor(role.externalIds, this.ctx.provider) === undefined) ??
      (externalId === undefined ? named[0] : undefined);
    if (match) {
      const adopted = this.build(match, match.id, resource, true);
      await this.saveRole(adopted, match, normalized);
      const changes = this.recordUpdate(match, adopted);
      await this.applyMembers(adopted.id, [{ kind: "add", ids }]);
      this.changes.logWrite({ outcome: "adopted", resourceType: "Group", resourceId: adopted.id, changes });
      return adopted;
    }
    // A role created meanwhile under another name may hold the Id picked here: the store then
    // answers `conflict`, and the write runs again and picks the next free Id.
    const id = nextFreeRoleId(normalized, await this.tx.roles.idsLike(this.tenantId, normalized));
    const role = this.build(undefined, id, resource, false);
    await this.saveRole(role, undefined, normalized);
    this.changes.roleCreated(role);
    await this.applyMembers(role.id, [{ kind: "add", ids }]);
    this.changes.logWrite({
      outcome: "created",
      resourceType: "Group",
      resourceId: role.id,
      changes: () => changedAttributePaths(null, groupAttributes(role, this.ctx.provider)),
    });
    return role;
  }

  /** PUT: replaces the group's attributes and its member set; a new displayName keeps the Id. */
  async replace(id: string, resource: ScimObject, precondition?: WritePrecondition): Promise<RoleRecord> {
    const ids = unwrap(parseMemberIds(resource["members"]));
    const existing = await this.tx.roles.get(this.tenantId, id, { forUpdate: true });
    if (!existing) throw notFound("Group", id);
    assertPrecondition(precondition, etag(existing.version));
    const { normalized } = this.nameOf(resource);
    const role = this.build(existing, id, resource, false);
    await this.saveRole(role, existing, normalized);
    const changes = this.recordUpdate(existing, role);
    await this.applyMembers(id, [{ kind: "replace", ids }]);
    this.changes.logWrite({ outcome: "unchanged", resourceType: "Group", resourceId: id, changes });
    return role;
  }

  /**
   * PATCH: member operations touch only the members named; the others apply to the group's
   * attributes. Answers the role as written (its version bumped once when anything changed).
   */
  async patch(
    id: string,
    operations: readonly PatchOperation[],
    precondition?: WritePrecondition,
  ): Promise<RoleRecord> {
    const existing = await this.tx.roles.get(this.tenantId, id, { forUpdate: true });
    if (!existing) throw notFound("Group", id);
    assertPrecondition(precondition, etag(existing.version));
    const plan = unwrap(planGroupPatch(operations));
    let saved: RoleRecord | undefined;
    let attributes: string[] = [];
    if (plan.otherOperations.length > 0) {
      const current = { schemas: [URN.group], id, ...groupAttributes(existing, this.ctx.provider) };
      const patched = unwrap(applyPatch("Group", current, plan.otherOperations));
      // RFC 7644 §3.5.2.1: a PATCH that changes nothing leaves the version and lastModified alone.
      if (!isDeepStrictEqual(patched, current)) {
        const { normalized } = this.nameOf(patched);
        saved = this.build(existing, id, patched, false);
        await this.saveRole(saved, existing, normalized);
        attributes = this.recordUpdate(existing, saved);
      }
    }
    const changed = await this.applyMembers(id, plan.memberChanges);
    // "unchanged" becomes "updated" when members changed (ChangeSet counts them).
    this.changes.logWrite({ outcome: "unchanged", resourceType: "Group", resourceId: id, changes: attributes });
    if (saved) return saved;
    if (changed === 0) return existing;
    // A conditional write bumps only the version it checked; a plain one never conflicts.
    const expected = hasPrecondition(precondition) ? existing.version : undefined;
    await this.tx.roles.touch(this.tenantId, [id], this.now, expected);
    return { ...existing, modifiedAt: this.now, version: existing.version + 1 };
  }

  /** Applies member changes in order; every added member must be a user of the tenant. */
  private async applyMembers(roleId: string, changes: readonly MemberChange[]): Promise<number> {
    let changed = 0;
    for (const change of changes) {
      switch (change.kind) {
        case "add":
          await this.assertUsers(change.ids);
          changed += await this.memberships.add(roleId, change.ids, this.ctx.provider, await this.membership());
          break;
        case "remove":
          changed += await this.memberships.remove(roleId, change.ids, await this.membership());
          break;
        case "removeAll":
          changed += await this.memberships.removeAll(roleId, await this.membership());
          break;
        case "replace":
          await this.assertUsers(change.ids);
          changed += await this.memberships.replace(roleId, change.ids, this.ctx.provider, await this.membership());
          break;
      }
    }
    return changed;
  }

  private async assertUsers(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    const existing = await this.tx.users.existingIds(this.tenantId, ids);
    const missing = ids.filter((id) => !existing.has(id));
    if (missing.length) {
      throw new RosterError("invalidValue", `members are not users of this tenant: ${missing.slice(0, 5).join(", ")}`);
    }
  }

  /** The tenant's `ManualRoles` rule, read at this write: with `keep`, SCIM never drops a hand grant. */
  private async membership(): Promise<MembershipOptions> {
    const tenant = await this.tx.tenants.get(this.tenantId);
    return { keepManual: readTenantSettings(tenant?.settings ?? {}).manualRoles === "keep" };
  }
}
