/** `roster token add|list|revoke`: SCIM token rotation (SPEC §9, §10); `token generate` stays the seed's script. */
import type { Command } from "commander";
import { CLI_ACTOR } from "../domain/actor.ts";
import { scimTokenJson } from "../domain/record-json.ts";
import { ScimTokenService } from "../domain/scim-token-service.ts";
import { DEFAULT_TOKEN_BYTES } from "../domain/token.ts";
import { parseCliInteger } from "./cli-integer.ts";
import { type CliIo, printJson, printLines } from "./cli-io.ts";
import { withStore } from "./cli-store.ts";
import { readAll } from "./read-all.ts";

interface AddOptions {
  readonly hash?: string;
  readonly expires?: string;
  readonly bytes?: string;
  readonly json?: boolean;
}

/** Adds `add`, `list` and `revoke` to the `token` command group. */
export function registerScimTokenCommands(token: Command, io: CliIo): void {
  const withTokens = <T>(command: Command, fn: (service: ScimTokenService) => Promise<T>) =>
    withStore(command, io, (store) => fn(new ScimTokenService(store)));

  token
    .command("add <tenantId>")
    .description("add a SCIM token to a tenant: generated and printed once, or registered by --hash")
    .option("--hash <sha512>", "register the SHA-512 hash of a token made elsewhere (the seed's script)")
    .option("--expires <date>", "ISO 8601 date or date-time with a zone after which the token is refused")
    .option("--bytes <n>", `bytes of entropy of a generated token (default ${DEFAULT_TOKEN_BYTES})`)
    .option("--json", "print JSON")
    .action(async (tenantId: string, options: AddOptions, command: Command) => {
      const bytes = options.bytes === undefined ? undefined : parseCliInteger("--bytes", options.bytes);
      const added = await withTokens(command, (service) =>
        service.add(tenantId, { hash: options.hash, expiresAt: options.expires, bytes }, CLI_ACTOR),
      );
      const json = { ...scimTokenJson(added.token), ...(added.secret === undefined ? {} : { Token: added.secret }) };
      if (options.json === true) printJson(io, json);
      else if (added.secret !== undefined) {
        printLines(io, `Bearer Token: ${added.secret}`, `SHA-512 Hash: ${added.token.hash}`, `Id: ${added.token.id}`);
      } else printLines(io, `Added SCIM token ${added.token.id} to ${tenantId}`);
    });

  token
    .command("list <tenantId>")
    .description("list a tenant's SCIM tokens (the HashedScimProvisioningToken setting is one more)")
    .option("--json", "print JSON")
    .action(async (tenantId: string, options: { readonly json?: boolean }, command: Command) => {
      const tokens = await withTokens(command, (service) =>
        readAll((after) => service.list(tenantId, { after, limit: 1000 })),
      );
      if (options.json === true) printJson(io, tokens.map(scimTokenJson));
      else if (tokens.length === 0) printLines(io, `No SCIM tokens yet: \`roster token add ${tenantId}\``);
      else
        printLines(
          io,
          ...tokens.map((t) =>
            [
              t.id,
              `${t.hash.slice(0, 16)}…`,
              `expires ${t.expiresAt ?? "never"}`,
              `last used ${t.lastUsedAt ?? "never"}`,
            ].join("\t"),
          ),
        );
    });

  token
    .command("revoke <tenantId> <id>")
    .description("revoke a SCIM token: refused at once on every instance")
    .action(async (tenantId: string, id: string, _options: unknown, command: Command) => {
      await withTokens(command, (service) => service.revoke(tenantId, id, CLI_ACTOR));
      printLines(io, `Revoked SCIM token ${id} of ${tenantId}`);
    });
}
