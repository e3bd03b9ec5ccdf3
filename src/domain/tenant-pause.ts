/** The seed's rollback (SPEC §9): a paused tenant answers SCIM writes with 503 and `Retry-After`. */
import { RosterError } from "../protocol/errors.ts";
import type { TenantPause } from "./model.ts";
import { failField } from "./text-input.ts";

/** The `Retry-After` of a pause that names none: five minutes. */
export const DEFAULT_RETRY_AFTER_SECONDS = 300;
/** The longest `Retry-After` a pause may ask for: one day. */
export const MAX_RETRY_AFTER_SECONDS = 86_400;

/** `RetryAfterSeconds` checked: an integer from 1 to a day; the default when absent. */
export function parseRetryAfter(value: number | undefined) {
  if (value === undefined) return { ok: true as const, value: DEFAULT_RETRY_AFTER_SECONDS };
  if (!Number.isInteger(value) || value < 1 || value > MAX_RETRY_AFTER_SECONDS) {
    return failField<number>(
      "RetryAfterSeconds",
      `RetryAfterSeconds must be an integer from 1 to ${MAX_RETRY_AFTER_SECONDS}, got ${String(value)}`,
    );
  }
  return { ok: true as const, value };
}

/** The error of a SCIM write to a paused tenant: `paused` (503) with the pause's `Retry-After`. */
export function pausedError(pause: TenantPause): RosterError {
  return new RosterError(
    "paused",
    `Provisioning is paused for this tenant: nothing was changed, retry after ${pause.retryAfterSeconds} seconds`,
    { retryAfterSeconds: pause.retryAfterSeconds },
  );
}
