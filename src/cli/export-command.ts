/**
 * `roster export <tenantId> [--out F] [--format ndjson|json|csv] [--quiet]` (SPEC §10, §12): the
 * tenant's backup, streamed from the ExportService. With `--out` it goes to a temporary file
 * beside F, renamed to F once complete, so F is never a half-written backup; without, to stdout.
 */
import { open, rename, rm } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { finished } from "node:stream/promises";
import { type Command, Option } from "commander";
import { EXPORT_FORMATS, type ExportFormat, ExportService, type ExportWriter } from "../domain/export-service.ts";
import { streamWriter } from "../domain/stream-adapters.ts";
import { type CliIo, printLines } from "./cli-io.ts";
import { withStore } from "./cli-store.ts";
import { progressBar } from "./progress-bar.ts";

interface ExportOptions {
  readonly out?: string;
  readonly format: ExportFormat;
  readonly quiet?: boolean;
}

/** Adds the `export` command. */
export function registerExportCommand(program: Command, io: CliIo): void {
  program
    .command("export <tenantId>")
    .description("export a tenant's roles and users (ndjson: the backup `roster import` restores)")
    .option("--out <file>", "write to this file (default: stdout)")
    .addOption(new Option("--format <format>", "ndjson, json or csv").choices(EXPORT_FORMATS).default("ndjson"))
    .option("--quiet", "no progress bar")
    .action(async (tenantId: string, options: ExportOptions, command: Command) => {
      await withStore(command, io, async (store) => {
        const service = new ExportService(store);
        await service.assertTenant(tenantId);
        // On a terminal that also shows the export itself, a bar would be drawn through it.
        const drawsOverOutput = options.out === undefined && io.stdout?.isTTY === true;
        const bar = progressBar(io, "Exporting", { quiet: options.quiet === true || drawsOverOutput });
        const run = (write: ExportWriter) =>
          service.export(tenantId, write, {
            format: options.format,
            onProgress: ({ done, total }) => bar.update(done, total),
          });
        try {
          if (options.out === undefined) {
            await run(io.stdout ? streamWriter(io.stdout) : async (chunk) => io.out(chunk));
            return;
          }
          const target = resolve(io.cwd, options.out);
          const partial = join(dirname(target), `.${basename(target)}.${process.pid}.partial`);
          const handle = await open(partial, "wx");
          const file = handle.createWriteStream();
          try {
            const { header } = await run(streamWriter(file));
            file.end();
            await finished(file);
            await rename(partial, target);
            bar.stop();
            const { Roles, Users } = header.Counts;
            const what =
              options.format === "csv" ? plural(Users, "user") : `${plural(Roles, "role")}, ${plural(Users, "user")}`;
            printLines(io, `Exported tenant ${tenantId}: ${what} to ${target}`);
          } catch (error) {
            file.destroy();
            await rm(partial, { force: true });
            throw error;
          }
        } finally {
          bar.stop();
        }
      });
    });
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
