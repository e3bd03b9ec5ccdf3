/** SPEC §11's shapes of the provisioning log, webhook endpoints and deliveries: the same in the API, the CLI's `--json` and the console. */
import type { DeliveryRecord, LogEntry, WebhookRecord } from "./outbox-ports.ts";

/** A provisioning log row. */
export interface LogEntryJson {
  readonly Id: string;
  readonly At: string;
  readonly Provider: string;
  readonly Method: string;
  readonly Path: string;
  readonly Status: number;
  readonly ScimType: string | null;
  readonly ResourceType: string | null;
  readonly ResourceId: string | null;
  readonly Outcome: string;
  readonly Changes: readonly string[];
  readonly DurationMs: number;
  readonly RequestId: string;
}

/** The row as SPEC §11 shows it. */
export function logEntryJson(entry: LogEntry): LogEntryJson {
  return {
    Id: entry.id,
    At: entry.at,
    Provider: entry.provider,
    Method: entry.method,
    Path: entry.path,
    Status: entry.status,
    ScimType: entry.scimType,
    ResourceType: entry.resourceType,
    ResourceId: entry.resourceId,
    Outcome: entry.outcome,
    Changes: entry.changes,
    DurationMs: entry.durationMs,
    RequestId: entry.requestId,
  };
}

/** A webhook endpoint, without its secret. */
export interface WebhookJson {
  readonly Id: string;
  readonly Url: string;
  /** The event types delivered; null for every type. */
  readonly Events: readonly string[] | null;
  readonly Enabled: boolean;
  /** Why it was disabled by Roster (retries spent); null when enabled or disabled by hand. */
  readonly DisabledReason: string | null;
  readonly DisabledAt: string | null;
  /** The last event Id delivered (or passed over as not matching `Events`). */
  readonly LastEventId: string;
  /** Failed attempts in a row at the next event; 0 when all is well. */
  readonly FailedAttempts: number;
  /** When the next attempt is due while failing; null otherwise. */
  readonly NextAttemptAt: string | null;
  readonly CreatedAt: string;
  readonly UpdatedAt: string;
}

/** The endpoint's public fields. */
export function webhookJson(webhook: WebhookRecord): WebhookJson {
  return {
    Id: webhook.id,
    Url: webhook.url,
    Events: webhook.events,
    Enabled: webhook.enabled,
    DisabledReason: webhook.disabledReason,
    DisabledAt: webhook.disabledAt,
    LastEventId: String(webhook.lastSeq),
    FailedAttempts: webhook.failCount,
    NextAttemptAt: webhook.failCount > 0 && webhook.enabled ? webhook.nextAttemptAt : null,
    CreatedAt: webhook.createdAt,
    UpdatedAt: webhook.updatedAt,
  };
}

/** A delivery: one event (or one test) to one endpoint, with every attempt. */
export interface DeliveryJson {
  readonly Id: string;
  /** The event delivered; null for a test. */
  readonly EventId: string | null;
  readonly EventType: string;
  readonly State: string;
  readonly CreatedAt: string;
  readonly UpdatedAt: string;
  readonly Attempts: readonly {
    readonly At: string;
    readonly Status: number | null;
    readonly DurationMs: number;
    readonly Error: string | null;
  }[];
}

/** The delivery's public fields. */
export function deliveryJson(delivery: DeliveryRecord): DeliveryJson {
  return {
    Id: delivery.id,
    EventId: delivery.eventSeq === null ? null : String(delivery.eventSeq),
    EventType: delivery.eventType,
    State: delivery.state,
    CreatedAt: delivery.createdAt,
    UpdatedAt: delivery.updatedAt,
    Attempts: delivery.attempts.map((a) => ({ At: a.at, Status: a.status, DurationMs: a.durationMs, Error: a.error })),
  };
}
