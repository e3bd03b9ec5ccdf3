/**
 * The lines of an NDJSON document read from a stream of chunks: numbered from 1, decoded as
 * strict UTF-8, LF or CRLF ended, each at most MAX_LINE_CHARACTERS long, so a document of any
 * size is read holding one line (and one chunk) at a time.
 */
import { RosterError } from "../protocol/errors.ts";

/** The longest line read: a SCIM resource is at most a request body (1 MiB by default), with room to spare. */
export const MAX_LINE_CHARACTERS = 4 * 1024 * 1024;

/** One line and its number (1-based, blank lines counted). */
export interface NumberedLine {
  readonly number: number;
  readonly text: string;
}

/** `invalidValue` naming the line, for every refusal of an import document. */
export function lineError(line: number, message: string): RosterError {
  return new RosterError("invalidValue", `line ${line}: ${message}`, { field: `line ${line}` });
}

/**
 * The lines of the document `chunks` hold (bytes, or text already decoded), blank ones
 * included; `onChunk` sees every byte chunk as read (to checksum the document). A line longer
 * than MAX_LINE_CHARACTERS, or bytes that are not UTF-8, are RosterError `invalidValue` naming it.
 */
export async function* documentLines(
  chunks: AsyncIterable<Uint8Array | string>,
  onChunk?: (chunk: Uint8Array | string) => void,
): AsyncGenerator<NumberedLine> {
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
  let pending = "";
  let number = 1;
  const decode = (chunk: Uint8Array | string, last: boolean): string => {
    if (typeof chunk === "string") return chunk;
    try {
      return decoder.decode(chunk, { stream: !last });
    } catch (error) {
      throw new RosterError("invalidValue", `line ${number}: the document is not UTF-8 text`, {
        cause: error,
        field: `line ${number}`,
      });
    }
  };
  const lines = function* (text: string): Generator<NumberedLine> {
    pending += text;
    let start = 0;
    for (let end = pending.indexOf("\n"); end >= 0; end = pending.indexOf("\n", start)) {
      const line = pending.slice(start, end);
      if (line.length > MAX_LINE_CHARACTERS + 1)
        throw lineError(number, `longer than ${MAX_LINE_CHARACTERS} characters`);
      yield { number: number++, text: line.endsWith("\r") ? line.slice(0, -1) : line };
      start = end + 1;
    }
    pending = pending.slice(start);
    if (pending.length > MAX_LINE_CHARACTERS) {
      throw lineError(number, `longer than ${MAX_LINE_CHARACTERS} characters`);
    }
  };
  for await (const chunk of chunks) {
    onChunk?.(chunk);
    yield* lines(decode(chunk, false));
  }
  yield* lines(decode(new Uint8Array(0), true));
  if (pending !== "") yield { number, text: pending.endsWith("\r") ? pending.slice(0, -1) : pending };
}
