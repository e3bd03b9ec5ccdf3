/**
 * SPEC §12 import: restores an export into a tenant, the same one or another. Two passes over
 * the document: the first checks it whole (import-check.ts) and writes nothing; the second, in
 * one transaction, writes it in batches (multi-row statements) and commits all or nothing. A
 * tenant that is not empty is refused unless the import merges (import-records.ts says how).
 * A dry run makes the second pass over a read-only snapshot and reports what it would do.
 */
import { createHash, type Hash } from "node:crypto";
import { RosterError } from "../protocol/errors.ts";
import { type Actor, CLI_ACTOR } from "./actor.ts";
import { tenantNotFound } from "./admin-access.ts";
import { documentLines, lineError } from "./document-lines.ts";
import { type CheckContext, type CheckedDocument, checkNesting, DocumentCheck, EMPTY_CONTEXT } from "./import-check.ts";
import { type ImportedUser, parseDocumentLine } from "./import-lines.ts";
import { mergeRole, mergeUser, newRole, newUser } from "./import-records.ts";
import { type Change, ImportWrites } from "./import-writes.ts";
import type { RoleRecord, UserRecord } from "./model.ts";
import type { Repositories, ResourceKey, Store, StoredUser, UserRoleRow } from "./ports.ts";

/** Where a document comes from: opened once to check it and once more to write it. */
export interface ImportSource {
  open(): AsyncIterable<Uint8Array | string>;
}

/** The two passes of an import. */
export type ImportPhase = "checking" | "importing";

/** How far an import got: records checked or written of all the header announces. */
export interface ImportProgress {
  readonly phase: ImportPhase;
  readonly done: number;
  readonly total: number;
}

/** How an import runs. */
export interface ImportOptions {
  /** Into a tenant that holds users or roles: match by Id, the document wins, nothing is deleted. */
  readonly merge?: boolean | undefined;
  /** Check and plan, write nothing. */
  readonly dryRun?: boolean | undefined;
  readonly actor?: Actor | undefined;
  readonly onProgress?: ((progress: ImportProgress) => void) | undefined;
  /** Users written per batch (default 1,000). */
  readonly batchSize?: number | undefined;
}

/** Records of one outcome: how many, and the Ids of the first few. */
export interface Tally {
  readonly count: number;
  readonly first: readonly string[];
}

/** What an import did (or, dry, would do) to one kind of record. */
export interface KindOutcome {
  readonly created: Tally;
  readonly changed: Tally;
  readonly unchanged: Tally;
}

/** What an import did. */
export interface ImportReport {
  readonly tenantId: string;
  readonly dryRun: boolean;
  readonly merge: boolean;
  /** The tenant the document was exported from, and when. */
  readonly source: { readonly tenantId: string; readonly exportedAt: string };
  readonly roles: KindOutcome;
  readonly users: KindOutcome;
}

/** How many Ids of each outcome a report lists. */
export const REPORT_FIRST_IDS = 5;
const DEFAULT_BATCH = 1000;
const PROGRESS_EVERY = 500;

class TallyBuilder {
  count = 0;
  readonly first: string[] = [];
  add(id: string): void {
    this.count += 1;
    if (this.first.length < REPORT_FIRST_IDS) this.first.push(id);
  }
}

class KindBuilder {
  readonly created = new TallyBuilder();
  readonly changed = new TallyBuilder();
  readonly unchanged = new TallyBuilder();
  outcome(): KindOutcome {
    const tally = (t: TallyBuilder): Tally => ({ count: t.count, first: [...t.first] });
    return { created: tally(this.created), changed: tally(this.changed), unchanged: tally(this.unchanged) };
  }
}

/** A stored role with the roles it contains. */
interface StoredRole {
  readonly role: RoleRecord;
  readonly children: readonly string[];
}

async function storedRoles(tx: Repositories, tenantId: string): Promise<Map<string, StoredRole>> {
  const roles = new Map<string, StoredRole>();
  let after: ResourceKey | undefined;
  for (;;) {
    const page = await tx.roles.seek(tenantId, { filter: undefined, provider: "", after, limit: 1000 });
    const children = await tx.roles.childrenByRole(
      tenantId,
      page.items.map((r) => r.id),
    );
    for (const role of page.items) roles.set(role.id, { role, children: children.get(role.id) ?? [] });
    const last = page.items.at(-1);
    if (!page.more || last === undefined) return roles;
    after = { createdAt: last.createdAt, id: last.id };
  }
}

async function assertEmpty(repos: Repositories, tenantId: string): Promise<void> {
  const { users, roles } = await repos.bulk.counts(tenantId);
  if (users + roles > 0) {
    throw new RosterError(
      "conflict",
      `tenant ${JSON.stringify(tenantId)} is not empty (users: ${users}, roles: ${roles}): import into an empty tenant, or merge into this one`,
    );
  }
}

