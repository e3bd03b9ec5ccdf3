/**
 * SPEC §12 import: restores an export into a tenant, the same one or another. Two passes over
 * the document: the first checks it whole (import-check.ts) and writes nothing; the second
 * (import-pass.ts), in one transaction, writes it in batches (multi-row statements) and commits
 * all or nothing. A
 * tenant that is not empty is refused unless the import merges (import-records.ts says how).
 * A dry run makes the second pass over a read-only snapshot and reports what it would do.
 */
import { createHash } from "node:crypto";
import { type Actor, CLI_ACTOR } from "./actor.ts";
import { tenantNotFound } from "./admin-access.ts";
import type { ChangeSet } from "./change-set.ts";
import { documentLines } from "./document-lines.ts";
import { type CheckContext, DocumentCheck, EMPTY_CONTEXT } from "./import-check.ts";
import { assertEmpty, ImportPass, type ImportSource, type KindOutcome, storedRoles } from "./import-pass.ts";
import { ImportWrites } from "./import-writes.ts";
import type { Repositories, Store } from "./ports.ts";
import { recordedTransaction } from "./recorded-write.ts";

export type { ImportSource, KindOutcome, Tally } from "./import-pass.ts";
export { REPORT_FIRST_IDS } from "./import-pass.ts";

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

const DEFAULT_BATCH = 1000;
const PROGRESS_EVERY = 500;

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
    if (!(await this.#store.tenants.get(tenantId))) throw tenantNotFound(tenantId);
    if (!merge) await assertEmpty(this.#store, tenantId);
    const context: CheckContext = merge
      ? {
          tenantRoleIds: new Set((await storedRoles(this.#store, tenantId)).keys()),
          tenantNestings: await this.#store.bulk.nestings(tenantId),
        }
      : EMPTY_CONTEXT;

    // First pass: the whole document checked, nothing written.
    const check = new DocumentCheck(context);
    const digest = createHash("sha256");
    const total = () => (check.header ? check.header.Counts.Roles + check.header.Counts.Users : 0);
    for await (const line of documentLines(source.open(), (chunk) => digest.update(chunk))) {
      check.add(line);
      if (check.records % PROGRESS_EVERY === 0) {
        options.onProgress?.({ phase: "checking", done: check.records, total: total() });
      }
    }
    const checked = check.finish();
    options.onProgress?.({ phase: "checking", done: check.records, total: total() });
    const fingerprint = digest.digest("hex");

    // Second pass: written in one transaction (a snapshot for a dry run), all or nothing.
    const actor = options.actor ?? CLI_ACTOR;
    const run = async (tx: Repositories, changes?: ChangeSet): Promise<ImportReport> => {
      const now = this.#now().toISOString();
      if (!(await tx.tenants.get(tenantId))) throw tenantNotFound(tenantId);
      const writes = new ImportWrites(tx, tenantId, actor, dryRun, now, changes);
      const pass = new ImportPass(tx, tenantId, checked, writes, {
        merge,
        now,
        batchSize: options.batchSize ?? DEFAULT_BATCH,
        onProgress: (done, all) => options.onProgress?.({ phase: "importing", done, total: all }),
      });
      const outcome = await pass.run(source, fingerprint);
      return {
        tenantId,
        dryRun,
        merge,
        source: { tenantId: checked.header.Tenant, exportedAt: checked.header.ExportedAt },
        ...outcome,
      };
    };
    if (dryRun) return this.#store.snapshot((tx) => run(tx));
    // The events of what it writes commit with it (SPEC §11): recorded through one ChangeSet.
    return recordedTransaction(this.#store, { tenantId, actor, now: this.#now }, (tx, _now, changes) =>
      run(tx, changes),
    );
  }
}
