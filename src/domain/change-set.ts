/**
 * One transaction's changes, turned into SPEC §11 events and written in that transaction (the
 * outbox). Write code records what it did (`emit`) and, before it touches anything that can
 * change what users hold, names those users (`watchUsers`, `watchRoleHolders`): their access is
 * read once, before the first such change. At the end (`flush`), the watched users are read
 * again in one set-based query; every direct membership gained or lost becomes
 * `membership.added`/`membership.removed`, and every change of `Active`, direct or indirect
 * roles becomes `access.changed` with before and after. So no write path can forget an event,
 * and a write that changed nothing writes none. The provisioning log row of the request is
 * written in the same flush.
 */

import { isDeepStrictEqual } from "node:util";
import { type Actor, actorLabel } from "./actor.ts";
import { changedUserFields, type EventType, effectiveAccess, roleEventJson, userEventJson } from "./change-events.ts";
import { logEntryId } from "./log-entry-id.ts";
import type { RoleRecord, UserRecord } from "./model.ts";
import type { LogOutcome, NewEvent } from "./outbox-ports.ts";
import type { AccessSnapshot, Repositories } from "./ports.ts";
import type { RequestTrace } from "./request-trace.ts";

/** What a SCIM write tells the provisioning log about itself. */
export interface LoggedWrite {
  readonly outcome: LogOutcome;
  readonly resourceType: "User" | "Group";
  readonly resourceId: string;
  /** The attribute paths changed; computed only when the write is logged (a SCIM request). */
  readonly changes: readonly string[] | (() => readonly string[]);
}

/** The changes of one writing transaction for one tenant. */
export class ChangeSet {
  readonly #before = new Map<string, AccessSnapshot | null>();
  /** Watched users whose state may have changed: read again at the end, unless predicted. */
  readonly #dirty = new Set<string>();
  /** What watched users hold now, known without reading (a role added to them). */
  readonly #predicted = new Map<string, AccessSnapshot>();
  readonly #events: NewEvent[] = [];
  readonly #actor: string;
  #log: LoggedWrite | undefined;
  readonly #memberCounts = new Map<string, { added: number; removed: number }>();
  #written = 0;

  constructor(
    private readonly tx: Repositories,
    readonly tenantId: string,
    actor: Actor,
    readonly now: string,
    private readonly clock: () => number = Date.now,
  ) {
    this.#actor = actorLabel(actor);
  }

  /** Records an event, in order. */
  emit(type: EventType, data: Readonly<Record<string, unknown>>): void {
    this.#events.push({ type, occurredAt: this.now, actor: this.#actor, data });
  }

  /**
   * Reads the access of the users not yet watched, before a change that may alter their
   * memberships, `Active`, or what their roles contain (one query per batch of users), and
   * marks them changed: they are read again at the end.
   */
  async watchUsers(userIds: readonly string[]): Promise<void> {
    await this.watchCandidates(userIds);
    this.markChanged(userIds);
  }

  /**
   * Like `watchUsers`, for a batch writer (an import) whose users include some it has just
   * created in this transaction, holding nothing yet: `created` gives what each of those holds
   * once the change is made (as `accessSnapshots` would read it). Those are read neither before
   * (they hold no role) nor after; only the others are read, as `watchUsers` reads them. Users
   * are watched in the order of `userIds`, so the events come out as `watchUsers` writes them.
   */
  async watchUsersSomeNew(userIds: readonly string[], created: ReadonlyMap<string, AccessSnapshot>): Promise<void> {
    const fresh = [...new Set(userIds)].filter((id) => !this.#before.has(id));
    const toRead = fresh.filter((id) => !created.has(id));
    const found = toRead.length > 0 ? await this.tx.users.accessSnapshots(this.tenantId, toRead) : new Map();
    for (const id of fresh) {
      const after = created.get(id);
      this.#before.set(
        id,
        after === undefined
          ? (found.get(id) ?? null)
          : { active: after.active, direct: new Map(), indirect: new Set() },
      );
    }
    this.markChanged(userIds);
    for (const id of fresh) {
      const after = created.get(id);
      if (after !== undefined) this.#predicted.set(id, after);
    }
  }

