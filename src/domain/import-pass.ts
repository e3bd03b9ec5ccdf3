/**
 * The import's second pass (SPEC §12), inside its one transaction (or, for a dry run, a
 * snapshot): the document's roles from memory, then its users read again a batch at a time, each
 * batch classified (created, changed, unchanged), checked against the tenant (a merge) and
 * written through ImportWrites. Any failure throws, and the transaction writes nothing.
 */
import { createHash } from "node:crypto";
import { RosterError } from "../protocol/errors.ts";
import { documentLines, lineError } from "./document-lines.ts";
import { type CheckedDocument, checkNesting } from "./import-check.ts";
import { type ImportedUser, parseDocumentLine } from "./import-lines.ts";
import { mergeRole, mergeUser, newRole, newUser } from "./import-records.ts";
import type { Change, ImportWrites } from "./import-writes.ts";
import type { RoleRecord, UserRecord } from "./model.ts";
import type { Nesting, Repositories, ResourceKey, StoredUser, UserRoleRow } from "./ports.ts";

/** How many Ids of each outcome a report lists. */
export const REPORT_FIRST_IDS = 5;

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

/** Where the document comes from: opened once to check it and once more to write it. */
export interface ImportSource {
  open(): AsyncIterable<Uint8Array | string>;
}

/** A user line and its number. */
interface UserLine {
  readonly line: number;
  readonly user: ImportedUser;
}

/** A stored role with the roles it contains. */
export interface StoredRole {
  readonly role: RoleRecord;
  readonly children: readonly string[];
}

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

/** Every role of the tenant with the roles it contains, read in keyset pages. */
export async function storedRoles(repos: Repositories, tenantId: string): Promise<Map<string, StoredRole>> {
  const roles = new Map<string, StoredRole>();
  let after: ResourceKey | undefined;
  for (;;) {
    const page = await repos.roles.seek(tenantId, { filter: undefined, provider: "", after, limit: 1000 });
    const children = await repos.roles.childrenByRole(
      tenantId,
      page.items.map((r) => r.id),
    );
    for (const role of page.items) roles.set(role.id, { role, children: children.get(role.id) ?? [] });
    const last = page.items.at(-1);
    if (!page.more || last === undefined) return roles;
    after = { createdAt: last.createdAt, id: last.id };
  }
}

/** RosterError `conflict` unless the tenant holds no user and no role. */
export async function assertEmpty(repos: Repositories, tenantId: string): Promise<void> {
  const { users, roles } = await repos.bulk.counts(tenantId);
  if (users + roles > 0) {
    throw new RosterError(
      "conflict",
      `tenant ${JSON.stringify(tenantId)} is not empty (users: ${users}, roles: ${roles}): import into an empty tenant, or merge into this one`,
    );
  }
}

/** The document's user lines, parsed again; `onChunk` sees every chunk (the checksum). */
async function* documentUsers(source: ImportSource, onChunk: (chunk: Uint8Array | string) => void) {
  let seenHeader = false;
  for await (const { number, text } of documentLines(source.open(), onChunk)) {
    if (text.trim() === "") continue;
    const parsed = parseDocumentLine(text, !seenHeader);
    seenHeader = true;
    if (!parsed.ok) throw lineError(number, parsed.error.message);
    if (parsed.value.kind === "User") yield { line: number, user: parsed.value.user } satisfies UserLine;
  }
}

const externalKey = (provider: string, value: string) => `${provider.toLowerCase()}\u0000${value}`;

/** What the second pass is given. */
export interface PassOptions {
  readonly merge: boolean;
  readonly batchSize: number;
  readonly now: string;
  /** Records written so far of all the header announces, after the roles and after each batch. */
  readonly onProgress: (done: number, total: number) => void;
}

/** One run of the second pass over one transaction (a retried transaction makes a new one). */
export class ImportPass {
  readonly #roles = new KindBuilder();
  readonly #users = new KindBuilder();
  #stored = new Map<string, StoredRole>();
  #roleIds = new Set<string>();
  /** Roles that existed before the import and whose members it changed. */
  readonly #touched = new Set<string>();
  #done = 0;

  constructor(
    private readonly tx: Repositories,
    private readonly tenantId: string,
    private readonly checked: CheckedDocument,
    private readonly writes: ImportWrites,
    private readonly options: PassOptions,
  ) {}

