/** `roster tenant pause|resume|delete`: the seed's rollback switch and removing a tenant (SPEC §9, §10). */
import type { Command } from "commander";
import { CLI_ACTOR } from "../domain/actor.ts";
import type { TenantRecord } from "../domain/model.ts";
import { tenantJson } from "../domain/record-json.ts";
import { DEFAULT_RETRY_AFTER_SECONDS } from "../domain/tenant-pause.ts";
import { TenantService } from "../domain/tenant-service.ts";
import { RosterError } from "../protocol/errors.ts";
import { parseCliInteger } from "./cli-integer.ts";
import { type CliIo, printJson, printLines } from "./cli-io.ts";
import { withStore } from "./cli-store.ts";

interface JsonOption {
  readonly json?: boolean;
}

/** Adds `pause`, `resume` and `delete` to the `tenant` command group. */
export function registerTenantLifecycleCommands(tenant: Command, io: CliIo): void {
  const withTenants = <T>(command: Command, fn: (service: TenantService) => Promise<T>) =>
    withStore(command, io, (store) => fn(new TenantService(store)));
  const print = (record: TenantRecord, options: JsonOption, line: string) => {
    if (options.json === true) printJson(io, tenantJson(record));
    else printLines(io, line);
  };

  tenant
    .command("pause <tenantId>")
    .description("pause SCIM writes: they answer 503 with Retry-After until resumed; reads go on")
    .option("--retry-after <seconds>", `the Retry-After of refused writes (default ${DEFAULT_RETRY_AFTER_SECONDS})`)
    .option("--json", "print JSON")
    .action(async (tenantId: string, options: JsonOption & { readonly retryAfter?: string }, command: Command) => {
      const seconds =
        options.retryAfter === undefined ? undefined : parseCliInteger("--retry-after", options.retryAfter);
      const record = await withTenants(command, (service) => service.pause(tenantId, seconds, CLI_ACTOR));
      print(
        record,
        options,
        `${record.id}: SCIM writes paused (Retry-After ${record.pause?.retryAfterSeconds ?? ""} s)`,
      );
    });

  tenant
    .command("resume <tenantId>")
    .description("resume SCIM writes at once")
    .option("--json", "print JSON")
    .action(async (tenantId: string, options: JsonOption, command: Command) => {
      const record = await withTenants(command, (service) => service.resume(tenantId, CLI_ACTOR));
      print(record, options, `${record.id}: SCIM writes resumed`);
    });

  tenant
    .command("delete <tenantId>")
    .description("delete a tenant and all its data: users, roles, settings, SCIM tokens, its admin keys")
    .option("--yes", "confirm: nothing is deleted without it")
    .action(async (tenantId: string, options: { readonly yes?: boolean }, command: Command) => {
      if (options.yes !== true) {
        throw new RosterError(
          "invalidValue",
          `deleting tenant ${JSON.stringify(tenantId)} removes all its data: add --yes`,
        );
      }
      await withTenants(command, (service) => service.deleteTenant(tenantId, CLI_ACTOR));
      printLines(io, `Deleted tenant ${tenantId}`);
    });
}
