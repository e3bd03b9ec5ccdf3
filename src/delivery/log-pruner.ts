/**
 * The provisioning log's retention (SPEC §11): a background loop that deletes each tenant's
 * rows older than its `ProvisioningLogRetentionDays`, in batches of a thousand rows per
 * statement, so no delete holds locks for long. Safe with several instances: deleting rows
 * another instance deleted deletes nothing.
 */
import type { Store } from "../domain/ports.ts";
import type { ProvisioningLogService } from "../domain/provisioning-log-service.ts";
import { readTenantSettings } from "../domain/tenant-settings.ts";

const DAY_MS = 86_400_000;

/** Options of the pruner. */
export interface LogPrunerOptions {
  readonly now?: () => Date;
  /** Between two passes (default 1 hour); the first pass runs `firstDelayMs` after start (default 1 min). */
  readonly intervalMs?: number;
  readonly firstDelayMs?: number;
  readonly batch?: number;
  readonly onError?: (error: unknown) => void;
}

/** Prunes the log of every tenant, once or on a timer. */
export class LogPruner {
  #timer: NodeJS.Timeout | undefined;
  #pass: Promise<number> | undefined;
  #stopped = false;

  constructor(
    private readonly store: Store,
    private readonly log: ProvisioningLogService,
    private readonly options: LogPrunerOptions = {},
  ) {}

  /** One pass over every tenant; answers the rows deleted. */
  async pruneOnce(): Promise<number> {
    const now = (this.options.now ?? (() => new Date()))().getTime();
    let deleted = 0;
    for (const tenant of await this.store.tenants.list()) {
      const days = readTenantSettings(tenant.settings).provisioningLogRetentionDays;
      const before = new Date(now - days * DAY_MS).toISOString();
      deleted += await this.log.prune(tenant.id, before, this.options.batch ?? 1000);
    }
    return deleted;
  }

  /** Runs a pass after `firstDelayMs`, then every `intervalMs`. */
  start(): void {
    const schedule = (ms: number) => {
      if (this.#stopped) return;
      this.#timer = setTimeout(() => {
        this.#pass = this.pruneOnce().catch((error: unknown) => {
          this.options.onError?.(error);
          return 0;
        });
        void this.#pass.then(() => schedule(this.options.intervalMs ?? 3_600_000));
      }, ms);
      this.#timer.unref();
    };
    schedule(this.options.firstDelayMs ?? 60_000);
  }

  /** Stops the timer and waits for a pass in progress. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#pass;
  }
}