/** The document's lines after its header, parsed again in the second pass. */
async function* documentUsers(
  source: ImportSource,
  digest: Hash,
): AsyncGenerator<{ readonly line: number; readonly user: ImportedUser }> {
  let seenHeader = false;
  for await (const { number, text } of documentLines(source.open(), (chunk) => digest.update(chunk))) {
    if (text.trim() === "") continue;
    const parsed = parseDocumentLine(text, !seenHeader);
    seenHeader = true;
    if (!parsed.ok) throw lineError(number, parsed.error.message);
    if (parsed.value.kind === "User") yield { line: number, user: parsed.value.user };
  }
}

/** Imports documents into tenants (SPEC §12); the CLI, the API and the console call the same method. */
export class ImportService {
  readonly #store: Store;
  readonly #now: () => Date;

  constructor(store: Store, options: { readonly now?: () => Date } = {}) {
    this.#store = store;
    this.#now = options.now ?? (() => new Date());
  }

  /**
   * Checks the document whole, then writes it all or nothing. RosterError `notFound` for an
   * unknown tenant, `conflict` for a tenant that is not empty without `merge` (or a document
   * that changed between the passes), `invalidValue` naming the line (`line 17: …`) for a bad
   * document. Nothing is written on any error, nor on a dry run.
   */
  async import(tenantId: string, source: ImportSource, options: ImportOptions = {}): Promise<ImportReport> {
    const merge = options.merge === true;
    const dryRun = options.dryRun === true;
    const batchSize = options.batchSize ?? DEFAULT_BATCH;
    if (!(await this.#store.tenants.get(tenantId))) throw tenantNotFound(tenantId);
    if (!merge) await assertEmpty(this.#store, tenantId);
    const context: CheckContext = merge
      ? {
          tenantRoleIds: new Set((await storedRoles(this.#store, tenantId)).keys()),
          tenantNestings: await this.#store.bulk.nestings(tenantId),
        }
      : EMPTY_CONTEXT;

    const check = new DocumentCheck(context);
    const checkDigest = createHash("sha256");
    const total = () => (check.header ? check.header.Counts.Roles + check.header.Counts.Users : 0);
    for await (const line of documentLines(source.open(), (chunk) => checkDigest.update(chunk))) {
      check.add(line);
      if (check.records % PROGRESS_EVERY === 0)
        options.onProgress?.({ phase: "checking", done: check.records, total: total() });
    }
    const checked = check.finish();
    options.onProgress?.({ phase: "checking", done: check.records, total: total() });
    const fingerprint = checkDigest.digest("hex");

    const run = (tx: Repositories) =>
      this.#apply(tx, tenantId, source, checked, fingerprint, {
        merge,
        dryRun,
        batchSize,
        actor: options.actor ?? CLI_ACTOR,
        onProgress: options.onProgress,
      });
    return dryRun ? this.#store.snapshot(run) : this.#store.transaction(run);
  }

  async #apply(
    tx: Repositories,
    tenantId: string,
    source: ImportSource,
    checked: CheckedDocument,
    fingerprint: string,
    options: {
      readonly merge: boolean;
      readonly dryRun: boolean;
      readonly batchSize: number;
      readonly actor: Actor;
      readonly onProgress: ImportOptions["onProgress"];
    },
  ): Promise<ImportReport> {
    const now = this.#now().toISOString();
    if (!(await tx.tenants.get(tenantId))) throw tenantNotFound(tenantId);
    if (!options.merge) await assertEmpty(tx, tenantId);
    const writes = new ImportWrites(tx, tenantId, options.actor, options.dryRun, now);
    const roles = new KindBuilder();
    const users = new KindBuilder();
    const total = checked.header.Counts.Roles + checked.header.Counts.Users;

    // Roles: the tenant's as they are now, inside the transaction; checked again against them.
    const stored = options.merge ? await storedRoles(tx, tenantId) : new Map<string, StoredRole>();
    if (options.merge) {
      checkNesting(checked.roles, {
        tenantRoleIds: new Set(stored.keys()),
        tenantNestings: await tx.bulk.nestings(tenantId),
      });
      const holders = new Map<string, string>();
      for (const { role } of stored.values()) {
        for (const id of role.externalIds) holders.set(`${id.provider.toLowerCase()}\u0000${id.value}`, role.id);
      }
      for (const { line, role } of checked.roles) {
        for (const id of role.externalIds ?? []) {
          const holder = holders.get(`${id.provider.toLowerCase()}\u0000${id.value}`);
          if (holder !== undefined && holder !== role.id) {
            throw lineError(
              line,
              `ExternalIds: ${id.provider} ${JSON.stringify(id.value)} belongs to role ${JSON.stringify(holder)} of the tenant`,
            );
          }
        }
      }
    }
    const createdRoles: RoleRecord[] = [];
    const changedRoles: Change<RoleRecord>[] = [];
    const nestings: { parentId: string; childId: string }[] = [];
    for (const { role: line } of checked.roles) {
      const existing = stored.get(line.id);
      if (existing === undefined) {
        createdRoles.push(newRole(line, now));
        roles.created.add(line.id);
        for (const childId of line.children ?? []) nestings.push({ parentId: line.id, childId });
        continue;
      }
      const merged = mergeRole(existing.role, existing.children, line, now);
      if (merged.changed) {
        changedRoles.push({ before: existing.role, after: merged.record });
        roles.changed.add(line.id);
      } else roles.unchanged.add(line.id);
      for (const childId of merged.addedChildren) nestings.push({ parentId: line.id, childId });
    }
    await writes.createRoles(createdRoles);
    await writes.updateRoles(changedRoles);
    await writes.nestRoles(nestings);
    let done = checked.roles.length;
    options.onProgress?.({ phase: "importing", done, total });

    // Users: read again from the document, a batch at a time.
    const roleIds = new Set([...stored.keys(), ...checked.roles.map((r) => r.role.id)]);
    const touched = new Set<string>();
    const applyBatch = async (batch: readonly { readonly line: number; readonly user: ImportedUser }[]) => {
      const existing: ReadonlyMap<string, StoredUser> = options.merge
        ? await tx.bulk.usersByIds(
            tenantId,
            batch.map((b) => b.user.id),
          )
        : new Map();
      if (options.merge) await this.#checkUserExternalIds(tx, tenantId, batch);
      const created: UserRecord[] = [];
      const changed: Change<UserRecord>[] = [];
      const rows: UserRoleRow[] = [];
      for (const { line, user } of batch) {
        for (const [index, assignment] of (user.roles ?? []).entries()) {
          if (!roleIds.has(assignment.roleId)) {
            throw lineError(
              line,
              `Roles[${index}] names role ${JSON.stringify(assignment.roleId)} that the document does not define`,
            );
          }
        }
        const previous = existing.get(user.id.toLowerCase());
        let userId = user.id;
        let assignments = user.roles ?? [];
        if (previous === undefined) {
          created.push(newUser(user, now));
          users.created.add(user.id);
        } else {
          const merged = mergeUser(previous, user, now);
          userId = previous.user.id;
          assignments = merged.assignments;
          if (merged.changed) {
            changed.push({ before: previous.user, after: merged.record });
            users.changed.add(userId);
          } else users.unchanged.add(userId);
        }
        for (const assignment of assignments) {
          rows.push({ userId, assignment });
          if (stored.has(assignment.roleId)) touched.add(assignment.roleId);
        }
      }
      await writes.createUsers(created);
      await writes.updateUsers(changed);
      await writes.assignRoles(rows);
      done += batch.length;
      options.onProgress?.({ phase: "importing", done, total });
    };

    const digest = createHash("sha256");
    let batch: { readonly line: number; readonly user: ImportedUser }[] = [];
    let count = 0;
    for await (const entry of documentUsers(source, digest)) {
      batch.push(entry);
      count += 1;
      if (batch.length >= options.batchSize) {
        await applyBatch(batch);
        batch = [];
      }
    }
    await applyBatch(batch);
    if (digest.digest("hex") !== fingerprint || count !== checked.userCount) {
      throw new RosterError("conflict", "the document changed while it was imported; nothing was written");
    }
    await writes.membersChanged(touched);
    return {
      tenantId,
      dryRun: options.dryRun,
      merge: options.merge,
      source: { tenantId: checked.header.Tenant, exportedAt: checked.header.ExportedAt },
      roles: roles.outcome(),
      users: users.outcome(),
    };
  }

  /** In a merge: refuses a line whose external id belongs to another user of the tenant. */
  async #checkUserExternalIds(
    tx: Repositories,
    tenantId: string,
    batch: readonly { readonly line: number; readonly user: ImportedUser }[],
  ): Promise<void> {
    const given = batch.flatMap(({ user }) => user.externalIds ?? []);
    if (given.length === 0) return;
    const holders = new Map<string, string>();
    for (const holder of await tx.bulk.userExternalIdHolders(tenantId, given)) {
      holders.set(`${holder.provider.toLowerCase()}\u0000${holder.value.toLowerCase()}`, holder.ownerId);
    }
    for (const { line, user } of batch) {
      for (const id of user.externalIds ?? []) {
        const holder = holders.get(`${id.provider.toLowerCase()}\u0000${id.value.toLowerCase()}`);
        if (holder !== undefined && holder.toLowerCase() !== user.id.toLowerCase()) {
          throw lineError(
            line,
            `ExternalIds: ${id.provider} ${JSON.stringify(id.value)} belongs to user ${JSON.stringify(holder)} of the tenant`,
          );
        }
      }
    }
  }
}
