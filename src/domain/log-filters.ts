/** The filters of the provisioning log (SPEC §11) as operators type them: times and status classes. */
import { fail, ok, type Result } from "../protocol/errors.ts";

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
