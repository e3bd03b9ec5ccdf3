/**
 * SPEC §12's JSON of the import report and the audit report, in the seed's PascalCase: the same
 * in the management API and the CLI's `--json`.
 */
import type { AuditReport } from "./audit-service.ts";
import type { ImportReport, KindOutcome, Tally } from "./import-service.ts";

/** How many records had one outcome, and the Ids of the first few. */
export interface TallyJson {
  readonly Count: number;
  readonly First: readonly string[];
}

/** What an import did to one kind of record. */
export interface KindOutcomeJson {
  readonly Created: TallyJson;
  readonly Changed: TallyJson;
  readonly Unchanged: TallyJson;
}

/** An import's report. */
export interface ImportReportJson {
  readonly Tenant: string;
  readonly DryRun: boolean;
  readonly Merge: boolean;
  readonly Source: { readonly Tenant: string; readonly ExportedAt: string };
  readonly Roles: KindOutcomeJson;
  readonly Users: KindOutcomeJson;
}

/** SPEC §12's audit: `{ Tenant, ManualRolesToDrop, UnadoptedRoles, UnlinkedUsers, MultiProvider }`, with the rule and counts. */
export interface AuditReportJson {
  readonly Tenant: string;
  readonly ManualRoles: string;
  readonly ManualRolesToDrop: readonly {
    readonly UserId: string;
    readonly Roles: readonly string[];
    readonly Providers: readonly string[];
    readonly When: string;
  }[];
  readonly UnadoptedRoles: readonly {
    readonly RoleId: string;
    readonly DisplayName: string;
    readonly NearMatches: readonly string[];
  }[];
  readonly UnlinkedUsers: readonly string[];
  readonly MultiProvider: readonly {
    readonly Kind: string;
    readonly Id: string;
    readonly Providers: readonly string[];
  }[];
  readonly Counts: {
    readonly ManualRolesToDrop: number;
    readonly UnadoptedRoles: number;
    readonly UnlinkedUsers: number;
    readonly MultiProvider: number;
  };
  readonly Limit: number;
}

function tallyJson(tally: Tally): TallyJson {
  return { Count: tally.count, First: [...tally.first] };
}

function kindJson(outcome: KindOutcome): KindOutcomeJson {
  return {
    Created: tallyJson(outcome.created),
    Changed: tallyJson(outcome.changed),
    Unchanged: tallyJson(outcome.unchanged),
  };
}

/** The import report. */
export function importReportJson(report: ImportReport): ImportReportJson {
  return {
    Tenant: report.tenantId,
    DryRun: report.dryRun,
    Merge: report.merge,
    Source: { Tenant: report.source.tenantId, ExportedAt: report.source.exportedAt },
    Roles: kindJson(report.roles),
    Users: kindJson(report.users),
  };
}

/** The audit report. */
export function auditReportJson(report: AuditReport): AuditReportJson {
  return {
    Tenant: report.tenantId,
    ManualRoles: report.manualRoles,
    ManualRolesToDrop: report.manualRolesToDrop.map((entry) => ({
      UserId: entry.userId,
      Roles: [...entry.roleIds],
      Providers: [...entry.providers],
      When: entry.when,
    })),
    UnadoptedRoles: report.unadoptedRoles.map((role) => ({
      RoleId: role.roleId,
      DisplayName: role.displayName,
      NearMatches: [...role.nearMatches],
    })),
    UnlinkedUsers: [...report.unlinkedUsers],
    MultiProvider: report.multiProvider.map((link) => ({
      Kind: link.kind,
      Id: link.id,
      Providers: [...link.providers],
    })),
    Counts: {
      ManualRolesToDrop: report.counts.manualRolesToDrop,
      UnadoptedRoles: report.counts.unadoptedRoles,
      UnlinkedUsers: report.counts.unlinkedUsers,
      MultiProvider: report.counts.multiProvider,
    },
    Limit: report.limit,
  };
}
