/** Writes of SCIM Groups: create with matching and adoption, rename, membership (SPEC §5, §6). */
import { isDeepStrictEqual } from "node:util";
import { RosterError } from "../protocol/errors.ts";
import { applyPatch } from "../protocol/patch/apply-patch.ts";
import type { MemberChange, PatchOperation } from "../protocol/patch/patch-operation.ts";
import { planGroupPatch } from "../protocol/patch/plan-group-patch.ts";
import { isScimObject, type ScimObject, URN } from "../protocol/resource/scim-object.ts";
import { type RoleRecord, withExternalId } from "./model.ts";
import { notFound } from "./not-found.ts";
import type { MembershipOptions, Repositories } from "./ports.ts";
import { assertPrecondition, hasPrecondition } from "./precondition.ts";
import { roleIndex } from "./role-index.ts";
import { nextFreeRoleId, normalizeRoleName } from "./role-name.ts";
import type { ScimContext, WritePrecondition } from "./scim-operations.ts";
import { externalIdFor, groupAttributes } from "./scim-view.ts";
import { readTenantSettings } from "./tenant-settings.ts";

/** The role type of roles created through SCIM (SPEC §3). */
export const SCIM_ROLE_TYPE = "Group";

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** The member ids a Group resource lists. */
function memberIds(resource: ScimObject): string[] {
  const members = resource["members"];
  if (!Array.isArray(members)) return [];
  return members.map((member) => {
    const value = isScimObject(member) ? member["value"] : undefined;
    if (typeof value !== "string" || value === "") throw new RosterError("invalidValue", "every member needs a value");
    return value;
  });
}

function storedAttributes(resource: ScimObject): ScimObject {
  const { schemas: _s, id: _i, meta: _m, members: _mb, externalId: _e, displayName: _d, ...attributes } = resource;
  return attributes;
}

/** One transaction's worth of group writes for one tenant and provider. */
export class GroupWrites {
  constructor(
    private readonly tx: Repositories,
    private readonly ctx: ScimContext,
    private readonly now: string,
  ) {}

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
   * SPEC §5 create: match by externalId for this provider, then by normalized display name
   * (a role not linked to this provider, or any when no externalId is given); adopt the match,
   * else create a role whose Id is the normalized name, suffixed -2, -3, … when taken.
   */
  async create(resource: ScimObject): Promise<RoleRecord> {
    const { normalized } = this.nameOf(resource);
    const externalId = text(resource["externalId"]);
    let match = externalId
      ? await this.tx.roles.findByExternalId(this.tenantId, this.ctx.provider, externalId)
      : undefined;
    if (!match) {
      const named = await this.tx.roles.findByNormalizedName(this.tenantId, normalized);
      match =
        named.find((role) => externalIdFor(role.externalIds, this.ctx.provider) === undefined) ??
        (externalId === undefined ? named[0] : undefined);
    }
    const ids = memberIds(resource);
    if (match) {
      const adopted = this.build(match, match.id, resource, true);
      await this.saveRole(adopted, match, normalized);
      await this.applyMembers(adopted.id, [{ kind: "add", ids }]);
      return adopted;
    }
    const id = nextFreeRoleId(normalized, await this.tx.roles.idsLike(this.tenantId, normalized));
    const role = this.build(undefined, id, resource, false);
    await this.saveRole(role, undefined, normalized);
    await this.applyMembers(role.id, [{ kind: "add", ids }]);
    return role;
  }

  /** PUT: replaces the group's attributes and its member set; a new displayName keeps the Id. */
  async replace(id: string, resource: ScimObject, precondition?: WritePrecondition): Promise<void> {
    const existing = await this.tx.roles.get(this.tenantId, id, { forUpdate: true });
    if (!existing) throw notFound("Group", id);
    assertPrecondition(precondition, existing.version);
    const { normalized } = this.nameOf(resource);
    await this.saveRole(this.build(existing, id, resource, false), existing, normalized);
    await this.applyMembers(id, [{ kind: "replace", ids: memberIds(resource) }]);
  }

  /** PATCH: member operations touch only the members named; the others apply to the group's attributes. */
  async patch(id: string, operations: readonly PatchOperation[], precondition?: WritePrecondition): Promise<void> {
    const existing = await this.tx.roles.get(this.tenantId, id, { forUpdate: true });
    if (!existing) throw notFound("Group", id);
    assertPrecondition(precondition, existing.version);
    const plan = planGroupPatch(operations);
    if (!plan.ok) throw plan.error;
    let saved = false;
    if (plan.value.otherOperations.length > 0) {
      const current = { schemas: [URN.group], id, ...groupAttributes(existing, this.ctx.provider) };
      const patched = applyPatch("Group", current, plan.value.otherOperations);
      if (!patched.ok) throw patched.error;
      // RFC 7644 §3.5.2.1: a PATCH that changes nothing leaves the version and lastModified alone.
      if (!isDeepStrictEqual(patched.value, current)) {
        const { normalized } = this.nameOf(patched.value);
        await this.saveRole(this.build(existing, id, patched.value, false), existing, normalized);
        saved = true;
      }
    }
    const changed = await this.applyMembers(id, plan.value.memberChanges);
    if (!saved && changed > 0) {
      // A conditional write bumps only the version it checked; a plain one never conflicts.
      const expected = hasPrecondition(precondition) ? existing.version : undefined;
      await this.tx.roles.touch(this.tenantId, id, this.now, expected);
    }
  }

  /** Applies member changes in order; every added member must be a user of the tenant. */
  private async applyMembers(roleId: string, changes: readonly MemberChange[]): Promise<number> {
    let changed = 0;
    for (const change of changes) {
      switch (change.kind) {
        case "add":
          changed += await this.addMembers(roleId, change.ids);
          break;
        case "remove":
          changed += await this.tx.roles.removeMembers(this.tenantId, roleId, change.ids, await this.membership());
          break;
        case "removeAll":
          changed += await this.tx.roles.removeAllMembers(this.tenantId, roleId, await this.membership());
          break;
        case "replace":
          changed += await this.tx.roles.removeAllMembers(this.tenantId, roleId, await this.membership());
          changed += await this.addMembers(roleId, change.ids);
          break;
      }
    }
    return changed;
  }

  private async addMembers(roleId: string, ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const existing = await this.tx.users.existingIds(this.tenantId, ids);
    const missing = ids.filter((id) => !existing.has(id));
    if (missing.length) {
      throw new RosterError("invalidValue", `members are not users of this tenant: ${missing.slice(0, 5).join(", ")}`);
    }
    return this.tx.roles.addMembers(this.tenantId, roleId, ids, this.ctx.provider, await this.membership());
  }

  /** The tenant's `ManualRoles` rule, read at this write: with `keep`, SCIM never drops a hand grant. */
  private async membership(): Promise<MembershipOptions> {
    const tenant = await this.tx.tenants.get(this.tenantId);
    return { keepManual: readTenantSettings(tenant?.settings ?? {}).manualRoles === "keep" };
  }
}
