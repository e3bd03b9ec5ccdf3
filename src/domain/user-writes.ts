/** Writes of SCIM Users: create with matching and adoption, replace, patch, deactivation (SPEC §4, §7). */
import { isDeepStrictEqual } from "node:util";
import { RosterError } from "../protocol/errors.ts";
import { applyPatch } from "../protocol/patch/apply-patch.ts";
import type { PatchOperation } from "../protocol/patch/patch-operation.ts";
import { indexEntries } from "../protocol/resource/index-entries.ts";
import { type ScimObject, URN } from "../protocol/resource/scim-object.ts";
import { changedAttributePaths } from "./change-events.ts";
import type { ChangeSet } from "./change-set.ts";
import { userB2CIdKey, userEmailKey, userIdKey, userNameKey } from "./lock-keys.ts";
import { MembershipWrites } from "./membership-writes.ts";
import { type UserRecord, userDisplay, withExternalId } from "./model.ts";
import { notFound } from "./not-found.ts";
import type { Repositories } from "./ports.ts";
import { assertPrecondition, hasPrecondition } from "./precondition.ts";
import type { ScimContext, WritePrecondition } from "./scim-operations.ts";
import { externalIdFor, NO_ROLES, schemasOf, userAttributes, userEtag } from "./scim-view.ts";
import { readTenantSettings } from "./tenant-settings.ts";
import { type MappedUser, mapScimUser } from "./user-mapping.ts";

/** The outcome of a write that may have deleted the user (`DeactivateAction` = delete). */
export interface UserWriteResult {
  /** The user as written (or as it was when `active: false` deleted it). */
  readonly user: UserRecord;
  readonly deleted: boolean;
}

/** The search index of a user: its attributes as any provider sees them. */
export function userIndex(user: UserRecord) {
  return indexEntries("User", userAttributes(user, ""));
}

function storedAttributes(resource: ScimObject): ScimObject {
  const { schemas: _s, id: _i, meta: _m, groups: _g, ...attributes } = resource;
  return attributes;
}

/**
 * Throws `preconditionFailed` unless `precondition` holds for `user` as its resource shows it
 * now: its ETag covers its groups too, so they are read (only when there is a condition).
 */
export async function assertUserPrecondition(
  tx: Repositories,
  tenantId: string,
  user: UserRecord,
  precondition: WritePrecondition | undefined,
): Promise<void> {
  if (!hasPrecondition(precondition)) return;
  const roles = (await tx.users.roles(tenantId, [user.id])).get(user.id);
  assertPrecondition(precondition, userEtag(user, roles ?? NO_ROLES));
}

/** One transaction's worth of user writes for one tenant and provider. */
export class UserWrites {
  private readonly memberships: MembershipWrites;

  constructor(
    private readonly tx: Repositories,
    private readonly ctx: ScimContext,
    private readonly now: string,
    private readonly changes: ChangeSet,
  ) {
    this.memberships = new MembershipWrites(tx, ctx.tenantId, now, changes);
  }

  /** The attribute paths this provider sees changed, for the provisioning log. */
  private attributeChanges(before: UserRecord | undefined, after: UserRecord): string[] {
    const provider = this.ctx.provider;
    return changedAttributePaths(before ? userAttributes(before, provider) : null, userAttributes(after, provider));
  }

  /** Before a user is rewritten: a change of `Active` changes its access. */
  private async beforeUpdate(existing: UserRecord, user: UserRecord): Promise<void> {
    if (existing.active !== user.active) await this.changes.watchUsers([existing.id]);
  }

  /** The events of a rewrite: user.updated for changed fields or attributes, user.(de|re)activated for Active. */
  private afterUpdate(existing: UserRecord, user: UserRecord): boolean {
    return this.changes.userUpdated(existing, user, changedAttributePaths(existing.scim, user.scim));
  }

  private get tenantId() {
    return this.ctx.tenantId;
  }

