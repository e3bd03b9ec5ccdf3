/**
 * The whole-document check of an import (SPEC §12), run before anything is written: the header
 * first, then every role, then every user, each line parsed (import-lines.ts) and checked
 * against the lines before it: no Id or external id twice, every role a user holds or a role
 * contains defined, no nesting cycle, the header's counts met. The first problem is refused
 * with its line number. Memory holds the roles and the Ids of the users, not the users.
 */
import { lineError, type NumberedLine } from "./document-lines.ts";
import type { ExportHeader } from "./export-document.ts";
import { type ImportedRole, type ImportedUser, parseDocumentLine } from "./import-lines.ts";
import type { Nesting } from "./ports.ts";

/** A role of the document and the line it is on. */
export interface DocumentRole {
  readonly line: number;
  readonly role: ImportedRole;
}

/** What the check learned of a valid document. */
export interface CheckedDocument {
  readonly header: ExportHeader;
  /** The roles, in document order. */
  readonly roles: readonly DocumentRole[];
  readonly userCount: number;
}

/** What the document is checked against besides itself: in a merge, the tenant's roles and nestings. */
export interface CheckContext {
  readonly tenantRoleIds: ReadonlySet<string>;
  readonly tenantNestings: readonly Nesting[];
}

/** Nothing but the document. */
export const EMPTY_CONTEXT: CheckContext = Object.freeze({ tenantRoleIds: new Set<string>(), tenantNestings: [] });

function quote(value: string): string {
  return JSON.stringify(value);
}

/** The key of an external id in the uniqueness sets: users compare values case-insensitively, roles exactly. */
function externalKey(provider: string, value: string, caseInsensitive: boolean): string {
  return `${provider.toLowerCase()}\u0000${caseInsensitive ? value.toLowerCase() : value}`;
}

/**
 * A nesting cycle among `nestings`, as the path of role Ids that closes it (`a, b, a`); undefined
 * when there is none. Depth-first, iterative, so a deep nesting never exhausts the stack.
 */
export function findCycle(nestings: readonly Nesting[]): readonly string[] | undefined {
  const children = new Map<string, string[]>();
  for (const { parentId, childId } of nestings) {
    const list = children.get(parentId) ?? [];
    list.push(childId);
    children.set(parentId, list);
  }
  const state = new Map<string, "open" | "done">();
  for (const root of children.keys()) {
    if (state.has(root)) continue;
    const path: string[] = [root];
    const cursors: number[] = [0];
    state.set(root, "open");
    while (path.length > 0) {
      const node = path.at(-1)!;
      const next = children.get(node)?.[cursors.at(-1)!];
      if (next === undefined) {
        state.set(node, "done");
        path.pop();
        cursors.pop();
        continue;
      }
      cursors[cursors.length - 1]! += 1;
      const seen = state.get(next);
      if (seen === "open") return [...path.slice(path.indexOf(next)), next];
      if (seen === undefined) {
        state.set(next, "open");
        path.push(next);
        cursors.push(0);
      }
    }
  }
  return undefined;
}

/**
 * Checks the roles' nesting: every contained role defined by the document or the tenant, and no
 * cycle in the document's nestings together with the tenant's. Throws the line error.
 */
export function checkNesting(roles: readonly DocumentRole[], context: CheckContext): void {
  const defined = new Set([...context.tenantRoleIds, ...roles.map((r) => r.role.id)]);
  const lineOf = new Map(roles.map((r) => [r.role.id, r.line]));
  const nestings: Nesting[] = [...context.tenantNestings];
  for (const { line, role } of roles) {
    for (const [index, childId] of (role.children ?? []).entries()) {
      if (!defined.has(childId)) {
        throw lineError(line, `Roles[${index}] names role ${quote(childId)} that the document does not define`);
      }
      nestings.push({ parentId: role.id, childId });
    }
  }
  const cycle = findCycle(nestings);
  if (cycle !== undefined) {
    const first = cycle.find((id) => lineOf.has(id)) ?? cycle[0]!;
    throw lineError(lineOf.get(first) ?? 1, `Roles nest in a cycle: ${cycle.map(quote).join(" contains ")}`);
  }
}

