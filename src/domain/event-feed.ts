/**
 * The events feed (SPEC §11, pull): events after an Id, oldest first, with long polling. A
 * consumer that keeps the last Id it handled and asks for what follows misses none and sees
 * none twice, across restarts and instances, since Ids grow in commit order.
 */
import { tenantNotFound } from "./admin-access.ts";
import { parseEventTypes } from "./change-events.ts";
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

/**
 * A page of recent events, newest first; `older` is the `before` of the next (older) page.
 * `lookedAt` is the range of Ids the page read through (a type-filtered page may hold fewer
 * than it asked for, or none, and still have older events to look at).
 */
export interface RecentPage {
  readonly items: readonly EventJson[];
  readonly older: number | undefined;
  readonly lookedAt: { readonly first: number; readonly last: number };
}

/**
 * How many events one page of a type-filtered look back reads through at most: a type that is
 * rare in a long history costs one bounded range a page, not a walk of the tenant's events.
 */
export const RECENT_LOOK_BACK = 10_000;

/** Options of the feed. */
export interface EventFeedOptions {
  /** How often a waiting read looks at the table for events of other instances (default 500 ms). */
  readonly pollIntervalMs?: number;
  /** The longest wait a read may ask for (default 30 s). */
  readonly maxWaitSeconds?: number;
  /** How many Ids a type-filtered page of `recent` reads back through (default RECENT_LOOK_BACK). */
  readonly recentLookBack?: number;
}

/** The longest long poll by default, in seconds. */
export const MAX_WAIT_SECONDS = 30;

/** Reads a tenant's events. */
export class EventFeed {
  readonly #pollMs: number;
  readonly #maxWait: number;
  readonly #lookBack: number;

  constructor(
    private readonly store: Store,
    options: EventFeedOptions = {},
  ) {
    this.#pollMs = options.pollIntervalMs ?? 500;
    this.#maxWait = options.maxWaitSeconds ?? MAX_WAIT_SECONDS;
    this.#lookBack = options.recentLookBack ?? RECENT_LOOK_BACK;
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
   * one by one in commit order), so a page is one range of the key. With `types`, a page reads
   * back through at most `recentLookBack` Ids for its matches. `invalidValue` for an unknown
   * type, `notFound` for an unknown tenant.
   */
  async recent(
    tenantId: string,
    query: {
      readonly before?: number | undefined;
      readonly limit: number;
      readonly types?: readonly string[] | undefined;
    },
  ): Promise<RecentPage> {
    const types = parseEventTypes(query.types, "type") ?? undefined;
    if ((await this.store.tenants.get(tenantId)) === undefined) throw tenantNotFound(tenantId);
    const end = query.before ?? (await this.store.events.lastSeq(tenantId)) + 1;
    const after = Math.max(0, end - 1 - (types === undefined ? query.limit : this.#lookBack));
    const events = await this.store.events.readBack(tenantId, { before: end, after, limit: query.limit, types });
    const items = events.map((event) => eventJson(tenantId, event));
    const full = events.length === query.limit;
    const next = full ? events.at(-1)!.seq : after + 1;
    return {
      items,
      older: next > 1 ? next : undefined,
      lookedAt: { first: full ? next : after + 1, last: end - 1 },
    };
  }
}
