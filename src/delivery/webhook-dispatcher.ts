/**
 * The delivery loop (SPEC §11), inside every Roster process: it claims endpoints that have
 * events past their cursor (a lease in the database, so that with several instances each
 * endpoint is served by one at a time and each event delivered once), sends the events in
 * order, moves the cursor after each 2xx, and on a failure schedules the next try with
 * exponential backoff and jitter; when the schedule is spent the endpoint is disabled with the
 * reason. Nothing is kept in memory between turns: a process killed at any point leaves the
 * events in the outbox and the cursor at the last delivered one, and the next turn, in any
 * instance, goes on from there (an event whose 2xx was not recorded is sent again: at least once).
 */
import { randomUUID } from "node:crypto";
import { waitForEvents } from "../domain/event-signal.ts";
import type { EventRecord, WebhookRecord } from "../domain/outbox-ports.ts";
import type { Store } from "../domain/ports.ts";
import type { WebhookSender } from "../domain/webhook-sender.ts";
import { recordAttempt, sendEvent, webhookSecret } from "../domain/webhook-service.ts";
import { DEFAULT_RETRY_SCHEDULE_MS, retryDelay } from "./retry-schedule.ts";

/** What the loop reports. */
export interface DispatcherEvents {
  /** An attempt failed (for the `roster_webhook_failures_total` metric). */
  readonly onFailure?: (webhook: WebhookRecord, error: string) => void;
  /** The endpoint was disabled: the schedule is spent. */
  readonly onDisabled?: (webhook: WebhookRecord, reason: string) => void;
  /** A turn failed (the database went away): logged, and the loop goes on. */
  readonly onError?: (error: unknown) => void;
}

/** Options of the loop; times are injectable so that tests run in seconds. */
export interface DispatcherOptions extends DispatcherEvents {
  /** The name of this instance in leases (default a random id). */
  readonly owner?: string;
  readonly now?: () => Date;
  readonly schedule?: readonly number[];
  readonly random?: () => number;
  /** How long a claim lasts (default 30 s); renewed after every event. */
  readonly leaseMs?: number;
  /** Pause when there was nothing to do (default 1 s; a write of this process wakes it at once). */
  readonly idleMs?: number;
  /** Endpoints claimed per turn (default 10). */
  readonly claimLimit?: number;
  /** Events an endpoint is sent per claim (default 100). */
  readonly eventsPerClaim?: number;
}

/** The loop. `start` it once; `stop` ends it after the attempts in flight. */
export class WebhookDispatcher {
  readonly #owner: string;
  readonly #now: () => Date;
  readonly #schedule: readonly number[];
  readonly #random: () => number;
  readonly #leaseMs: number;
  readonly #idleMs: number;
  readonly #claimLimit: number;
  readonly #perClaim: number;
  readonly #abort = new AbortController();
  #running: Promise<void> | undefined;

  constructor(
    private readonly store: Store,
    private readonly sender: WebhookSender,
    private readonly options: DispatcherOptions = {},
  ) {
    this.#owner = options.owner ?? randomUUID();
    this.#now = options.now ?? (() => new Date());
    this.#schedule = options.schedule ?? DEFAULT_RETRY_SCHEDULE_MS;
    this.#random = options.random ?? Math.random;
    this.#leaseMs = options.leaseMs ?? 30_000;
    this.#idleMs = options.idleMs ?? 1000;
    this.#claimLimit = options.claimLimit ?? 10;
    this.#perClaim = options.eventsPerClaim ?? 100;
  }

  /** Starts the loop in the background. */
  start(): void {
    this.#running ??= this.#loop();
  }

  /** Stops the loop: no new claim; the endpoints being served finish their current attempt and are released. */
  async stop(): Promise<void> {
    this.#abort.abort();
    await this.#running;
  }

  async #loop(): Promise<void> {
    while (!this.#abort.signal.aborted) {
      let served = 0;
      try {
        served = await this.runOnce();
      } catch (error) {
        this.options.onError?.(error);
      }
      if (served === 0) await waitForEvents(undefined, this.#idleMs, this.#abort.signal);
    }
  }

  #later(ms: number): string {
    return new Date(this.#now().getTime() + ms).toISOString();
  }

  /** One turn: claims the due endpoints and serves each; answers how many were served. */
  async runOnce(): Promise<number> {
    const now = this.#now().toISOString();
    const claimed = await this.store.webhooks.claimDue(this.#owner, now, this.#later(this.#leaseMs), this.#claimLimit);
    await Promise.all(claimed.map((webhook) => this.#serve(webhook)));
    return claimed.length;
  }

  async #serve(webhook: WebhookRecord): Promise<void> {
    const { tenantId, id } = webhook;
    let lastSeq = webhook.lastSeq;
    let failCount = webhook.failCount;
    let firstFailureAt = webhook.firstFailureAt;
    let sent = 0;
    const release = (nextAttemptAt: string, disabledReason?: string) =>
      this.store.webhooks.release(
        tenantId,
        id,
        this.#owner,
        { lastSeq, failCount, firstFailureAt, nextAttemptAt, disabledReason },
        this.#now().toISOString(),
      );
    try {
      const secret = await webhookSecret(this.store, webhook);
      while (sent < this.#perClaim && !this.#abort.signal.aborted) {
        const events = await this.store.events.read(tenantId, { after: lastSeq, limit: 50 });
        if (events.length === 0) break;
        for (const event of events) {
          if (webhook.events !== null && !webhook.events.includes(event.type)) {
            lastSeq = event.seq;
            continue;
          }
          const outcome = await this.#attempt(webhook, secret, event, failCount + 1);
          sent += 1;
          if (outcome.ok) {
            lastSeq = event.seq;
            failCount = 0;
            firstFailureAt = null;
            await this.store.webhooks.advance(tenantId, id, lastSeq);
            await this.store.webhooks.renew(tenantId, id, this.#owner, this.#later(this.#leaseMs));
            if (sent >= this.#perClaim || this.#abort.signal.aborted) break;
            continue;
          }
          failCount += 1;
          firstFailureAt ??= this.#now().toISOString();
          this.options.onFailure?.(webhook, outcome.error ?? "failed");
          const delay = retryDelay(this.#schedule, failCount, this.#random);
          if (delay === undefined) {
            const reason = `disabled after ${failCount} failed attempts since ${firstFailureAt} to deliver event ${event.seq}: ${outcome.error}`;
            await release(this.#now().toISOString(), reason);
            this.options.onDisabled?.(webhook, reason);
          } else await release(this.#later(delay));
          return;
        }
      }
      await release(this.#now().toISOString());
    } catch (error) {
      // The lease runs out by itself; the next turn (here or elsewhere) takes the endpoint again.
      this.options.onError?.(error);
    }
  }

  async #attempt(webhook: WebhookRecord, secret: string, event: EventRecord, attemptNo: number) {
    const at = this.#now();
    const result = await sendEvent(this.sender, webhook, secret, event, at);
    const giveUp = !result.ok && retryDelay(this.#schedule, attemptNo, () => 0) === undefined;
    await recordAttempt(
      this.store,
      webhook,
      { id: String(event.seq), eventSeq: event.seq, eventType: event.type },
      at,
      result,
      giveUp ? "failed" : "pending",
    );
    return result;
  }
}
