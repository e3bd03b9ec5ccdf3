/** Opens the database a command names with `--database-url`, and closes it when the command is done. */
import type { Command } from "commander";
import { DEFAULT_DATABASE_URL, parseDatabaseUrl } from "../config.ts";
import type { Store } from "../domain/ports.ts";
import { RosterError, unwrap } from "../protocol/errors.ts";
import type { CliIo } from "./cli-io.ts";

/** The database URL in force: `--database-url`, else DATABASE_URL, else the embedded SQLite file of `npm start`. */
export function databaseUrlOf(command: Command, io: CliIo): string {
  const option: unknown = command.optsWithGlobals()["databaseUrl"];
  const url = typeof option === "string" ? option : io.env["DATABASE_URL"] || DEFAULT_DATABASE_URL;
  return unwrap(parseDatabaseUrl(url));
}

/**
 * Runs `fn` with the command's database open and closes it afterwards, whatever happens. Unless
 * `migrating`, refuses a database whose schema is behind (PostgreSQL is only migrated by
 * `roster migrate`).
 */
export async function withStore<T>(
  command: Command,
  io: CliIo,
  fn: (store: Store) => Promise<T>,
  options: { readonly migrating?: boolean } = {},
): Promise<T> {
  const url = databaseUrlOf(command, io);
  // Loaded on demand, so that commands without a database (token generate) start fast.
  const { openStore } = await import("../storage/open-store.ts");
  const store = await openStore(url);
  try {
    if (options.migrating !== true && !(await store.isMigrated())) {
      throw new RosterError("conflict", "the database schema is not up to date: run `roster migrate` first");
    }
    return await fn(store);
  } finally {
    await store.close();
  }
}
