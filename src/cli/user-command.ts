/** `roster user add|grant|revoke|show|access|list`: users and the roles they hold by hand (SPEC §3, §9, §10). */
import type { Command } from "commander";
import { IdentityService, type UserDetails } from "../domain/identity-service.ts";
import type { RoleRef, UserAccess } from "../domain/model.ts";
import { accessJson, userJson } from "../domain/record-json.ts";
import { type CliIo, printJson, printJsonArray, printLines } from "./cli-io.ts";
import { withStore } from "./cli-store.ts";
import { externalIdsText, listText, valueText } from "./text-format.ts";

interface JsonOption {
  readonly json?: boolean;
}

interface AddOptions extends JsonOption {
  readonly firstName?: string;
  readonly lastName?: string;
}

/** Adds the `user` command group. */
export function registerUserCommands(program: Command, io: CliIo): void {
  const user = program.command("user").description("users, the roles they hold and their access");
  const withIdentity = <T>(command: Command, fn: (service: IdentityService) => Promise<T>) =>
    withStore(command, io, (store) => fn(new IdentityService(store)));
  const printUser = (details: UserDetails, options: JsonOption, ...lines: readonly string[]) => {
    if (options.json === true) printJson(io, userJson(details));
    else printLines(io, ...lines);
  };

  user
    .command("add <tenantId> <email>")
    .description("add a user by hand (its Id is its email) and print its Id")
    .option("--first-name <name>", "first name")
    .option("--last-name <name>", "last name")
    .option("--json", "print JSON")
    .action(async (tenantId: string, email: string, options: AddOptions, command: Command) => {
      const names = {
        ...(options.firstName === undefined ? {} : { firstName: options.firstName }),
        ...(options.lastName === undefined ? {} : { lastName: options.lastName }),
      };
      const record = await withIdentity(command, (service) => service.addUser(tenantId, email, names));
      printUser({ user: record, roles: [] }, options, record.id);
    });

  user
    .command("grant <tenantId> <userId> <roleId>")
    .description("give a user a role by hand")
    .option("--json", "print the user as JSON")
    .action(async (tenantId: string, userId: string, roleId: string, options: JsonOption, command: Command) => {
      const details = await withIdentity(command, async (service) => {
        await service.grant(tenantId, userId, roleId);
        return service.showUser(tenantId, userId);
      });
      printUser(details, options, `${details.user.id}: granted ${roleId}`);
    });

  user
    .command("revoke <tenantId> <userId> <roleId>")
    .description("take a directly held role away from a user")
    .option("--json", "print the user as JSON")
    .action(async (tenantId: string, userId: string, roleId: string, options: JsonOption, command: Command) => {
      const details = await withIdentity(command, async (service) => {
        await service.revoke(tenantId, userId, roleId);
        return service.showUser(tenantId, userId);
      });
      printUser(details, options, `${details.user.id}: revoked ${roleId}`);
    });

  user
    .command("show <tenantId> <userId>")
    .description("show a user and the roles it holds directly")
    .option("--json", "print JSON")
    .action(async (tenantId: string, userId: string, options: JsonOption, command: Command) => {
      const details = await withIdentity(command, (service) => service.showUser(tenantId, userId));
      printUser(details, options, ...describeUser(details));
    });

  user
    .command("access <tenantId> <userId>")
    .description("is the user active, and which roles it holds, directly and through nesting")
    .option("--json", "print JSON")
    .action(async (tenantId: string, userId: string, options: JsonOption, command: Command) => {
      const access = await withIdentity(command, (service) => service.access(tenantId, userId));
      if (options.json === true) printJson(io, accessJson(access));
      else printLines(io, ...describeAccess(userId, access));
    });

  user
    .command("list <tenantId>")
    .description("list the users of a tenant")
    .option("--json", "print JSON")
    .action(async (tenantId: string, options: JsonOption, command: Command) => {
      // A page at a time: a tenant of a million users lists in flat memory.
      await withIdentity(command, async (service) => {
        const users = service.eachUser(tenantId);
        if (options.json === true) {
          await printJsonArray(io, map(users, userJson));
          return;
        }
        let any = false;
        for await (const details of users) {
          any = true;
          printLines(io, userLine(details));
        }
        if (!any) printLines(io, `No users yet: \`roster user add ${tenantId} <email>\``);
      });
    });
}

async function* map<T, U>(items: AsyncIterable<T>, fn: (item: T) => U): AsyncGenerator<U> {
  for await (const item of items) yield fn(item);
}

function describeUser({ user, roles }: UserDetails): readonly string[] {
  const held = roles.map((a) => `${a.roleId} (${a.source === "manual" ? "by hand" : `SCIM, ${a.provider ?? "?"}`})`);
  return [
    `User: ${user.id}`,
    `Email: ${valueText(user.email)}`,
    `FirstName: ${valueText(user.firstName)}`,
    `LastName: ${valueText(user.lastName)}`,
    `Phone: ${valueText(user.phone)}`,
    `B2CId: ${valueText(user.b2cId)}`,
    `ExternalIds: ${externalIdsText(user.externalIds)}`,
    `Roles: ${listText(held)}`,
    `Active: ${user.active}`,
  ];
}

function describeAccess(userId: string, access: UserAccess): readonly string[] {
  const refs = (roles: readonly RoleRef[]) => listText(roles.map((r) => `${r.id} (${r.displayName})`));
  return [
    `User: ${userId}`,
    `Active: ${access.active}${access.active ? "" : " (an inactive user holds no roles)"}`,
    `Direct: ${refs(access.direct)}`,
    `Indirect: ${refs(access.indirect)}`,
  ];
}

function userLine({ user, roles }: UserDetails): string {
  const name = [user.firstName, user.lastName].filter((part) => part).join(" ");
  const roleIds = roles.map((a) => a.roleId);
  return [user.id, name || "-", user.active ? "active" : "inactive", `roles: ${listText(roleIds)}`].join("\t");
}
