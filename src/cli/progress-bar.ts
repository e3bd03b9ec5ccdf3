/**
 * The progress bar of long commands (export, import): count, rate and time left, drawn with
 * cli-progress on the terminal (stderr) at most PROGRESS_FPS times a second. Piped, or with
 * `--quiet`, there is no bar at all: the command prints only its result.
 */
import cliProgress from "cli-progress";
import type { CliIo } from "./cli-io.ts";

/** The most redraws per second. */
export const PROGRESS_FPS = 4;

/** Reports progress; `stop` ends the bar's line (always call it, also on failure). */
export interface ProgressReporter {
  update(done: number, total: number): void;
  stop(): void;
}

const SILENT: ProgressReporter = Object.freeze({ update() {}, stop() {} });

/** Thousands separated by commas: 1,234,567. */
function grouped(value: number): string {
  return Math.round(value).toLocaleString("en-US");
}

/** A bar labelled `label` on the terminal of `io`, or nothing when there is none or `quiet`. */
export function progressBar(io: CliIo, label: string, options: { readonly quiet?: boolean } = {}): ProgressReporter {
  const stream = io.terminal;
  if (options.quiet === true || stream === undefined || stream.isTTY !== true) return SILENT;
  const bar = new cliProgress.SingleBar(
    {
      stream,
      fps: PROGRESS_FPS,
      format: `${label} [{bar}] {percentage}% | {count} of {all} | {rate}/s | {eta_formatted} left`,
      barsize: 24,
      etaBuffer: 40,
      hideCursor: false,
      gracefulExit: false,
    },
    cliProgress.Presets.legacy,
  );
  const startedAt = Date.now();
  let started = false;
  return {
    update(done, total) {
      const seconds = (Date.now() - startedAt) / 1000;
      const payload = { count: grouped(done), all: grouped(total), rate: seconds > 0 ? grouped(done / seconds) : "-" };
      if (!started) {
        bar.start(Math.max(total, 1), done, payload);
        started = true;
        return;
      }
      bar.setTotal(Math.max(total, 1));
      bar.update(done, payload);
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}
