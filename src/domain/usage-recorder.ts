/**
 * `LastUsedAt` of admin keys and SCIM tokens, kept cheaply: each instance writes a credential's
 * use at most once per interval, never once per request. Validity is never cached: this only
 * decides whether a use is worth a write.
 */

/** One write per credential per minute per instance. */
export const USAGE_INTERVAL_MS = 60_000;
/** Credentials remembered at most; past this the oldest are forgotten (a forgotten one is simply written again). */
const MAX_TRACKED = 10_000;

/** Decides which uses of a credential to record; one per process and kind of credential. */
export class UsageRecorder {
  readonly #lastWritten = new Map<string, number>();
  readonly #intervalMs: number;

  constructor(intervalMs: number = USAGE_INTERVAL_MS) {
    this.#intervalMs = intervalMs;
  }

  /**
   * True when the use of `id` at `nowMs` should be written (the first use, or the first after
   * the interval), and remembers it as written.
   */
  shouldRecord(id: string, nowMs: number): boolean {
    const last = this.#lastWritten.get(id);
    if (last !== undefined && nowMs - last < this.#intervalMs && nowMs >= last) return false;
    this.#lastWritten.delete(id);
    if (this.#lastWritten.size >= MAX_TRACKED) {
      const oldest = this.#lastWritten.keys().next().value;
      if (oldest !== undefined) this.#lastWritten.delete(oldest);
    }
    this.#lastWritten.set(id, nowMs);
    return true;
  }

  /** Runs `write` when the use should be recorded, without making the request wait or fail for it. */
  record(id: string, nowMs: number, write: () => Promise<void>, onError: (error: unknown) => void): void {
    if (!this.shouldRecord(id, nowMs)) return;
    write().catch(onError);
  }
}
