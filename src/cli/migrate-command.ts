/** `roster migrate`: brings the database schema up to date (the one step that migrates PostgreSQL) and says what it applied. */
import type { Command } from "commander";
import { type CliIo, printJson, printLines } from "./cli-io.ts";
import { withStore } from "./cli-store.ts";

/** Adds the `migrate` command. */
export function registerMigrateCommand(program: Command, io: CliIo): void {
  program
    .command("migrate")
    .description("bring the database schema up to date (creates a missing SQLite file)")
    .option("--json", "print JSON")
    .action(async (options: { readonly json?: boolean }, command: Command) => {
      const applied = await withStore(command, io, (store) => store.migrate(), { creates: true, migrating: true });
      if (options.json === true) printJson(io, { Migrated: true, Applied: applied });
      else printLines(io, migrateSummary(applied));
    });
}

/** `Applied 2 migrations: 002-a, 003-b`, or that there was nothing to apply. */
export function migrateSummary(applied: readonly string[]): string {
  if (applied.length === 0) return "Database schema is already up to date";
  return `Applied ${applied.length} migration${applied.length === 1 ? "" : "s"}: ${applied.join(", ")}`;
}