  /** Like `watchUsers`, for users a change may leave alone: name those it changed with `markChanged` or `roleAdded`. */
  async watchCandidates(userIds: readonly string[]): Promise<void> {
    const fresh = [...new Set(userIds)].filter((id) => !this.#before.has(id));
    if (fresh.length === 0) return;
    const found = await this.tx.users.accessSnapshots(this.tenantId, fresh);
    for (const id of fresh) this.#before.set(id, found.get(id) ?? null);
  }

  /** Watched users that a change did change: read again at the end. */
  markChanged(userIds: readonly string[]): void {
    for (const id of userIds) {
      this.#predicted.delete(id);
      this.#dirty.add(id);
    }
  }

  /**
   * Watched users were given `roleId` directly from `source`; `descendants` are the roles it
   * contains. What they hold now follows without reading (the closure of a union is the union
   * of the closures), so adding members costs no second read.
   */
  roleAdded(userIds: readonly string[], roleId: string, source: string, descendants: readonly string[]): void {
    for (const id of userIds) {
      const base = this.#predicted.get(id) ?? (this.#dirty.has(id) ? undefined : this.#before.get(id));
      if (base === undefined || base === null) {
        this.markChanged([id]);
        continue;
      }
      const direct = new Map(base.direct);
      direct.set(roleId, source);
      const indirect = new Set([...base.indirect, ...descendants]);
      for (const held of direct.keys()) indirect.delete(held);
      this.#predicted.set(id, { active: base.active, direct, indirect });
    }
  }

  /** Watches everyone holding `roleId`, directly or through nesting: before it is nested, unnested or deleted. */
  async watchRoleHolders(roleId: string): Promise<void> {
    await this.watchUsers(await this.tx.roles.holderIds(this.tenantId, roleId));
  }

  /** user.created. (For batch writers such as an import; the services emit their own.) */
  userCreated(user: UserRecord): void {
    this.emit("user.created", { User: userEventJson(user) });
  }

  /**
   * user.updated with the changed §9 fields (and, for a SCIM write, the changed SCIM attribute
   * paths) when any changed, then user.deactivated or user.reactivated when `Active` flipped.
   * Watch the user first when `Active` may change. Answers whether anything changed.
   */
  userUpdated(before: UserRecord, after: UserRecord, scimAttributes?: readonly string[]): boolean {
    const fields = changedUserFields(before, after);
    const changed = fields.length > 0 || (scimAttributes?.length ?? 0) > 0;
    if (changed) {
      this.emit("user.updated", {
        User: userEventJson(after),
        Changed: fields,
        ...(scimAttributes === undefined ? {} : { ScimAttributes: scimAttributes }),
      });
    }
    if (before.active !== after.active) {
      this.emit(after.active ? "user.reactivated" : "user.deactivated", { User: userEventJson(after) });
    }
    return changed || before.active !== after.active;
  }

  /** user.deleted, with the user as it was. Watch it first: its memberships and access end too. */
  userDeleted(user: UserRecord): void {
    this.emit("user.deleted", { User: userEventJson(user) });
  }

  /** role.created. */
  roleCreated(role: RoleRecord): void {
    this.emit("role.created", { Role: roleEventJson(role) });
  }

  /** role.renamed when the display name changed; role.updated when its external ids did. */
  roleUpdated(before: RoleRecord, after: RoleRecord): void {
    if (before.displayName !== after.displayName) {
      this.emit("role.renamed", { Role: roleEventJson(after), PreviousDisplayName: before.displayName });
    }
    const ids = (r: RoleRecord) => r.externalIds.map((x) => [x.provider.toLowerCase(), x.value]);
    if (!isDeepStrictEqual(ids(before), ids(after))) {
      this.emit("role.updated", { Role: roleEventJson(after), Changed: ["ExternalIds"] });
    }
  }

  /** role.deleted. Watch its holders first (`watchRoleHolders`). */
  roleDeleted(role: RoleRecord): void {
    this.emit("role.deleted", { Role: roleEventJson(role) });
  }

  /** role.nested / role.unnested. Watch the parent's holders first (`watchRoleHolders(parentId)`). */
  nestingChanged(parentId: string, childId: string, nested: boolean): void {
    this.emit(nested ? "role.nested" : "role.unnested", { Parent: parentId, Child: childId });
  }

  /**
   * Writes the events recorded so far (and those derived from the users watched so far, who are
   * then forgotten: watch again before changing them again), still inside the transaction. For
   * a long batch writer such as an import, so that memory stays bounded; `flush` does the rest.
   * Answers how many events were written.
   */
  async flushEvents(): Promise<number> {
    const events = await this.#takeEvents();
    await this.#append(events);
    return events.length;
  }

  /** The events recorded and derived so far, forgotten here (they are the caller's to write). */
  async #takeEvents(): Promise<NewEvent[]> {
    const derived = await this.#derived();
    const events = [...this.#events, ...derived.memberships, ...derived.access];
    this.#events.length = 0;
    this.#before.clear();
    this.#dirty.clear();
    this.#predicted.clear();
    for (const [roleId, counts] of derived.memberCounts) {
      const total = this.#memberCounts.get(roleId) ?? { added: 0, removed: 0 };
      total.added += counts.added;
      total.removed += counts.removed;
      this.#memberCounts.set(roleId, total);
    }
    return events;
  }

  async #append(events: readonly NewEvent[]): Promise<void> {
    if (events.length > 0) await this.tx.events.append(this.tenantId, events);
    this.#written += events.length;
  }