  get #total(): number {
    return this.checked.header.Counts.Roles + this.checked.header.Counts.Users;
  }

  /**
   * Writes the document; `fingerprint` is the SHA-256 of the document as the first pass read
   * it: a document that reads differently now is refused (`conflict`).
   */
  async run(source: ImportSource, fingerprint: string): Promise<{ roles: KindOutcome; users: KindOutcome }> {
    if (!this.options.merge) await assertEmpty(this.tx, this.tenantId);
    await this.#writeRoles();
    const digest = createHash("sha256");
    let batch: UserLine[] = [];
    let count = 0;
    for await (const entry of documentUsers(source, (chunk) => digest.update(chunk))) {
      batch.push(entry);
      count += 1;
      if (batch.length >= this.options.batchSize) {
        await this.#writeUsers(batch);
        batch = [];
      }
    }
    await this.#writeUsers(batch);
    if (digest.digest("hex") !== fingerprint || count !== this.checked.userCount) {
      throw new RosterError("conflict", "the document changed while it was imported; nothing was written");
    }
    await this.writes.membersChanged(this.#touched);
    return { roles: this.#roles.outcome(), users: this.#users.outcome() };
  }

  /** The document's roles, checked again against the tenant's as they are inside the transaction. */
  async #writeRoles(): Promise<void> {
    if (this.options.merge) {
      this.#stored = await storedRoles(this.tx, this.tenantId);
      checkNesting(this.checked.roles, {
        tenantRoleIds: new Set(this.#stored.keys()),
        tenantNestings: await this.tx.bulk.nestings(this.tenantId),
      });
      this.#checkRoleExternalIds();
    }
    const created: RoleRecord[] = [];
    const changed: Change<RoleRecord>[] = [];
    const nestings: Nesting[] = [];
    for (const { role: line } of this.checked.roles) {
      const existing = this.#stored.get(line.id);
      let added = line.children ?? [];
      if (existing === undefined) {
        created.push(newRole(line, this.options.now));
        this.#roles.created.add(line.id);
      } else {
        const merged = mergeRole(existing.role, existing.children, line, this.options.now);
        added = merged.addedChildren;
        if (merged.changed) {
          changed.push({ before: existing.role, after: merged.record });
          this.#roles.changed.add(line.id);
        } else this.#roles.unchanged.add(line.id);
      }
      for (const childId of added) nestings.push({ parentId: line.id, childId });
    }
    await this.writes.createRoles(created);
    await this.writes.updateRoles(changed);
    await this.writes.nestRoles(nestings);
    this.#roleIds = new Set([...this.#stored.keys(), ...this.checked.roles.map((r) => r.role.id)]);
    this.#done = this.checked.roles.length;
    this.options.onProgress(this.#done, this.#total);
  }

  /** In a merge: refuses a role line whose external id another role of the tenant holds. */
  #checkRoleExternalIds(): void {
    const holders = new Map<string, string>();
    for (const { role } of this.#stored.values()) {
      for (const id of role.externalIds) holders.set(externalKey(id.provider, id.value), role.id);
    }
    for (const { line, role } of this.checked.roles) {
      for (const id of role.externalIds ?? []) {
        const holder = holders.get(externalKey(id.provider, id.value));
        if (holder !== undefined && holder !== role.id) {
          throw lineError(
            line,
            `ExternalIds: ${id.provider} ${JSON.stringify(id.value)} belongs to role ${JSON.stringify(holder)} of the tenant`,
          );
        }
      }
    }
  }

  /** One batch of users: classified, checked, written. */
  async #writeUsers(batch: readonly UserLine[]): Promise<void> {
    if (batch.length === 0) return;
    const existing: ReadonlyMap<string, StoredUser> = this.options.merge
      ? await this.tx.bulk.usersByIds(
          this.tenantId,
          batch.map((b) => b.user.id),
        )
      : new Map();
    if (this.options.merge) await this.#checkUserExternalIds(batch);
    const created: UserRecord[] = [];
    const changed: Change<UserRecord>[] = [];
    const rows: UserRoleRow[] = [];
    for (const { line, user } of batch) {
      for (const [index, assignment] of (user.roles ?? []).entries()) {
        if (!this.#roleIds.has(assignment.roleId)) {
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
        created.push(newUser(user, this.options.now));
        this.#users.created.add(user.id);
      } else {
        const merged = mergeUser(previous, user, this.options.now);
        userId = previous.user.id;
        assignments = merged.assignments;
        if (merged.changed) {
          changed.push({ before: previous.user, after: merged.record });
          this.#users.changed.add(userId);
        } else this.#users.unchanged.add(userId);
      }
      for (const assignment of assignments) {
        rows.push({ userId, assignment });
        if (this.#stored.has(assignment.roleId)) this.#touched.add(assignment.roleId);
      }
    }
    await this.writes.createUsers(created);
    await this.writes.updateUsers(changed);
    await this.writes.assignRoles(rows);
    this.#done += batch.length;
    this.options.onProgress(this.#done, this.#total);
  }

  /** In a merge: refuses a line whose external id belongs to another user of the tenant. */
  async #checkUserExternalIds(batch: readonly UserLine[]): Promise<void> {
    const given = batch.flatMap(({ user }) => user.externalIds ?? []);
    if (given.length === 0) return;
    const holders = new Map<string, string>();
    for (const holder of await this.tx.bulk.userExternalIdHolders(this.tenantId, given)) {
      holders.set(externalKey(holder.provider, holder.value.toLowerCase()), holder.ownerId);
    }
    for (const { line, user } of batch) {
      for (const id of user.externalIds ?? []) {
        const holder = holders.get(externalKey(id.provider, id.value.toLowerCase()));
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
