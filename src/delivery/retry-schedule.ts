/** When a failed webhook delivery is tried again (SPEC §11: first within 30 s, then backing off for about a day). */

/**
 * The pause after the n-th failure in a row (index n − 1), in milliseconds: 5 s, 30 s, 2 min,
 * 10 min, 30 min, 1 h, 2 h, 4 h, 8 h, 8 h — about 24 hours in all. After the last, the endpoint
 * is disabled.
 */
export const DEFAULT_RETRY_SCHEDULE_MS: readonly number[] = Object.freeze([
  5_000, 30_000, 120_000, 600_000, 1_800_000, 3_600_000, 7_200_000, 14_400_000, 28_800_000, 28_800_000,
]);

/** The pause after `failures` failures in a row, with ±20 % jitter; undefined when the schedule is spent. */
export function retryDelay(
  schedule: readonly number[],
  failures: number,
  random: () => number = Math.random,
): number | undefined {
  const base = schedule[failures - 1];
  if (base === undefined) return undefined;
  return Math.round(base * (0.8 + 0.4 * random()));
}
