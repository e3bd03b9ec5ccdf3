/** Opens the database a command names with `--database-url`, and closes it when the command is done. */
import type { Command } from "commander";
import { parseDatabaseUrl } from "../config.ts";
import type { Store } from "../domain/ports.ts";
import { RosterError, unwrap } from "../protocol/errors.ts";
import { DEFAULT_DATABASE_URL, resolveDatabaseUrl } from "../storage/database-url.ts";
import type { CliIo } from "./cli-io.ts";

/** The database URL in force: `--database-url`, else DATABASE_URL, else the embedded SQLite file of `npm start`. */
export function databaseUrlOf(command: Command, io: CliIo): string {
  const option: unknown = command.optsWithGlobals()["databaseUrl"];
  const url = typeof option === "string" ? option : io.env["DATABASE_URL"] || DEFAULT_DATABASE_URL;
  return unwrap(parseDatabaseUrl(url));
}

/** How a command uses its database. */
export interface StoreUse {
  /**
   * The command may create a missing SQLite file, and says so on stderr (`migrate`, `tenant
   * create`). Every other command refuses a file that does not exist and creates nothing.
   */
  readonly creates?: boolean;
  /** `roster migrate`: open without migrating and without refusing a schema that is behind. */
  readonly migrating?: boolean;
}

/**
 * Runs `fn` with the command's database open and closes it afterwards, whatever happens. Unless
 * `migrating`, refuses a database whose schema is behind (PostgreSQL is only migrated by
 * `roster migrate`; SQLite migrates itself on open).
 */
export async function withStore<T>(
  command: Command,
  io: CliIo,
  fn: (store: Store) => Promise<T>,
  use: StoreUse = {},
): Promise<T> {
  const given = databaseUrlOf(command, io);
  // Loaded on demand, so that commands without a database (token generate) start fast.
  const { openStore } = await import("../storage/open-store.ts");
  const store = await openStore(resolveDatabaseUrl(given, io.cwd), {
    ifMissing: use.creates === true ? "create" : "refuse",
    createDirectory: given === DEFAULT_DATABASE_URL,
    migrate: use.migrating !== true,
    onCreate: (path) => io.err(`Created database file ${path}\n`),
  });
  try {
    if (use.migrating !== true && !(await store.isMigrated())) {
      throw new RosterError("conflict", "the database schema is not up to date: run `roster migrate` first");
    }
    return await fn(store);
  } finally {
    await store.close();
  }
}
