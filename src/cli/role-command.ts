/** `roster role add|nest|unnest|show|list`: roles made by hand and their nesting (SPEC §3, §6, §10). */
import type { Command } from "commander";
import { IdentityService, type RoleDetails } from "../domain/identity-service.ts";
import { roleJson } from "../domain/record-json.ts";
import { type CliIo, printJson, printJsonArray, printLines } from "./cli-io.ts";
import { withStore } from "./cli-store.ts";
import { externalIdsText, listText } from "./text-format.ts";

interface JsonOption {
  readonly json?: boolean;
}

/** Adds the `role` command group. */
export function registerRoleCommands(program: Command, io: CliIo): void {
  const role = program.command("role").description("roles and the roles they contain");
  const withIdentity = <T>(command: Command, fn: (service: IdentityService) => Promise<T>) =>
    withStore(command, io, (store) => fn(new IdentityService(store)));
  const printRole = (details: RoleDetails, options: JsonOption, ...lines: readonly string[]) => {
    if (options.json === true) printJson(io, roleJson(details));
    else printLines(io, ...lines);
  };

  role
    .command("add <tenantId> <displayName>")
    .description("add a role by hand and print its Id (the name in lower case without spaces, suffixed when taken)")
    .option("--json", "print JSON")
    .action(async (tenantId: string, displayName: string, options: JsonOption, command: Command) => {
      const record = await withIdentity(command, (service) => service.addRole(tenantId, displayName));
      printRole({ role: record, children: [] }, options, record.id);
    });

  role
    .command("nest <tenantId> <parentRoleId> <childRoleId>")
    .description("make a role contain another (its holders hold the child too); a cycle is refused")
    .option("--json", "print the parent role as JSON")
    .action(async (tenantId: string, parentId: string, childId: string, options: JsonOption, command: Command) => {
      const parent = await withIdentity(command, async (service) => {
        await service.nest(tenantId, parentId, childId);
        return service.showRole(tenantId, parentId);
      });
      printRole(parent, options, `${parentId} now contains ${childId}`);
    });

  role
    .command("unnest <tenantId> <parentRoleId> <childRoleId>")
    .description("make a role stop containing another")
    .option("--json", "print the parent role as JSON")
    .action(async (tenantId: string, parentId: string, childId: string, options: JsonOption, command: Command) => {
      const parent = await withIdentity(command, async (service) => {
        await service.unnest(tenantId, parentId, childId);
        return service.showRole(tenantId, parentId);
      });
      printRole(parent, options, `${parentId} no longer contains ${childId}`);
    });

  role
    .command("show <tenantId> <roleId>")
    .description("show a role and the roles it contains")
    .option("--json", "print JSON")
    .action(async (tenantId: string, roleId: string, options: JsonOption, command: Command) => {
      const details = await withIdentity(command, (service) => service.showRole(tenantId, roleId));
      printRole(details, options, ...describeRole(details));
    });

  role
    .command("list <tenantId>")
    .description("list the roles of a tenant")
    .option("--json", "print JSON")
    .action(async (tenantId: string, options: JsonOption, command: Command) => {
      await withIdentity(command, async (service) => {
        const roles = service.eachRole(tenantId);
        if (options.json === true) {
          await printJsonArray(io, mapRoles(roles));
          return;
        }
        let any = false;
        for await (const d of roles) {
          any = true;
          printLines(io, [d.role.id, d.role.displayName, `contains: ${listText(d.children)}`].join("\t"));
        }
        if (!any) printLines(io, `No roles yet: \`roster role add ${tenantId} <displayName>\``);
      });
    });
}

async function* mapRoles(roles: AsyncIterable<RoleDetails>) {
  for await (const details of roles) yield roleJson(details);
}

function describeRole({ role, children }: RoleDetails): readonly string[] {
  return [
    `Role: ${role.id}`,
    `DisplayName: ${role.displayName}`,
    `RoleType: ${role.roleType}`,
    `ExternalIds: ${externalIdsText(role.externalIds)}`,
    `Roles: ${listText(children)}`,
  ];
}
