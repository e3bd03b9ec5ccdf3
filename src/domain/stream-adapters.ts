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
  once(event: "drain" | "close" | "error", listener: () => void): unknown;
  off(event: "drain" | "close" | "error", listener: () => void): unknown;
  readonly destroyed?: boolean;
}

/**
 * An ExportWriter over `stream` that honours backpressure: a chunk the stream cannot take at once
 * resolves when it drains. Fails (so the export stops) once the stream is closed or errors.
 */
export function streamWriter(stream: WritableLike): ExportWriter {
  return (chunk) =>
    new Promise<void>((resolve, reject) => {
      if (stream.destroyed === true) {
        reject(new RosterError("unavailable", "the export's reader went away"));
        return;
      }
      if (stream.write(chunk)) {
        resolve();
        return;
      }
      const done = (error?: unknown) => {
        stream.off("drain", onDrain);
        stream.off("close", onClose);
        stream.off("error", onClose);
        if (error === undefined) resolve();
        else reject(error);
      };
      const onDrain = () => done();
      const onClose = () => done(new RosterError("unavailable", "the export's reader went away"));
      stream.once("drain", onDrain);
      stream.once("close", onClose);
      stream.once("error", onClose);
    });
}

/** The file at `path` as an import source, read anew by each pass. */
export function fileSource(path: string): ImportSource {
  return { open: () => createReadStream(path, { highWaterMark: 256 * 1024 }) };
}