  /** Records the provisioning log entry of the SCIM write this transaction serves. */
  logWrite(entry: LoggedWrite): void {
    this.#log = entry;
  }

  /**
   * Writes the events (membership and access events derived from the watched users) and the
   * log row; call it last in the transaction. Answers how many events were written.
   */
  async flush(trace?: RequestTrace): Promise<number> {
    // A transaction run again after a conflict decides anew whether its row is deferred.
    if (trace !== undefined) trace.deferred = undefined;
    const events = await this.#takeEvents();
    // The log row before the events: appending events takes the tenant's event counter, whose
    // lock (PostgreSQL) queues the tenant's other writers until this transaction commits, so it
    // is the last statement before COMMIT.
    await this.#writeLog(trace, events.length);
    await this.#append(events);
    return this.#written;
  }

  /** Writes the log row of the SCIM write (or defers it, for a write that changed nothing). */
  async #writeLog(trace: RequestTrace | undefined, pending: number): Promise<void> {
    if (trace !== undefined && this.#log !== undefined && !trace.logged) {
      const log = this.#log;
      const members = log.resourceType === "Group" ? this.#memberCounts.get(log.resourceId) : undefined;
      const changes = [
        ...(typeof log.changes === "function" ? log.changes() : log.changes),
        ...(members && members.added > 0 ? [`members+${members.added}`] : []),
        ...(members && members.removed > 0 ? [`members-${members.removed}`] : []),
      ];
      const outcome = log.outcome === "unchanged" && changes.length > 0 ? "updated" : log.outcome;
      if (outcome === "unchanged" && this.#written + pending === 0) {
        // Nothing changed: no row to commit with a change. The edge queues it like a read's,
        // so a no-op write stays as cheap as the read it amounts to.
        trace.deferred = { outcome, resourceType: log.resourceType, resourceId: log.resourceId };
        return;
      }
      await this.tx.provisioningLog.insert(this.tenantId, [
        {
          id: logEntryId(),
          at: new Date(trace.startedAt).toISOString(),
          provider: trace.provider,
          method: trace.method,
          path: trace.path,
          status: trace.status,
          scimType: null,
          resourceType: log.resourceType,
          resourceId: log.resourceId,
          outcome,
          changes,
          durationMs: Math.max(0, this.clock() - trace.startedAt),
          requestId: trace.requestId,
        },
      ]);
    }
  }

  async #derived() {
    const memberships: NewEvent[] = [];
    const access: NewEvent[] = [];
    const memberCounts = new Map<string, { added: number; removed: number }>();
    const unknown = [...this.#dirty].filter((id) => !this.#predicted.has(id));
    if (this.#dirty.size === 0 && this.#predicted.size === 0) return { memberships, access, memberCounts };
    const after = new Map(unknown.length > 0 ? await this.tx.users.accessSnapshots(this.tenantId, unknown) : []);
    for (const [id, snapshot] of this.#predicted) after.set(id, snapshot);
    const count = (roleId: string, key: "added" | "removed") => {
      const entry = memberCounts.get(roleId) ?? { added: 0, removed: 0 };
      entry[key] += 1;
      memberCounts.set(roleId, entry);
    };
    const event = (type: EventType, data: Record<string, unknown>): NewEvent => ({
      type,
      occurredAt: this.now,
      actor: this.#actor,
      data,
    });
    for (const [userId, before] of this.#before) {
      if (!this.#dirty.has(userId) && !this.#predicted.has(userId)) continue;
      const now = after.get(userId);
      const was = before?.direct ?? new Map<string, string>();
      const is = now?.direct ?? new Map<string, string>();
      for (const [roleId, source] of was) {
        if (is.has(roleId)) continue;
        memberships.push(event("membership.removed", { UserId: userId, RoleId: roleId, Source: source }));
        count(roleId, "removed");
      }
      for (const [roleId, source] of is) {
        const previous = was.get(roleId);
        if (previous === source) continue;
        memberships.push(
          event("membership.added", {
            UserId: userId,
            RoleId: roleId,
            Source: source,
            ...(previous === undefined ? {} : { PreviousSource: previous }),
          }),
        );
        if (previous === undefined) count(roleId, "added");
      }
      // A user that did not exist before is announced by user.created, not by access.changed.
      if (before === null) continue;
      const old = effectiveAccess(before);
      const current = effectiveAccess(now);
      if (!isDeepStrictEqual(old, current)) {
        access.push(
          event("access.changed", {
            UserId: userId,
            Before: old,
            After: current,
            ...(now === undefined ? { Deleted: true } : {}),
          }),
        );
      }
    }
    return { memberships, access, memberCounts };
  }
}
