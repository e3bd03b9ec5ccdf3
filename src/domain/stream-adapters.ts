/**
 * Node streams as the export's writer and the import's source, for the edges that have them
 * (an HTTP reply, a file, stdout, a spooled request body).
 */
import { createReadStream } from "node:fs";
import { RosterError } from "../protocol/errors.ts";
import type { ExportWriter } from "./export-service.ts";
import type { ImportSource } from "./import-service.ts";

/** What a writer needs of a stream: `process.stdout`, a file stream, a PassThrough. */
export interface WritableLike {
  write(chunk: string): boolean;
  on(event: "error", listener: (error: unknown) => void): unknown;
  once(event: "drain" | "close", listener: () => void): unknown;
  off(event: "drain" | "close", listener: () => void): unknown;
  readonly destroyed?: boolean;
}

/**
 * An ExportWriter over `stream` that honours backpressure: a chunk the stream cannot take at once
 * resolves when it drains. Once the stream fails (its error) or closes (the reader went away),
 * every write fails, so the export stops. The stream's errors are always listened to.
 */
export function streamWriter(stream: WritableLike): ExportWriter {
  let failure: unknown;
  stream.on("error", (error) => {
    failure ??= error;
  });
  const gone = () => failure ?? new RosterError("unavailable", "the export's reader went away");
  return (chunk) =>
    new Promise<void>((resolve, reject) => {
      if (failure !== undefined || stream.destroyed === true) {
        reject(gone());
        return;
      }
      if (stream.write(chunk)) {
        resolve();
        return;
      }
      const finish = (ok: boolean) => {
        stream.off("drain", onDrain);
        stream.off("close", onClose);
        if (ok) resolve();
        else reject(gone());
      };
      const onDrain = () => finish(true);
      const onClose = () => finish(false);
      stream.once("drain", onDrain);
      stream.once("close", onClose);
    });
}

/** The file at `path` as an import source, read anew by each pass. */
export function fileSource(path: string): ImportSource {
  return { open: () => createReadStream(path, { highWaterMark: 256 * 1024 }) };
}
