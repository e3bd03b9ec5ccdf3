/** The `roster` command: builds the commander program, runs it, and turns every failure into one line. */
import { readFileSync } from "node:fs";
import { Command, CommanderError } from "commander";
import { registerAdminKeyCommands } from "./admin-key-command.ts";
import { registerAuditCommand } from "./audit-command.ts";
import type { CliIo } from "./cli-io.ts";
import { registerEventsCommand } from "./events-command.ts";
import { ExitStatus } from "./exit-status.ts";
import { registerExportCommand } from "./export-command.ts";
import { registerImportCommand } from "./import-command.ts";
import { registerLogCommand } from "./log-command.ts";
import { registerMigrateCommand } from "./migrate-command.ts";
import { registerRoleCommands } from "./role-command.ts";
import { registerTenantCommands } from "./tenant-command.ts";
import { registerTokenCommands } from "./token-command.ts";
import { registerUserCommands } from "./user-command.ts";
import { registerWebhookCommands } from "./webhook-command.ts";

/** The command groups, in the order `--help` lists them. */
const COMMAND_GROUPS: readonly ((program: Command, io: CliIo) => void)[] = [
  registerTokenCommands,
  registerMigrateCommand,
  registerTenantCommands,
  registerUserCommands,
  registerRoleCommands,
  registerAdminKeyCommands,
  registerExportCommand,
  registerImportCommand,
  registerAuditCommand,
  registerLogCommand,
  registerEventsCommand,
  registerWebhookCommands,
];

/** Builds the `roster` program; commander errors are thrown (exitOverride), never printed by commander. */
export function buildProgram(io: CliIo): Command {
  const program = new Command("roster")
    .description("Roster: multi-tenant SCIM 2.0 provisioning server and identity store")
    .version(packageVersion(), "-V, --version")
    .option(
      "--database-url <url>",
      "database: sqlite:<path>, sqlite::memory: or postgres://… (default: $DATABASE_URL, else sqlite:./data/roster.db)",
    )
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: () => {}, outputError: () => {} })
    .showSuggestionAfterError(true);
  for (const register of COMMAND_GROUPS) register(program, io);
  return program;
}

/**
 * Runs `roster` with `args` (without node and script) and returns the exit code: 0 on success,
 * 1 after writing exactly one line `roster: <message>` to stderr, or the code of an ExitStatus
 * a command threw after printing its result (`audit --fail-on-findings`: 3).
 */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  try {
    await buildProgram(io).parseAsync([...args], { from: "user" });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError && error.exitCode === 0) return 0;
    if (error instanceof ExitStatus) return error.code;
    io.err(`roster: ${errorLine(error)}\n`);
    return 1;
  }
}

/** The one-line message of any failure: commander's usage errors, RosterErrors, driver errors. */
export function errorLine(error: unknown): string {
  if (
    error instanceof CommanderError &&
    (error.code === "commander.help" || error.code === "commander.helpDisplayed")
  ) {
    return "a command is required; run it with --help to see the commands";
  }
  const message = error instanceof Error ? error.message : String(error);
  const line = message
    .replace(/^error: /, "")
    .split(/\r?\n/)
    .map((part) => part.trim())
    .filter((part) => part !== "")
    .join(" ");
  return line === "" ? "unexpected error" : line;
}

function packageVersion(): string {
  try {
    const json: unknown = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
    const version = typeof json === "object" && json !== null ? (json as { version?: unknown }).version : undefined;
    return typeof version === "string" ? version : "0.0.0";
  } catch {
    return "0.0.0";
  }
}
