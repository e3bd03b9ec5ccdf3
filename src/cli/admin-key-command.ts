/** `roster admin-key create|list|revoke`: keys of the management API (SPEC §9, §10). */
import type { Command } from "commander";
import { CLI_ACTOR } from "../domain/actor.ts";
import { AdminKeyService } from "../domain/admin-key-service.ts";
import type { AdminKeyRecord } from "../domain/model.ts";
import { adminKeyJson } from "../domain/record-json.ts";
import { type CliIo, printJson, printLines } from "./cli-io.ts";
import { withStore } from "./cli-store.ts";
import { readAll } from "./read-all.ts";

interface CreateOptions {
  readonly tenant?: string;
  readonly readOnly?: boolean;
  readonly json?: boolean;
}

/** Adds the `admin-key` command group. */
export function registerAdminKeyCommands(program: Command, io: CliIo): void {
  const group = program.command("admin-key").description("keys of the management API (/api/v1)");
  const withKeys = <T>(command: Command, fn: (service: AdminKeyService) => Promise<T>) =>
    withStore(command, io, (store) => fn(new AdminKeyService(store)));

  group
    .command("create <name>")
    .description("make a key and print it once (store it now: only its hash is kept)")
    .option("--tenant <tenantId>", "scope the key to one tenant (it sees no other)")
    .option("--read-only", "refuse every write with this key")
    .option("--json", "print JSON")
    .action(async (name: string, options: CreateOptions, command: Command) => {
      const created = await withKeys(command, (service) =>
        service.create({ name, tenantId: options.tenant, readOnly: options.readOnly }, CLI_ACTOR),
      );
      if (options.json === true) printJson(io, { ...adminKeyJson(created.key), Key: created.secret });
      else printLines(io, `Admin Key: ${created.secret}`, `Id: ${created.key.id}`, `Scope: ${scope(created.key)}`);
    });

  group
    .command("list")
    .description("list admin keys (never their secrets)")
    .option("--json", "print JSON")
    .action(async (options: { readonly json?: boolean }, command: Command) => {
      const keys = await withKeys(command, (service) => readAll((after) => service.list({ after, limit: 1000 })));
      if (options.json === true) printJson(io, keys.map(adminKeyJson));
      else if (keys.length === 0) printLines(io, "No admin keys yet: `roster admin-key create <name>`");
      else
        printLines(io, ...keys.map((k) => [k.id, k.name, scope(k), `last used ${k.lastUsedAt ?? "never"}`].join("\t")));
    });

  group
    .command("revoke <id>")
    .description("revoke a key: every instance refuses it from the next request on")
    .action(async (id: string, _options: unknown, command: Command) => {
      await withKeys(command, (service) => service.revoke(id, CLI_ACTOR));
      printLines(io, `Revoked admin key ${id}`);
    });
}

function scope(key: AdminKeyRecord): string {
  const where = key.tenantId === null ? "all tenants" : `tenant ${key.tenantId}`;
  return `${where}, ${key.readOnly ? "read-only" : "read-write"}`;
}
