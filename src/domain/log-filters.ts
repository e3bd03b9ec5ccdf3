/** The filters of the provisioning log (SPEC §11) as operators type them: times and status classes. */
import { fail, ok, type Result, RosterError } from "../protocol/errors.ts";
import type { LogOutcome, LogQuery } from "./outbox-ports.ts";

const UNITS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * A point in time: an ISO-8601 date-time (or date), or a duration back from `now` (`90s`, `15m`,
 * `1h`, `7d`, `2w`). Answers the ISO timestamp.
 */
export function parseTimeBound(name: string, text: string, now: Date): Result<string> {
  const relative = /^(\d{1,6})([smhdw])$/.exec(text.trim());
  if (relative) {
    const ms = Number(relative[1]) * (UNITS[relative[2] ?? "s"] ?? 1000);
    return ok(new Date(now.getTime() - ms).toISOString());
  }
  if (/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(text.trim())) {
    const at = Date.parse(text.trim());
    if (!Number.isNaN(at)) return ok(new Date(at).toISOString());
  }
  return fail(
    "invalidValue",
    `${name} must be an ISO date-time (2026-03-01T12:00:00Z) or a duration back from now (15m, 1h, 7d), got ${JSON.stringify(text.slice(0, 40))}`,
  );
}

/** A status or a status class: `401` → 401–401, `4xx` → 400–499. */
export function parseStatusFilter(text: string): Result<{ readonly from: number; readonly to: number }> {
  const exact = /^([1-5]\d\d)$/.exec(text);
  if (exact) return ok({ from: Number(exact[1]), to: Number(exact[1]) });
  const range = /^([1-5])xx$/i.exec(text);
  if (range) return ok({ from: Number(range[1]) * 100, to: Number(range[1]) * 100 + 99 });
  return fail(
    "invalidValue",
    `status must be a status (401) or a class (4xx), got ${JSON.stringify(text.slice(0, 20))}`,
  );
}

/** The filters of a log read as typed (API query, console form): every one optional. */
export interface LogFilterInput {
  readonly since?: string | undefined;
  readonly until?: string | undefined;
  readonly provider?: string | undefined;
  readonly status?: string | undefined;
  readonly outcome?: LogOutcome | undefined;
  readonly resourceType?: string | undefined;
  readonly resourceId?: string | undefined;
}

/** A log read's filters, parsed: a LogQuery without its page. */
export type LogFilters = Omit<LogQuery, "before" | "limit">;

/**
 * Parses the typed filters into a LogQuery's (times relative to `now`); RosterError
 * `invalidValue` naming the field for a bad time or status. The management API and the
 * console both read the log through this.
 */
export function parseLogFilters(input: LogFilterInput, now: Date): LogFilters {
  const status = input.status === undefined ? undefined : field("status", parseStatusFilter(input.status));
  return {
    since: input.since === undefined ? undefined : field("since", parseTimeBound("since", input.since, now)),
    until: input.until === undefined ? undefined : field("until", parseTimeBound("until", input.until, now)),
    provider: input.provider,
    statusFrom: status?.from,
    statusTo: status?.to,
    outcome: input.outcome,
    resourceType: input.resourceType,
    resourceId: input.resourceId,
  };
}

function field<T>(name: string, result: Result<T>): T {
  if (result.ok) return result.value;
  throw new RosterError("invalidValue", result.error.message, { field: name });
}
