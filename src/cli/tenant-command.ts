/** `roster tenant create|list|show|set|unset`: tenants and their settings (SPEC §1, §10). */
import type { Command } from "commander";
import type { TenantRecord } from "../domain/model.ts";
import { tenantJson } from "../domain/record-json.ts";
import { parseTenantId } from "../domain/tenant-id.ts";
import { TenantService } from "../domain/tenant-service.ts";
import { effectiveTenantSettings, readTenantSettings, TENANT_SETTINGS } from "../domain/tenant-settings.ts";
import { unwrap } from "../protocol/errors.ts";
import { type CliIo, printJson, printLines } from "./cli-io.ts";
import { type StoreUse, withStore } from "./cli-store.ts";
import { registerTenantLifecycleCommands } from "./tenant-lifecycle-command.ts";

interface JsonOption {
  readonly json?: boolean;
}

/** Adds the `tenant` command group. */
export function registerTenantCommands(program: Command, io: CliIo): void {
  const tenant = program.command("tenant").description("tenants and their settings");
  const withTenants = <T>(command: Command, fn: (service: TenantService) => Promise<T>, use: StoreUse = {}) =>
    withStore(command, io, (store) => fn(new TenantService(store)), use);
  const print = (record: TenantRecord, options: JsonOption, ...lines: readonly string[]) => {
    if (options.json === true) printJson(io, tenantJson(record));
    else printLines(io, ...lines);
  };

  tenant
    .command("create <tenantId>")
    .description("create a tenant (1-64 letters, digits, '-', '_' or '.')")
    .option("--json", "print JSON")
    .action(async (tenantId: string, options: JsonOption, command: Command) => {
      // The first command of a new installation: it may create the database file (and says so),
      // but not for an id it would refuse anyway.
      unwrap(parseTenantId(tenantId));
      const record = await withTenants(command, (service) => service.createTenant(tenantId), { creates: true });
      print(
        record,
        options,
        `Created tenant ${record.id}`,
        "Next: `roster token generate`, then " +
          `\`roster tenant set ${record.id} HashedScimProvisioningToken <SHA-512 Hash>\``,
      );
    });

  tenant
    .command("list")
    .description("list tenants")
    .option("--json", "print JSON")
    .action(async (options: JsonOption, command: Command) => {
      const records = await withTenants(command, (service) => service.listTenants());
      if (options.json === true) printJson(io, records.map(tenantJson));
      else if (records.length === 0) printLines(io, "No tenants yet: `roster tenant create <tenantId>`");
      else printLines(io, ...records.map((record) => `${record.id}\t${status(record)}`));
    });

  tenant
    .command("show <tenantId>")
    .description("show a tenant and the settings in force")
    .option("--json", "print JSON")
    .action(async (tenantId: string, options: JsonOption, command: Command) => {
      const record = await withTenants(command, (service) => service.showTenant(tenantId));
      print(record, options, ...describeTenant(record));
    });

  const settingNames = TENANT_SETTINGS.map((s) => s.name).join(", ");
  tenant
    .command("set <tenantId> <setting> <value>")
    .description(`set a tenant setting (${settingNames})`)
    .option("--json", "print JSON")
    .action(async (tenantId: string, name: string, value: string, options: JsonOption, command: Command) => {
      const record = await withTenants(command, (service) => service.setSetting(tenantId, name, value));
      const canonical = TENANT_SETTINGS.find((s) => s.name.toLowerCase() === name.toLowerCase())?.name ?? name;
      print(record, options, `${record.id}: ${canonical} = ${record.settings[canonical] ?? ""}`);
    });

  tenant
    .command("unset <tenantId> <setting>")
    .description("remove a tenant setting so its default applies (unsetting the token hash locks SCIM out)")
    .option("--json", "print JSON")
    .action(async (tenantId: string, name: string, options: JsonOption, command: Command) => {
      const record = await withTenants(command, (service) => service.unsetSetting(tenantId, name));
      const setting = TENANT_SETTINGS.find((s) => s.name.toLowerCase() === name.toLowerCase());
      const fallback = setting?.defaultValue === undefined ? "no value" : `default ${setting.defaultValue}`;
      print(record, options, `${record.id}: ${setting?.name ?? name} unset (${fallback})`);
    });

  registerTenantLifecycleCommands(tenant, io);
}

function describeTenant(record: TenantRecord): readonly string[] {
  const settings = effectiveTenantSettings(record.settings);
  return [
    `Tenant: ${record.id}`,
    `Created: ${record.createdAt}`,
    `Status: ${status(record)}`,
    `Paused: ${record.pause === null ? "no" : `yes, since ${record.pause.since} (SCIM writes answer 503, Retry-After ${record.pause.retryAfterSeconds} s)`}`,
    ...Object.entries(settings).map(([name, value]) => {
      const shown = value ?? "(not set)";
      return `${name}: ${shown}${record.settings[name] === undefined && value !== null ? " (default)" : ""}`;
    }),
  ];
}

function status(record: TenantRecord): string {
  const settings = readTenantSettings(record.settings);
  if (record.pause !== null) return "paused (SCIM writes answer 503)";
  if (settings.hashedScimProvisioningToken === undefined) return "no token (SCIM answers 401)";
  return settings.scimEnabled ? "provisioning on" : "provisioning off (SCIM answers 403)";
}
