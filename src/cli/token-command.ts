/** `roster token generate`: the seed's token script (SPEC §2, step 1 of its setup); `add|list|revoke` rotate a tenant's tokens. */
import type { Command } from "commander";
import { DEFAULT_TOKEN_BYTES, generateToken, hashToken, MAX_TOKEN_BYTES, MIN_TOKEN_BYTES } from "../domain/token.ts";
import { RosterError } from "../protocol/errors.ts";
import { type CliIo, printJson, printLines } from "./cli-io.ts";
import { registerScimTokenCommands } from "./scim-token-command.ts";

/** Adds the `token` command group. */
export function registerTokenCommands(program: Command, io: CliIo): void {
  const token = program.command("token").description("SCIM bearer tokens");
  token
    .command("generate")
    .description("generate a random bearer token and print it with its SHA-512 hash")
    .option("--bytes <n>", `bytes of entropy (${MIN_TOKEN_BYTES}-${MAX_TOKEN_BYTES})`, String(DEFAULT_TOKEN_BYTES))
    .option("--json", "print JSON")
    .action((options: { readonly bytes: string; readonly json?: boolean }) => {
      const bytes = parseBytes(options.bytes);
      const value = generateToken(bytes);
      const hash = hashToken(value);
      if (options.json === true) printJson(io, { BearerToken: value, Sha512Hash: hash });
      else printLines(io, `Bearer Token: ${value}`, `SHA-512 Hash: ${hash}`);
    });
  registerScimTokenCommands(token, io);
}

function parseBytes(raw: string): number {
  if (/^\d{1,6}$/.test(raw.trim())) {
    const bytes = Number(raw.trim());
    if (bytes >= MIN_TOKEN_BYTES && bytes <= MAX_TOKEN_BYTES) return bytes;
  }
  throw new RosterError(
    "invalidValue",
    `--bytes must be an integer from ${MIN_TOKEN_BYTES} to ${MAX_TOKEN_BYTES}, got ${JSON.stringify(raw)}`,
  );
}
