/** The storage ports of SPEC §11: the event outbox, the provisioning log, webhook endpoints and their deliveries. */
import type { SeekPage } from "./ports.ts";

/** A change event as stored (SPEC §11): `seq` is its Id, growing in commit order per tenant. */
export interface EventRecord {
  readonly seq: number;
  readonly type: string;
  readonly occurredAt: string;
  readonly actor: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/** An event before it has an Id. */
export type NewEvent = Omit<EventRecord, "seq">;

/** What an events read asks for: events with Ids above `after`, oldest first. */
export interface EventQuery {
  readonly after: number;
  readonly limit: number;
  /** Only these types; every type when absent. */
  readonly types?: readonly string[] | undefined;
}

/** The outbox: events are appended inside the writing transaction. */
export interface EventStore {
  /**
   * Gives the events the next Ids of the tenant and inserts them in one batched insert. Ids
   * grow in commit order: on PostgreSQL through one upsert of the tenant's counter row (its
   * lock, held until commit, hands Ids out in commit order), on SQLite (one writer at a time)
   * from the tenant's last event. Call it last in a transaction. Answers the Ids given.
   */
  append(tenantId: string, events: readonly NewEvent[]): Promise<readonly number[]>;
  /** Events after `query.after`, oldest first: one range of the primary key (or of `events_type`). */
  read(tenantId: string, query: EventQuery): Promise<readonly EventRecord[]>;
  /**
   * Events with `after` < Id < `before`, newest first, at most `limit`, only `types` when given:
   * one backward range of the primary key (the caller bounds it with `after`).
   */
  readBack(tenantId: string, query: EventBackQuery): Promise<readonly EventRecord[]>;
  /** The tenant's last event Id, 0 when it has none. */
  lastSeq(tenantId: string): Promise<number>;
}

/** What a backward events read asks for. */
export interface EventBackQuery {
  readonly before: number;
  readonly after: number;
  readonly limit: number;
  readonly types?: readonly string[] | undefined;
}

/** SPEC §11 `Outcome`. */
export type LogOutcome =
  | "created"
  | "adopted"
  | "updated"
  | "unchanged"
  | "deleted"
  | "rejected"
  | "unauthorized"
  | "paused"
  | "read";

/** Every outcome, in SPEC order. */
export const LOG_OUTCOMES: readonly LogOutcome[] = Object.freeze([
  "created",
  "adopted",
  "updated",
  "unchanged",
  "deleted",
  "rejected",
  "unauthorized",
  "paused",
  "read",
]);

/** One provisioning log row (SPEC §11): no values, no bodies, no tokens. */
export interface LogEntry {
  readonly id: string;
  readonly at: string;
  readonly provider: string;
  readonly method: string;
  /** The path below the tenant's SCIM base (`/Users/{id}`), without the query string. */
  readonly path: string;
  readonly status: number;
  readonly scimType: string | null;
  readonly resourceType: string | null;
  readonly resourceId: string | null;
  readonly outcome: LogOutcome;
  /** Attribute paths and member counts changed (`name.givenName`, `members+3`). */
  readonly changes: readonly string[];
  readonly durationMs: number;
  readonly requestId: string;
}

/** A provisioning log read: newest first, narrowed by every filter given. */
export interface LogQuery {
  readonly since?: string | undefined;
  readonly until?: string | undefined;
  /** Compared case-insensitively. */
  readonly provider?: string | undefined;
  /** Status range, inclusive (`401` is 401–401, `4xx` is 400–499). */
  readonly statusFrom?: number | undefined;
  readonly statusTo?: number | undefined;
  readonly outcome?: LogOutcome | undefined;
  readonly resourceType?: string | undefined;
  readonly resourceId?: string | undefined;
  /** Rows strictly older than this (at, id) in the newest-first order. */
  readonly before?: { readonly at: string; readonly id: string } | undefined;
  readonly limit: number;
}

/** The provisioning log. */
export interface ProvisioningLogStore {
  /** Inserts rows (one statement per batch). */
  insert(tenantId: string, entries: readonly LogEntry[]): Promise<void>;
  page(tenantId: string, query: LogQuery): Promise<SeekPage<LogEntry>>;
  /** Deletes at most `batch` rows older than `before`; answers how many. */
  prune(tenantId: string, before: string, batch: number): Promise<number>;
}

/** A webhook endpoint as stored. */
export interface WebhookRecord {
  readonly tenantId: string;
  readonly id: string;
  readonly url: string;
  /** The event types delivered; null for every type. */
  readonly events: readonly string[] | null;
  readonly enabled: boolean;
  /** The signing secret, encrypted (see webhook-secrets.ts). */
  readonly secretCipher: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
  /** The last event Id delivered (or passed over as not matching). */
  readonly lastSeq: number;
  /** Failed attempts in a row at the current event. */
  readonly failCount: number;
  readonly firstFailureAt: string | null;
  readonly nextAttemptAt: string;
  readonly disabledReason: string | null;
  readonly disabledAt: string | null;
}

/** What PATCH of an endpoint may change. */
export interface WebhookChanges {
  readonly url?: string | undefined;
  readonly events?: readonly string[] | null | undefined;
  readonly enabled?: boolean | undefined;
}

/** The state the delivery loop leaves an endpoint in after its turn. */
export interface WebhookProgress {
  readonly lastSeq: number;
  readonly failCount: number;
  readonly firstFailureAt: string | null;
  readonly nextAttemptAt: string;
  /** Set to disable the endpoint for this reason. */
  readonly disabledReason?: string | undefined;
}

/** One try of a delivery. */
export interface AttemptRecord {
  readonly at: string;
  /** The HTTP status answered; null when none came (refused, timeout, connection error). */
  readonly status: number | null;
  readonly durationMs: number;
  readonly error: string | null;
}

/** `pending` (failed so far, retried), `delivered`, or `failed` (given up). */
export type DeliveryState = "pending" | "delivered" | "failed";

/** One (endpoint, event) pair that was attempted, or one test. */
export interface DeliveryRecord {
  readonly id: string;
  readonly eventSeq: number | null;
  readonly eventType: string;
  readonly state: DeliveryState;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly attempts: readonly AttemptRecord[];
}

/** Webhook endpoints, their deliveries and the delivery loop's claims. */
export interface WebhookStore {
  insert(record: WebhookRecord): Promise<void>;
  get(tenantId: string, id: string): Promise<WebhookRecord | undefined>;
  /** Endpoints in creation order after `after`. */
  page(
    tenantId: string,
    query: { readonly after?: { createdAt: string; id: string } | undefined; readonly limit: number },
  ): Promise<SeekPage<WebhookRecord>>;
  /** Applies changes; enabling resets the retry state and clears the disabled reason. False when there is none. */
  update(tenantId: string, id: string, changes: WebhookChanges, now: string): Promise<boolean>;
  delete(tenantId: string, id: string): Promise<boolean>;
  /**
   * Claims up to `limit` enabled endpoints, of any tenant, that are due (`next_attempt_at` ≤ now),
   * have events past their cursor, and hold no live lease: sets the lease to `owner` until
   * `leaseUntil` and answers them. Two instances never claim one endpoint at once (the lease is
   * checked in the UPDATE itself; PostgreSQL also skips rows another claim has locked). The one
   * storage call not scoped to a tenant besides `serverSecret`: the loop serves every tenant.
   */
  claimDue(owner: string, now: string, leaseUntil: string, limit: number): Promise<readonly WebhookRecord[]>;
  /** Extends the lease while `owner` still holds it; false when it was lost. */
  renew(tenantId: string, id: string, owner: string, leaseUntil: string): Promise<boolean>;
  /** Records the loop's progress and drops the lease, if `owner` still holds it. */
  release(tenantId: string, id: string, owner: string, progress: WebhookProgress, now: string): Promise<void>;
  /** Moves the cursor to `seq` when it is behind it (a retry delivered the next event). */
  advance(tenantId: string, id: string, seq: number): Promise<void>;
  /** Records an attempt of a delivery (created on its first attempt) and the delivery's new state. */
  recordAttempt(
    tenantId: string,
    webhookId: string,
    delivery: { readonly id: string; readonly eventSeq: number | null; readonly eventType: string },
    attempt: AttemptRecord,
    state: DeliveryState,
  ): Promise<void>;
  /** Deliveries, newest first, each with its attempts. */
  deliveries(
    tenantId: string,
    webhookId: string,
    query: { readonly before?: { createdAt: string; id: string } | undefined; readonly limit: number },
  ): Promise<SeekPage<DeliveryRecord>>;
  delivery(tenantId: string, webhookId: string, deliveryId: string): Promise<DeliveryRecord | undefined>;
  /** Across enabled endpoints: events past their cursors (for the `roster_event_backlog` gauge). */
  backlog(): Promise<number>;
}
