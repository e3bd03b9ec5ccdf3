/** `roster migrate`: brings the database schema up to date (the one step that migrates PostgreSQL). */
import type { Command } from "commander";
import { type CliIo, printJson, printLines } from "./cli-io.ts";
import { withStore } from "./cli-store.ts";

/** Adds the `migrate` command. */
export function registerMigrateCommand(program: Command, io: CliIo): void {
  program
    .command("migrate")
    .description("bring the database schema up to date")
    .option("--json", "print JSON")
    .action(async (options: { readonly json?: boolean }, command: Command) => {
      await withStore(command, io, (store) => store.migrate(), { migrating: true });
      if (options.json === true) printJson(io, { Migrated: true });
      else printLines(io, "Database schema is up to date");
    });
}
