/**
 * `roster audit <tenantId> [--json] [--fail-on-findings] [--limit N]` (SPEC §10, §12): the
 * report an administrator reads before and after a pilot. `--fail-on-findings` exits 3 when
 * the report is not empty, for scripts.
 */
import type { Command } from "commander";
import { AUDIT_LIMIT, type AuditReport, AuditService, hasFindings } from "../domain/audit-service.ts";
import { auditReportJson } from "../domain/migration-json.ts";
import { parseCliInteger } from "./cli-integer.ts";
import { type CliIo, printJson, printLines } from "./cli-io.ts";
import { withStore } from "./cli-store.ts";
import { ExitStatus } from "./exit-status.ts";
import { listText } from "./text-format.ts";

/** The exit code of `--fail-on-findings` when the audit found something. */
export const FINDINGS_EXIT_CODE = 3;

interface AuditOptions {
  readonly json?: boolean;
  readonly failOnFindings?: boolean;
  readonly limit?: string;
}

function section(title: string, total: number, lines: readonly string[], limit: number): string[] {
  if (total === 0) return [`${title}: none`];
  const more = total > lines.length ? [`  … and ${total - lines.length} more (--limit, now ${limit})`] : [];
  return [`${title} (${total}):`, ...lines.map((line) => `  ${line}`), ...more];
}

function describeAudit(report: AuditReport): readonly string[] {
  const { counts, limit } = report;
  const rule =
    report.manualRoles === "keep"
      ? "ManualRoles keep: SCIM never drops a role granted by hand"
      : "ManualRoles replace: from a provider's second write of a user, SCIM drops its roles granted by hand";
  return [
    `Audit of tenant ${report.tenantId} (${rule})`,
    ...(report.manualRoles === "keep"
      ? ["Roles granted by hand that SCIM will drop: none (ManualRoles is keep)"]
      : section(
          "Roles granted by hand that SCIM will drop",
          counts.manualRolesToDrop,
          report.manualRolesToDrop.map(
            (entry) =>
              `${entry.userId}: ${listText(entry.roleIds)} (${
                entry.when === "next-write"
                  ? `at the next write by ${entry.providers.join(" or ")}`
                  : "not provisioned yet: after its first sync"
              })`,
          ),
          limit,
        )),
    ...section(
      "Hand-made roles no SCIM group adopted",
      counts.unadoptedRoles,
      report.unadoptedRoles.map(
        (role) =>
          `${role.roleId} ${JSON.stringify(role.displayName)}${
            role.nearMatches.length ? `: nearly matches ${role.nearMatches.join(", ")}` : ""
          }`,
      ),
      limit,
    ),
    ...section("Users no identity provider has linked", counts.unlinkedUsers, report.unlinkedUsers, limit),
    ...section(
      "Linked by more than one provider",
      counts.multiProvider,
      report.multiProvider.map((link) => `${link.kind} ${link.id}: ${link.providers.join(", ")}`),
      limit,
    ),
  ];
}

/** Adds the `audit` command. */
export function registerAuditCommand(program: Command, io: CliIo): void {
  program
    .command("audit <tenantId>")
    .description("what a migration to SCIM will do or did: hand grants it drops, unadopted roles, unlinked users")
    .option("--json", "print JSON")
    .option("--fail-on-findings", `exit ${FINDINGS_EXIT_CODE} when the report is not empty`)
    .option("--limit <n>", `the most entries per list (default ${AUDIT_LIMIT.default}, at most ${AUDIT_LIMIT.max})`)
    .action(async (tenantId: string, options: AuditOptions, command: Command) => {
      const limit = options.limit === undefined ? AUDIT_LIMIT.default : parseCliInteger("--limit", options.limit);
      const report = await withStore(command, io, (store) => new AuditService(store).audit(tenantId, limit));
      if (options.json === true) printJson(io, auditReportJson(report));
      else printLines(io, ...describeAudit(report));
      if (options.failOnFindings === true && hasFindings(report)) throw new ExitStatus(FINDINGS_EXIT_CODE);
    });
}
