/**
 * The provisioning log (SPEC §11): what every SCIM request of a known tenant did. A write that
 * changed something logs itself in its own transaction (ChangeSet); this service records the
 * rest — reads, writes that changed nothing, refusals and failures — batched in memory and
 * written once a second (or every 500 rows) in one insert, so neither a busy identity provider's
 * GETs nor a flood of refused requests costs a database write each; and reads the log back,
 * newest first. A crash loses at most the last second of those rows, never a change's.
 */

import { tenantNotFound } from "./admin-access.ts";
import { logEntryId } from "./log-entry-id.ts";
import type { LogEntry, LogQuery } from "./outbox-ports.ts";
import type { SeekPage, Store } from "./ports.ts";

/** A log row before it has an Id. */
export type NewLogEntry = Omit<LogEntry, "id">;

/** Options of the service. */
export interface ProvisioningLogOptions {
  /** How long reads wait in memory before they are written (default 1 s). */
  readonly flushIntervalMs?: number;
  /** Reads written at once when this many wait (default 500). */
  readonly flushRows?: number;
  /** Where a failed write of log rows is reported (it never fails a request). */
  readonly onError?: (error: unknown) => void;
}

/** Records and reads the provisioning log. */
export class ProvisioningLogService {
  readonly #pending = new Map<string, LogEntry[]>();
  #count = 0;
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> = Promise.resolve();
  readonly #intervalMs: number;
  readonly #rows: number;
  readonly #onError: (error: unknown) => void;

  constructor(
    private readonly store: Store,
    options: ProvisioningLogOptions = {},
  ) {
    this.#intervalMs = options.flushIntervalMs ?? 1000;
    this.#rows = options.flushRows ?? 500;
    this.#onError = options.onError ?? (() => {});
  }

  /** A page of the tenant's log, newest first; `notFound` for an unknown tenant. */
  async page(tenantId: string, query: LogQuery): Promise<SeekPage<LogEntry>> {
    if ((await this.store.tenants.get(tenantId)) === undefined) throw tenantNotFound(tenantId);
    return this.store.provisioningLog.page(tenantId, query);
  }

  /** Queues a row; it is written within the flush interval (dropped if its tenant is gone by then). */
  queue(tenantId: string, entry: NewLogEntry): void {
    const list = this.#pending.get(tenantId) ?? [];
    list.push({ id: logEntryId(), ...entry });
    this.#pending.set(tenantId, list);
    this.#count += 1;
    if (this.#count >= this.#rows) void this.flush();
    else this.#timer ??= setTimeout(() => void this.flush(), this.#intervalMs);
  }

  /** Writes every queued read now. */
  flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const batches = [...this.#pending];
    this.#pending.clear();
    this.#count = 0;
    this.#flushing = this.#flushing.then(async () => {
      for (const [tenantId, entries] of batches) {
        try {
          await this.store.provisioningLog.insert(tenantId, entries);
        } catch (error) {
          // A tenant deleted meanwhile takes its rows with it; anything else is reported.
          if ((await this.store.tenants.get(tenantId).catch(() => undefined)) !== undefined) this.#onError(error);
        }
      }
    });
    return this.#flushing;
  }

  /** Deletes the tenant's rows older than `before`, in batches of `batch`; answers how many. */
  async prune(tenantId: string, before: string, batch = 1000): Promise<number> {
    let total = 0;
    for (;;) {
      const deleted = await this.store.provisioningLog.prune(tenantId, before, batch);
      total += deleted;
      if (deleted < batch) return total;
    }
  }
}
