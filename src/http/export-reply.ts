/**
 * Sends a tenant's export (SPEC §12) as a download: the ExportService streams into the reply with
 * backpressure. The management API's `GET …/export` and the console's download both answer
 * through this, so they send the same document.
 */
import { PassThrough } from "node:stream";
import type { FastifyReply, FastifyRequest } from "fastify";
import { EXPORT_MEDIA_TYPES, type ExportFormat, type ExportService } from "../domain/export-service.ts";
import { streamWriter } from "../domain/stream-adapters.ts";

const EXTENSIONS: Readonly<Record<ExportFormat, string>> = { ndjson: "ndjson", json: "json", csv: "csv" };

/** The file name a download of `tenantId`'s export gets on `day` (YYYY-MM-DD). */
export function exportFileName(tenantId: string, day: string, format: ExportFormat): string {
  return `roster-${tenantId}-${day}.${EXTENSIONS[format]}`;
}

/** Checks the tenant (`notFound` before anything is sent), then streams its export as an attachment. */
export async function sendExport(
  request: FastifyRequest,
  reply: FastifyReply,
  exports: ExportService,
  tenantId: string,
  format: ExportFormat,
): Promise<FastifyReply> {
  await exports.assertTenant(tenantId);
  const stream = new PassThrough();
  const exporting = exports.export(tenantId, streamWriter(stream), { format });
  exporting.then(
    () => stream.end(),
    (error: unknown) => {
      if (!stream.destroyed) request.log.error({ err: error }, "export failed while streaming");
      stream.destroy(error instanceof Error ? error : new Error(String(error)));
    },
  );
  const day = new Date().toISOString().slice(0, 10);
  return reply
    .type(EXPORT_MEDIA_TYPES[format])
    .header("content-disposition", `attachment; filename="${exportFileName(tenantId, day, format)}"`)
    .header("cache-control", "no-store")
    .send(stream);
}
