/** Where the `roster` command writes and what environment it reads; a seam for tests. */

/** A terminal that progress bars draw on (stderr, when it is one). */
export type TerminalStream = NodeJS.WritableStream & { readonly isTTY?: boolean; readonly columns?: number };

/** The process's streams and environment, as the commands see them. */
export interface CliIo {
  /** Writes text to stdout as given (callers add the newline). */
  readonly out: (text: string) => void;
  /** Writes text to stderr as given. */
  readonly err: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The working directory relative SQLite paths (the default `./data/roster.db`) are resolved against. */
  readonly cwd: string;
  /** Where progress bars are drawn: stderr when it is a terminal; absent when piped (then there is no bar). */
  readonly terminal?: TerminalStream | undefined;
  /** stdout as a stream, for long output that must wait while the reader is slow (an export); else `out` is used. */
  readonly stdout?: (NodeJS.WritableStream & { readonly isTTY?: boolean }) | undefined;
  /** Ends a `--follow` (Ctrl-C in a terminal; tests abort it); absent: follow until killed. */
  readonly signal?: AbortSignal | undefined;
}

/** The real process. */
export function processIo(): CliIo {
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
    terminal: process.stderr.isTTY ? process.stderr : undefined,
    stdout: process.stdout,
  };
}

/** Writes `value` to stdout as one compact JSON line (NDJSON), for streams such as `log --json`. */
export function printJsonLine(io: CliIo, value: unknown): void {
  io.out(`${JSON.stringify(value)}\n`);
}

/** Writes `value` to stdout as indented JSON, for `--json`. */
export function printJson(io: CliIo, value: unknown): void {
  io.out(`${JSON.stringify(value, null, 2)}\n`);
}

/** Writes lines to stdout. */
export function printLines(io: CliIo, ...lines: readonly string[]): void {
  io.out(lines.map((line) => `${line}\n`).join(""));
}

/**
 * Writes the items as one indented JSON array, an item at a time (a long list never sits in
 * memory as one string); the same text as `printJson` of the whole array.
 */
export async function printJsonArray(io: CliIo, items: AsyncIterable<unknown>): Promise<void> {
  let first = true;
  for await (const item of items) {
    const text = JSON.stringify(item, null, 2).replace(/\n/g, "\n  ");
    io.out(`${first ? "[\n" : ",\n"}  ${text}`);
    first = false;
  }
  io.out(first ? "[]\n" : "\n]\n");
}
