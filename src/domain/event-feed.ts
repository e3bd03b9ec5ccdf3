/**
 * The events feed (SPEC §11, pull): events after an Id, oldest first, with long polling. A
 * consumer that keeps the last Id it handled and asks for what follows misses none and sees
 * none twice, across restarts and instances, since Ids grow in commit order.
 */
import { tenantNotFound } from "./admin-access.ts";
import { waitForEvents } from "./event-signal.ts";
import type { EventRecord } from "./outbox-ports.ts";
import type { Store } from "./ports.ts";

/** SPEC §11 envelope. */
export interface EventJson {
  /** Decimal digits; the number grows with every event of the tenant. */
  readonly Id: string;
  readonly Type: string;
  readonly OccurredAt: string;
  readonly Tenant: string;
  readonly Actor: string;
  readonly Data: Readonly<Record<string, unknown>>;
}

/** The envelope of a stored event. */
export function eventJson(tenantId: string, event: EventRecord): EventJson {
  return {
    Id: String(event.seq),
    Type: event.type,
    OccurredAt: event.occurredAt,
    Tenant: tenantId,
    Actor: event.actor,
    Data: event.data,
  };
}

/** A feed read. */
export interface FeedQuery {
  /** The last Id the consumer has; 0 (or absent) for the first event. */
  readonly after: number;
  readonly limit: number;
  readonly types?: readonly string[] | undefined;
  /** Seconds to wait for an event when none is newer than `after` (capped by the feed). */
  readonly waitSeconds?: number | undefined;
  /** Ends a wait early (the client went away, the server is stopping). */
  readonly signal?: AbortSignal | undefined;
}

/** A page of the feed; `next` is the `after` of the following read. */
export interface FeedPage {
  readonly items: readonly EventJson[];
  readonly next: string;
}

/** A page of recent events, newest first; `older` is the `before` of the next (older) page. */
export interface RecentPage {
  readonly items: readonly EventJson[];
  readonly older: number | undefined;
}

/** Options of the feed. */
export interface EventFeedOptions {
  /** How often a waiting read looks at the table for events of other instances (default 500 ms). */
  readonly pollIntervalMs?: number;
  /** The longest wait a read may ask for (default 30 s). */
  readonly maxWaitSeconds?: number;
}

/** The longest long poll by default, in seconds. */
export const MAX_WAIT_SECONDS = 30;

/** Reads a tenant's events. */
export class EventFeed {
  readonly #pollMs: number;
  readonly #maxWait: number;

  constructor(
    private readonly store: Store,
    options: EventFeedOptions = {},
  ) {
    this.#pollMs = options.pollIntervalMs ?? 500;
    this.#maxWait = options.maxWaitSeconds ?? MAX_WAIT_SECONDS;
  }

  /**
   * Events after `query.after`. When there are none and `waitSeconds` is set, waits until one
   * commits (woken at once by writes of this process, within the poll interval for others) or
   * the wait ends, and answers what arrived (possibly nothing). `notFound` for an unknown tenant.
   */
  async read(tenantId: string, query: FeedQuery): Promise<FeedPage> {
    if ((await this.store.tenants.get(tenantId)) === undefined) throw tenantNotFound(tenantId);
    const deadline = Date.now() + Math.min(query.waitSeconds ?? 0, this.#maxWait) * 1000;
    for (;;) {
      const events = await this.store.events.read(tenantId, query);
      const last = events.at(-1);
      if (events.length > 0 || Date.now() >= deadline || query.signal?.aborted) {
        return {
          items: events.map((event) => eventJson(tenantId, event)),
          next: last === undefined ? String(query.after) : String(last.seq),
        };
      }
      await waitForEvents(tenantId, Math.min(this.#pollMs, deadline - Date.now()), query.signal);
    }
  }

  /**
   * The latest `limit` events with Ids below `before` (all of them when absent), newest first,
   * for people looking back (the console). A tenant's Ids are consecutive (SPEC §11: handed out
   * one by one in commit order), so a page is one range of the key. `notFound` for an unknown
   * tenant.
   */
  async recent(
    tenantId: string,
    query: { readonly before?: number | undefined; readonly limit: number },
  ): Promise<RecentPage> {
    if ((await this.store.tenants.get(tenantId)) === undefined) throw tenantNotFound(tenantId);
    const end = query.before ?? (await this.store.events.lastSeq(tenantId)) + 1;
    const after = Math.max(0, end - 1 - query.limit);
    const events = (await this.store.events.read(tenantId, { after, limit: query.limit })).filter((e) => e.seq < end);
    const items = events.map((event) => eventJson(tenantId, event)).reverse();
    const oldest = events[0];
    return { items, older: oldest !== undefined && oldest.seq > 1 ? oldest.seq : undefined };
  }
}
