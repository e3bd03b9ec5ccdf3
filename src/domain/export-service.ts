/**
 * SPEC §12 export: a tenant's roles and users as a stream, read in keyset pages from one
 * consistent snapshot (a role created meanwhile never shows up in a user line but not as a role
 * line), written page by page through a writer that waits while the reader is slow. Memory holds
 * one page, whatever the tenant's size.
 */
import { RosterError } from "../protocol/errors.ts";
import { tenantNotFound } from "./admin-access.ts";
import { CSV_HEAD, csvRow } from "./export-csv.ts";
import { type ExportCounts, type ExportHeader, exportHeader, roleLine, userLine } from "./export-document.ts";
import type { RoleDetails, UserDetails } from "./identity-service.ts";
import type { ListQuery, Repositories, ResourceKey, Store } from "./ports.ts";

/** The formats of SPEC §12: NDJSON (the backup the import reads), one JSON document, or CSV for spreadsheets. */
export type ExportFormat = "ndjson" | "json" | "csv";

/** Every format, as `--format` and `?format=` take them. */
export const EXPORT_FORMATS: readonly ExportFormat[] = ["ndjson", "json", "csv"];

/** The media type of each format. */
export const EXPORT_MEDIA_TYPES: Readonly<Record<ExportFormat, string>> = Object.freeze({
  ndjson: "application/x-ndjson",
  json: "application/json",
  csv: "text/csv; charset=utf-8",
});

/** How far an export got: records written of all. */
export interface ExportProgress {
  readonly done: number;
  readonly total: number;
}

/** What an export does. */
export interface ExportOptions {
  readonly format: ExportFormat;
  /** Called after every page. */
  readonly onProgress?: ((progress: ExportProgress) => void) | undefined;
  /** Records per page (default 1,000). */
  readonly pageSize?: number | undefined;
}

/**
 * Receives the export, a chunk at a time (a page of lines); the export waits for the returned
 * promise before reading the next page, so a slow reader slows the export instead of filling memory.
 */
export type ExportWriter = (chunk: string) => Promise<void>;

/** What was exported. */
export interface ExportSummary {
  readonly header: ExportHeader;
}

const DEFAULT_PAGE_SIZE = 1000;

const COUNT_ALL: ListQuery = Object.freeze({
  filter: undefined,
  provider: "",
  sortBy: undefined,
  sortOrder: "ascending",
  offset: 0,
  limit: 0,
});

/** Writes a format's pieces: what comes before, between and after the lines. */
interface Layout {
  start(header: ExportHeader): string;
  role(details: RoleDetails, first: boolean): string;
  user(details: UserDetails, first: boolean): string;
  end(): string;
}

const NDJSON: Layout = {
  start: (header) => `${JSON.stringify(header)}\n`,
  role: (details) => `${JSON.stringify(roleLine(details))}\n`,
  user: (details) => `${JSON.stringify(userLine(details))}\n`,
  end: () => "",
};

/** The header's members and `Items`: the NDJSON lines in order, one a line. */
const JSON_DOCUMENT: Layout = {
  start: (header) => `${JSON.stringify(header).slice(0, -1)},"Items":[`,
  role: (details, first) => `${first ? "" : ","}\n${JSON.stringify(roleLine(details))}`,
  user: (details, first) => `${first ? "" : ","}\n${JSON.stringify(userLine(details))}`,
  end: () => "\n]}\n",
};

const CSV: Layout = {
  start: () => CSV_HEAD,
  role: () => "",
  user: (details) => csvRow(details),
  end: () => "",
};

const LAYOUTS: Readonly<Record<ExportFormat, Layout>> = { ndjson: NDJSON, json: JSON_DOCUMENT, csv: CSV };

/** Exports tenants (SPEC §12); the CLI, the API and the console call the same method. */
export class ExportService {
  readonly #store: Store;
  readonly #now: () => Date;

  constructor(store: Store, options: { readonly now?: () => Date } = {}) {
    this.#store = store;
    this.#now = options.now ?? (() => new Date());
  }

  /** Throws RosterError `notFound` unless the tenant exists: call before a reply starts streaming. */
  async assertTenant(tenantId: string): Promise<void> {
    if (!(await this.#store.tenants.get(tenantId))) throw tenantNotFound(tenantId);
  }

  /**
   * Writes the export of `tenantId` to `write`: roles (creation order), then users (creation
   * order), from one snapshot. RosterError `notFound` for an unknown tenant, before anything
   * is written; an error of `write` (the reader went away) ends the export with that error.
   */
  async export(tenantId: string, write: ExportWriter, options: ExportOptions): Promise<ExportSummary> {
    const layout = LAYOUTS[options.format];
    const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
    if (!Number.isInteger(pageSize) || pageSize < 1) throw new RosterError("invalidValue", "pageSize must be positive");
    return this.#store.snapshot(async (reader) => {
      if (!(await reader.tenants.get(tenantId))) throw tenantNotFound(tenantId);
      const counts: ExportCounts = {
        Users: (await reader.users.list(tenantId, COUNT_ALL)).total,
        Roles: (await reader.roles.list(tenantId, COUNT_ALL)).total,
      };
      const header = exportHeader(tenantId, this.#now().toISOString(), counts);
      const total = counts.Users + counts.Roles;
      let done = 0;
      let first = true;
      await write(layout.start(header));
      options.onProgress?.({ done, total });
      const writePage = async <T>(page: readonly T[], line: (item: T, first: boolean) => string) => {
        const parts: string[] = [];
        for (const item of page) {
          parts.push(line(item, first));
          first = false;
        }
        await write(parts.join(""));
        done += page.length;
        options.onProgress?.({ done, total });
      };
      for await (const page of rolePages(reader, tenantId, pageSize)) await writePage(page, layout.role);
      for await (const page of userPages(reader, tenantId, pageSize)) await writePage(page, layout.user);
      await write(layout.end());
      return { header };
    });
  }
}

/** The tenant's roles with the roles they contain, a page at a time, in creation order. */
async function* rolePages(reader: Repositories, tenantId: string, limit: number): AsyncGenerator<RoleDetails[]> {
  let after: ResourceKey | undefined;
  for (;;) {
    const page = await reader.roles.seek(tenantId, { filter: undefined, provider: "", after, limit });
    if (page.items.length === 0) return;
    const children = await reader.roles.childrenByRole(
      tenantId,
      page.items.map((role) => role.id),
    );
    yield page.items.map((role) => ({ role, children: children.get(role.id) ?? [] }));
    const last = page.items.at(-1)!;
    if (!page.more) return;
    after = { createdAt: last.createdAt, id: last.id };
  }
}

/** The tenant's users with their direct assignments, a page at a time, in creation order. */
async function* userPages(reader: Repositories, tenantId: string, limit: number): AsyncGenerator<UserDetails[]> {
  let after: ResourceKey | undefined;
  for (;;) {
    const page = await reader.users.page(tenantId, { after, limit });
    if (page.items.length === 0) return;
    const assignments = await reader.users.assignmentsByUser(
      tenantId,
      page.items.map((user) => user.id),
    );
    yield page.items.map((user) => ({ user, roles: assignments.get(user.id) ?? [] }));
    const last = page.items.at(-1)!;
    if (!page.more) return;
    after = { createdAt: last.createdAt, id: last.id };
  }
}
