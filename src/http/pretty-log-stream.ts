/** Human-readable log lines for a terminal: what `npm start` prints when stdout is a TTY (LOG_FORMAT=pretty). */
import type { LogStream } from "./logger-options.ts";

const LEVELS: Readonly<Record<number, string>> = Object.freeze({
  10: "TRACE",
  20: "DEBUG",
  30: "INFO",
  40: "WARN",
  50: "ERROR",
  60: "FATAL",
});

// Fields every line has, or that the line shows in its own place.
const SHOWN_ELSEWHERE: ReadonlySet<string> = new Set(["level", "time", "pid", "hostname", "msg"]);

function clock(time: unknown): string {
  const date = new Date(typeof time === "number" ? time : Date.now());
  return date.toISOString().slice(11, 23);
}

function fieldValue(value: unknown): string {
  if (typeof value === "string") return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  if (typeof value === "object" && value !== null && "stack" in value && typeof value.stack === "string") {
    return `\n${value.stack}`;
  }
  return JSON.stringify(value);
}

/**
 * Formats one pino JSON line as `HH:MM:SS.mmm LEVEL message key=value …` (UTC). The message is
 * printed as it is, so a multi-line message (the first-run help) reads as text. A line that is
 * not JSON passes through unchanged.
 */
export function formatLogLine(line: string): string {
  let entry: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(line);
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return line;
    entry = parsed as Record<string, unknown>;
  } catch {
    return line;
  }
  const level = LEVELS[Number(entry["level"])] ?? "LOG";
  const fields = Object.entries(entry)
    .filter(([key]) => !SHOWN_ELSEWHERE.has(key))
    .map(([key, value]) => `${key}=${fieldValue(value)}`);
  const message = typeof entry["msg"] === "string" ? entry["msg"] : "";
  return `${[clock(entry["time"]), level.padEnd(5), message, ...fields].filter((part) => part !== "").join(" ")}\n`;
}

/** A LogStream that writes formatLogLine of every line to `out`. */
export function prettyLogStream(out: { write(text: string): unknown }): LogStream {
  return {
    write(line) {
      out.write(formatLogLine(line.endsWith("\n") ? line.slice(0, -1) : line));
    },
  };
}