/** Reads a document line by line and checks it whole; `finish` answers what it holds, or throws the first problem. */
export class DocumentCheck {
  #header: ExportHeader | undefined;
  readonly #roles: DocumentRole[] = [];
  readonly #roleIds = new Map<string, number>();
  readonly #roleExternalIds = new Map<string, number>();
  readonly #userIds = new Map<string, number>();
  readonly #userExternalIds = new Map<string, number>();
  #rolesChecked = false;

  constructor(private readonly context: CheckContext = EMPTY_CONTEXT) {}

  /** The header, once its line was read. */
  get header(): ExportHeader | undefined {
    return this.#header;
  }

  /** Records read so far (roles and users). */
  get records(): number {
    return this.#roles.length + this.#userIds.size;
  }

  /** Checks one line; blank lines are skipped. Throws RosterError `invalidValue` naming the line. */
  add({ number, text }: NumberedLine): void {
    if (text.trim() === "") return;
    const parsed = parseDocumentLine(text, this.#header === undefined);
    if (!parsed.ok) throw lineError(number, parsed.error.message);
    const line = parsed.value;
    if (line.kind === "header") this.#header = line.header;
    else if (line.kind === "Role") this.#addRole(number, line.role);
    else this.#addUser(number, line.user);
  }

  #addRole(line: number, role: ImportedRole): void {
    if (this.#rolesChecked) throw lineError(line, "a Role line after User lines: every role comes before the users");
    const earlier = this.#roleIds.get(role.id);
    if (earlier !== undefined) throw lineError(line, `role Id ${quote(role.id)} is already defined on line ${earlier}`);
    this.#roleIds.set(role.id, line);
    for (const id of role.externalIds ?? []) {
      const key = externalKey(id.provider, id.value, false);
      const other = this.#roleExternalIds.get(key);
      if (other !== undefined) {
        throw lineError(
          line,
          `ExternalIds: ${id.provider} ${quote(id.value)} is also the external id of the role on line ${other}`,
        );
      }
      this.#roleExternalIds.set(key, line);
    }
    this.#roles.push({ line, role });
  }

  #addUser(line: number, user: ImportedUser): void {
    if (!this.#rolesChecked) {
      checkNesting(this.#roles, this.context);
      this.#rolesChecked = true;
    }
    const lower = user.id.toLowerCase();
    const earlier = this.#userIds.get(lower);
    if (earlier !== undefined) {
      throw lineError(
        line,
        `user Id ${quote(user.id)} is already defined on line ${earlier} (Ids are compared case-insensitively)`,
      );
    }
    this.#userIds.set(lower, line);
    for (const id of user.externalIds ?? []) {
      const key = externalKey(id.provider, id.value, true);
      const other = this.#userExternalIds.get(key);
      if (other !== undefined) {
        throw lineError(
          line,
          `ExternalIds: ${id.provider} ${quote(id.value)} is also the external id of the user on line ${other}`,
        );
      }
      this.#userExternalIds.set(key, line);
    }
    for (const [index, assignment] of (user.roles ?? []).entries()) {
      if (!this.#roleIds.has(assignment.roleId) && !this.context.tenantRoleIds.has(assignment.roleId)) {
        throw lineError(
          line,
          `Roles[${index}] names role ${quote(assignment.roleId)} that the document does not define`,
        );
      }
    }
  }

  /** The checked document; throws when it has no header, or its lines do not match the header's counts. */
  finish(): CheckedDocument {
    const header = this.#header;
    if (header === undefined) throw lineError(1, "the document is empty: its first line must be the header");
    if (!this.#rolesChecked) checkNesting(this.#roles, this.context);
    const users = this.#userIds.size;
    if (header.Counts.Roles !== this.#roles.length || header.Counts.Users !== users) {
      throw lineError(
        1,
        `the header announces ${header.Counts.Roles} roles and ${header.Counts.Users} users, the document holds ` +
          `${this.#roles.length} and ${users}: is it cut short?`,
      );
    }
    return { header, roles: this.#roles, userCount: users };
  }
}
