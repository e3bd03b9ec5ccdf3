/**
 * `roster import <tenantId> --in F [--dry-run] [--merge] [--quiet] [--json]` (SPEC §10, §12):
 * restores an ndjson export through the ImportService: checked whole, then written all or
 * nothing; `--dry-run` says what would be created, changed and left alone.
 */
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import type { Command } from "commander";
import { type ImportPhase, type ImportReport, ImportService, type KindOutcome } from "../domain/import-service.ts";
import { importReportJson } from "../domain/migration-json.ts";
import { fileSource } from "../domain/stream-adapters.ts";
import { RosterError } from "../protocol/errors.ts";
import { type CliIo, printJson, printLines } from "./cli-io.ts";
import { withStore } from "./cli-store.ts";
import { type ProgressReporter, progressBar } from "./progress-bar.ts";

interface ImportOptions {
  readonly in: string;
  readonly dryRun?: boolean;
  readonly merge?: boolean;
  readonly quiet?: boolean;
  readonly json?: boolean;
}

const LABELS: Readonly<Record<ImportPhase, string>> = { checking: "Checking ", importing: "Importing" };

async function readableFile(cwd: string, file: string): Promise<string> {
  const path = resolve(cwd, file);
  const info = await stat(path).catch(() => undefined);
  if (info === undefined || !info.isFile()) throw new RosterError("invalidValue", `--in ${file}: no such file`);
  return path;
}

/** One kind's line: `roles: 3 created (a, b, c), 1 changed (d), 0 unchanged`. */
function outcomeLine(kind: string, outcome: KindOutcome, dryRun: boolean): string {
  const part = (count: number, first: readonly string[], done: string, would: string) => {
    const ids = first.length === 0 ? "" : ` (${first.join(", ")}${count > first.length ? ", …" : ""})`;
    return `${count} ${dryRun ? would : done}${ids}`;
  };
  return `  ${kind}: ${[
    part(outcome.created.count, outcome.created.first, "created", "to create"),
    part(outcome.changed.count, outcome.changed.first, "changed", "to change"),
    part(outcome.unchanged.count, outcome.unchanged.first, "unchanged", "to leave alone"),
  ].join(", ")}`;
}

function describeReport(report: ImportReport): readonly string[] {
  const from = `tenant ${report.source.tenantId}, exported ${report.source.exportedAt}`;
  return [
    report.dryRun
      ? `Dry run, nothing written: importing into ${report.tenantId} (from ${from}) would`
      : `Imported into ${report.tenantId} (from ${from}):`,
    outcomeLine("roles", report.roles, report.dryRun),
    outcomeLine("users", report.users, report.dryRun),
  ];
}

/** Adds the `import` command. */
export function registerImportCommand(program: Command, io: CliIo): void {
  program
    .command("import <tenantId>")
    .description("restore an ndjson export into a tenant: checked whole, then written all or nothing")
    .requiredOption("--in <file>", "the export to read")
    .option("--dry-run", "check the file and say what would change; write nothing")
    .option("--merge", "into a tenant that is not empty: match by Id, the file wins, nothing is deleted")
    .option("--quiet", "no progress bar")
    .option("--json", "print the report as JSON")
    .action(async (tenantId: string, options: ImportOptions, command: Command) => {
      const path = await readableFile(io.cwd, options.in);
      const report = await withStore(command, io, async (store) => {
        let phase: ImportPhase | undefined;
        let bar: ProgressReporter | undefined;
        try {
          return await new ImportService(store).import(tenantId, fileSource(path), {
            merge: options.merge === true,
            dryRun: options.dryRun === true,
            onProgress: (progress) => {
              if (progress.phase !== phase) {
                bar?.stop();
                phase = progress.phase;
                bar = progressBar(io, LABELS[phase], { quiet: options.quiet === true });
              }
              bar?.update(progress.done, progress.total);
            },
          });
        } finally {
          bar?.stop();
        }
      });
      if (options.json === true) printJson(io, importReportJson(report));
      else printLines(io, ...describeReport(report));
    });
}