  /**
   * The user a SCIM write describes, starting from `base` (the existing user) or from nothing.
   * An unassigned `active` never changes access: the user keeps its state (a new user is
   * active). A POST or PUT (`assignDefault`) that leaves `active` out gets that state as the
   * server's default value (RFC 7644 §3.5.1), shown in the resource; a PATCH that removes it
   * leaves it unassigned, absent from the resource (§3.5.2.2).
   */
  private build(
    base: UserRecord | undefined,
    id: string,
    mapped: MappedUser,
    resource: ScimObject,
    assignDefault: boolean,
  ): UserRecord {
    const active = mapped.active ?? base?.active ?? true;
    const attributes = storedAttributes(resource);
    return {
      id,
      email: mapped.email,
      firstName: mapped.firstName,
      lastName: mapped.lastName,
      phone: mapped.phone,
      b2cId: mapped.b2cId,
      externalIds: withExternalId(base?.externalIds ?? [], this.ctx.provider, mapped.userName),
      active,
      scim: assignDefault && mapped.active === undefined ? { ...attributes, active } : attributes,
      scimProvider: this.ctx.provider,
      createdAt: base?.createdAt ?? this.now,
      modifiedAt: this.now,
      version: (base?.version ?? 0) + 1,
    };
  }

  /**
   * SPEC §4 create: a user already linked to this provider by `userName` is a duplicate (409);
   * otherwise match by email or externalId, adopt a match not yet linked to this provider,
   * refuse an ambiguous match, and create a user when nothing matches. Every name looked up
   * (and the Id a new user would take) is locked first, so simultaneous creates of one user, in
   * any instance, run one after the other.
   */
  async create(resource: ScimObject): Promise<UserRecord> {
    const mapped = mapScimUser(resource);
    await this.tx.locks.lock(this.tenantId, [
      userNameKey(this.ctx.provider, mapped.userName),
      userIdKey(mapped.email ?? mapped.userName),
      ...(mapped.email ? [userEmailKey(mapped.email)] : []),
      ...(mapped.b2cId ? [userB2CIdKey(mapped.b2cId)] : []),
    ]);
    const found = await this.tx.users.createMatches(this.tenantId, {
      provider: this.ctx.provider,
      userName: mapped.userName,
      email: mapped.email || null,
      b2cId: mapped.b2cId || null,
      id: mapped.email ?? mapped.userName,
    });
    if (found.linked) throw new RosterError("uniqueness", `userName ${mapped.userName} is already provisioned`);
    const candidates = new Map<string, UserRecord>();
    for (const user of found.byEmail) candidates.set(user.id, user);
    for (const user of found.byB2CId) candidates.set(user.id, user);
    if (candidates.size > 1) {
      throw new RosterError(
        "uniqueness",
        "the email and the externalId of this user belong to different existing users",
      );
    }
    const [match] = candidates.values();
    if (match) {
      if (externalIdFor(match.externalIds, this.ctx.provider) !== undefined) {
        throw new RosterError(
          "uniqueness",
          `a user with this email or externalId is already provisioned by ${this.ctx.provider}`,
        );
      }
      const adopted = this.build(match, match.id, mapped, resource, true);
      await this.beforeUpdate(match, adopted);
      await this.tx.users.update(this.tenantId, adopted, match.version, userIndex(adopted));
      if (userDisplay(adopted) !== userDisplay(match)) await this.memberships.memberChanged(adopted.id);
      this.afterUpdate(match, adopted);
      this.changes.logWrite({
        outcome: "adopted",
        resourceType: "User",
        resourceId: adopted.id,
        changes: () => this.attributeChanges(match, adopted),
      });
      return adopted;
    }
    const user = this.build(undefined, mapped.email ?? mapped.userName, mapped, resource, true);
    if (found.idTaken) {
      throw new RosterError("uniqueness", `a user with id ${user.id} already exists`);
    }
    await this.tx.users.insert(this.tenantId, user, userIndex(user));
    this.changes.userCreated(user);
    this.changes.logWrite({
      outcome: "created",
      resourceType: "User",
      resourceId: user.id,
      changes: () => this.attributeChanges(undefined, user),
    });
    return user;
  }

  /** PUT: replaces the user's SCIM attributes; the mapped fields follow. */
  async replace(id: string, resource: ScimObject, precondition?: WritePrecondition): Promise<UserWriteResult> {
    const existing = await this.tx.users.get(this.tenantId, id, { forUpdate: true });
    if (!existing) throw notFound("User", id);
    await assertUserPrecondition(this.tx, this.tenantId, existing, precondition);
    return this.save(existing, resource, true);
  }

