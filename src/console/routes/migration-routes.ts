/**
 * A tenant's migration tools in the console: the page (with the audit report), the export
 * download (the API's document, sent by the same sendExport), and the import form: a dry run
 * that previews what would change, then the import of that same document. The ExportService,
 * ImportService and AuditService are the API's.
 */
import { createHash } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { EXPORT_FORMATS, type ExportFormat } from "../../domain/export-service.ts";
import type { ImportReport, ImportSource } from "../../domain/import-service.ts";
import { sendExport } from "../../http/export-reply.ts";
import { HTML_CONTENT_TYPE } from "../../http/html-page-headers.ts";
import { RosterError } from "../../protocol/errors.ts";
import { consoleActor, viewerOf } from "../console-context.ts";
import type { ConsoleDeps } from "../console-deps.ts";
import { formRefusal } from "../form-errors.ts";
import { formFields } from "../form-fields.ts";
import { migrationPage } from "../pages/migration-page.ts";

/** The largest import form the console takes (the document is a form field); larger ones go through the CLI or the API. */
export const CONSOLE_IMPORT_BODY_LIMIT = 16 * 1024 * 1024;
/** How many entries each list of the audit report shows (the counts are totals). */
export const CONSOLE_AUDIT_LIMIT = 50;

type TenantParams = { tenantId: string };

/** The fingerprint of a document, binding an apply to the document its preview checked. */
function fingerprint(document: string): string {
  return createHash("sha256").update(document, "utf8").digest("base64url");
}

/** The text of the form as an import source (read anew by each of the import's two passes). */
function textSource(text: string): ImportSource {
  return {
    async *open() {
      yield text;
    },
  };
}

function isFormat(value: unknown): value is ExportFormat {
  return typeof value === "string" && (EXPORT_FORMATS as readonly string[]).includes(value);
}

/** Registers the migration routes. */
export function registerMigrationRoutes(scope: FastifyInstance, deps: ConsoleDeps): void {
  const { tenants, exports, imports, audit } = deps.services;

  async function show(
    request: FastifyRequest<{ Params: TenantParams }>,
    reply: FastifyReply,
    result: {
      status?: number;
      form?: { document: string; merge: boolean };
      report?: ImportReport;
      previewed?: string;
      error?: string;
    } = {},
  ) {
    const tenant = await tenants.showTenant(request.params.tenantId);
    const report = await audit.audit(tenant.id, CONSOLE_AUDIT_LIMIT);
    return reply
      .code(result.status ?? 200)
      .type(HTML_CONTENT_TYPE)
      .send(migrationPage(viewerOf(request), { tenant, audit: report, ...result }));
  }

  scope.get<{ Params: TenantParams }>("/tenants/:tenantId/migration", (request, reply) => show(request, reply));

  scope.get<{ Params: TenantParams; Querystring: { format?: unknown } }>(
    "/tenants/:tenantId/export",
    async (request, reply) => {
      const format = request.query.format ?? "ndjson";
      if (!isFormat(format)) {
        throw new RosterError("invalidValue", `format must be one of ${EXPORT_FORMATS.join(", ")}`, {
          field: "format",
        });
      }
      return sendExport(request, reply, exports, request.params.tenantId, format);
    },
  );

  scope.post<{ Params: TenantParams }>(
    "/tenants/:tenantId/import",
    { bodyLimit: CONSOLE_IMPORT_BODY_LIMIT },
    async (request, reply) => {
      const fields = formFields(request.body);
      const document = fields.text("document") ?? "";
      const merge = fields.text("merge") === "true";
      const dryRun = fields.text("mode") !== "apply";
      const form = { document, merge };
      try {
        await tenants.showTenant(request.params.tenantId);
        if (document.trim() === "") {
          throw new RosterError("invalidValue", "Paste an export, or load its file, first", { field: "document" });
        }
        if (!dryRun && fields.text("previewed") !== fingerprint(document)) {
          throw new RosterError(
            "invalidValue",
            "The document is not the one just previewed: preview it again, then apply it",
            { field: "document" },
          );
        }
        const report = await imports.import(request.params.tenantId, textSource(document), {
          merge,
          dryRun,
          actor: consoleActor(request),
        });
        return show(request, reply, {
          form: dryRun ? form : undefined,
          report,
          previewed: dryRun ? fingerprint(document) : undefined,
        });
      } catch (error) {
        const refusal = formRefusal(error);
        return show(request, reply, { status: refusal.status, form, error: refusal.message });
      }
    },
  );
}
