/**
 * `/api/v1/tenants/{t}/export`, `/import` and `/audit` (SPEC §12): the export streams from the
 * domain's ExportService with backpressure; the import spools its NDJSON body to a temporary
 * file (the ImportService reads it twice: to check it, then to write it) and removes it after.
 */
import { randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { AUDIT_LIMIT } from "../../domain/audit-service.ts";
import { EXPORT_FORMATS } from "../../domain/export-service.ts";
import { auditReportJson, importReportJson } from "../../domain/migration-json.ts";
import { fileSource } from "../../domain/stream-adapters.ts";
import { RosterError } from "../../protocol/errors.ts";
import { sendExport } from "../export-reply.ts";
import { actorOf } from "./api-context.ts";
import type { ApiServices } from "./api-deps.ts";
import { problems, ref, TenantIdParam } from "./api-schemas.ts";
import { typed } from "./route-kit.ts";

const TAGS = ["Migration"];
const TENANT_PARAMS = Type.Object({ tenantId: TenantIdParam });
/** The media type of an import's body (SPEC §12). */
export const NDJSON_MEDIA_TYPE = "application/x-ndjson";
/** The largest import body, in bytes: a million users export to about 1.5 GB. */
export const MAX_IMPORT_BYTES = 8 * 1024 ** 3;

/** Copies `body` into a new temporary file, refusing more than `limit` bytes; answers its path and how to remove it. */
async function spool(body: Readable, limit: number): Promise<{ path: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "roster-import-"));
  const remove = () => rm(dir, { recursive: true, force: true });
  const path = join(dir, `${randomUUID()}.ndjson`);
  let bytes = 0;
  const cap = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      if (bytes > limit) callback(new RosterError("payloadTooLarge", `An import body may hold at most ${limit} bytes`));
      else callback(null, chunk);
    },
  });
  try {
    await pipeline(body, cap, createWriteStream(path));
    return { path, remove };
  } catch (error) {
    await remove();
    throw error;
  }
}

/** Registers the export, import and audit routes. */
export function registerMigrationRoutes(scope: FastifyInstance, { exports, imports, audit }: ApiServices): void {
  const api = typed(scope);

  api.get(
    "/tenants/:tenantId/export",
    {
      schema: {
        tags: TAGS,
        operationId: "exportTenant",
        summary: "Export the tenant's roles and users (a stream; ndjson is the backup the import reads)",
        params: TENANT_PARAMS,
        querystring: Type.Object(
          {
            format: Type.Optional(
              Type.Union(
                EXPORT_FORMATS.map((f) => Type.Literal(f)),
                {
                  default: "ndjson",
                  description: "ndjson (default), json (one document) or csv (users, for spreadsheets)",
                },
              ),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          200: {
            description: "The export: a header line, then a line per role and per user (docs/migration.md)",
            content: {
              [NDJSON_MEDIA_TYPE]: { schema: Type.Unknown({ description: "format=ndjson: one JSON object a line" }) },
              "application/json": { schema: Type.Unknown({ description: "format=json: the header with Items" }) },
              "text/csv": { schema: Type.Unknown({ description: "format=csv: one user a row" }) },
            },
          },
          ...problems(400, 401, 404),
        },
      },
    },
    async (request, reply) =>
      sendExport(request, reply, exports, request.params.tenantId, request.query.format ?? "ndjson"),
  );

  scope.register(async (child) => {
    // The body stays a stream: it is spooled to disk, never held in memory.
    child.addContentTypeParser(NDJSON_MEDIA_TYPE, (_request, payload, done) => done(null, payload));
    typed(child).post(
      "/tenants/:tenantId/import",
      {
        schema: {
          tags: TAGS,
          operationId: "importTenant",
          summary: "Import an export (NDJSON): checked whole, then written all or nothing",
          params: TENANT_PARAMS,
          querystring: Type.Object(
            {
              merge: Type.Optional(
                Type.Boolean({
                  default: false,
                  description:
                    "Into a tenant that holds users or roles: match by Id, the document wins, nothing is deleted",
                }),
              ),
              dryRun: Type.Optional(
                Type.Boolean({ default: false, description: "Check and report what would change; write nothing" }),
              ),
            },
            { additionalProperties: false },
          ),
          body: {
            content: {
              [NDJSON_MEDIA_TYPE]: {
                schema: Type.Unknown({ description: "An ndjson export, as `GET …/export` streams it" }),
              },
            },
          },
          response: { 200: ref("ImportReport"), ...problems(400, 401, 403, 404, 409, 413, 415) },
        },
      },
      async (request) => {
        const body = request.body as unknown;
        if (!isReadable(body)) {
          throw new RosterError("unsupportedMediaType", `Send the export as ${NDJSON_MEDIA_TYPE}`);
        }
        const spooled = await spool(body, MAX_IMPORT_BYTES);
        try {
          const report = await imports.import(request.params.tenantId, fileSource(spooled.path), {
            merge: request.query.merge,
            dryRun: request.query.dryRun,
            actor: actorOf(request),
          });
          return importReportJson(report);
        } finally {
          await spooled.remove();
        }
      },
    );
  });

  api.get(
    "/tenants/:tenantId/audit",
    {
      schema: {
        tags: TAGS,
        operationId: "auditTenant",
        summary: "What a migration to SCIM will do or did: hand grants SCIM drops, unadopted roles, unlinked users",
        params: TENANT_PARAMS,
        querystring: Type.Object(
          {
            limit: Type.Optional(
              Type.Integer({
                minimum: 1,
                maximum: AUDIT_LIMIT.max,
                default: AUDIT_LIMIT.default,
                description: "The most entries per list (Counts has the totals)",
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: ref("AuditReport"), ...problems(400, 401, 404) },
      },
    },
    async (request) =>
      auditReportJson(await audit.audit(request.params.tenantId, request.query.limit ?? AUDIT_LIMIT.default)),
  );
}

function isReadable(value: unknown): value is Readable {
  return typeof value === "object" && value !== null && typeof (value as Readable).pipe === "function";
}