  /** PATCH: applies the operations to the user as this provider sees it, then saves it like a PUT. */
  async patch(
    id: string,
    operations: readonly PatchOperation[],
    precondition?: WritePrecondition,
  ): Promise<UserWriteResult> {
    const existing = await this.tx.users.get(this.tenantId, id, { forUpdate: true });
    if (!existing) throw notFound("User", id);
    await assertUserPrecondition(this.tx, this.tenantId, existing, precondition);
    const attributes = userAttributes(existing, this.ctx.provider);
    const current = { schemas: schemasOf(attributes, URN.user), id, ...attributes };
    const patched = applyPatch("User", current, operations);
    if (!patched.ok) throw patched.error;
    const userName = patched.value["userName"];
    if (typeof userName !== "string" || userName.trim() === "") {
      throw new RosterError("invalidValue", "userName is required");
    }
    if (
      isDeepStrictEqual(patched.value, current) &&
      externalIdFor(existing.externalIds, this.ctx.provider) !== undefined
    ) {
      // RFC 7644 §3.5.2.1: a PATCH that changes nothing leaves version and lastModified alone;
      // it is still a write of the user by its provider, so SPEC §7 applies to its roles, and
      // when that drops any, its groups changed after all.
      if (!(await this.replacesManualRoles()) || !(await this.memberships.dropManual(id))) {
        this.changes.logWrite({ outcome: "unchanged", resourceType: "User", resourceId: id, changes: [] });
        return { user: existing, deleted: false };
      }
      this.changes.logWrite({ outcome: "updated", resourceType: "User", resourceId: id, changes: ["groups"] });
      await this.tx.users.touch(this.tenantId, [id], this.now);
      return { user: { ...existing, modifiedAt: this.now, version: existing.version + 1 }, deleted: false };
    }
    return this.save(existing, patched.value, false);
  }

  /**
   * Saves a new state of an existing user. The first write by a provider adopts the user and
   * keeps its hand-assigned roles; every later write leaves only what SCIM groups give (SPEC §7).
   */
  private async save(existing: UserRecord, resource: ScimObject, assignDefault: boolean): Promise<UserWriteResult> {
    const mapped = mapScimUser(resource);
    const holder = await this.tx.users.findByExternalId(this.tenantId, this.ctx.provider, mapped.userName);
    if (holder && holder.id !== existing.id) {
      throw new RosterError("uniqueness", `userName ${mapped.userName} belongs to another user`);
    }
    const wasLinked = externalIdFor(existing.externalIds, this.ctx.provider) !== undefined;
    const user = this.build(existing, existing.id, mapped, resource, assignDefault);
    if (!user.active && (await this.deactivateDeletes())) {
      await this.changes.watchUsers([existing.id]);
      await this.memberships.memberChanged(existing.id);
      await this.tx.users.delete(this.tenantId, existing.id);
      this.changes.userDeleted(existing);
      this.changes.logWrite({ outcome: "deleted", resourceType: "User", resourceId: existing.id, changes: [] });
      return { user, deleted: true };
    }
    await this.beforeUpdate(existing, user);
    await this.tx.users.update(this.tenantId, user, existing.version, userIndex(user));
    if (userDisplay(user) !== userDisplay(existing)) await this.memberships.memberChanged(user.id);
    const dropped = wasLinked && (await this.replacesManualRoles()) && (await this.memberships.dropManual(user.id));
    const changed = this.afterUpdate(existing, user);
    const attributes = () => this.attributeChanges(existing, user);
    this.changes.logWrite({
      // A write whose stored attributes and fields stayed the same may still show differently
      // (a userName of another provider's view): the log's paths are this provider's view.
      outcome: !wasLinked ? "adopted" : changed || dropped ? "updated" : "unchanged",
      resourceType: "User",
      resourceId: user.id,
      changes: () => (dropped ? [...attributes(), "groups"] : attributes()),
    });
    return { user, deleted: false };
  }

  private async deactivateDeletes(): Promise<boolean> {
    const tenant = await this.tx.tenants.get(this.tenantId);
    return tenant?.settings["DeactivateAction"]?.toLowerCase() === "delete";
  }

  /** SPEC §7 with the tenant's `ManualRoles` rule, read at this write: `keep` never drops a hand grant. */
  private async replacesManualRoles(): Promise<boolean> {
    const tenant = await this.tx.tenants.get(this.tenantId);
    return readTenantSettings(tenant?.settings ?? {}).manualRoles === "replace";
  }
}
