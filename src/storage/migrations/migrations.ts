/** Every migration, in order; the same list runs on SQLite and PostgreSQL. */
import type { Migration, MigrationProvider } from "kysely";
import { initial } from "./001-initial.ts";
import { protocolHardening } from "./002-protocol-hardening.ts";
import { managementApi } from "./004-management-api.ts";
import { migrationSafety } from "./005-migration-safety.ts";
import { consoleSessions } from "./006-console-sessions.ts";
import { events } from "./007-events.ts";
import { readPath } from "./008-read-path.ts";
import { textAndSort } from "./009-text-and-sort.ts";
import { deferredCounts } from "./010-deferred-counts.ts";
import { bulkCounts } from "./011-bulk-counts.ts";

const MIGRATIONS: Readonly<Record<string, Migration>> = Object.freeze({
  "001-initial": initial,
  "002-protocol-hardening": protocolHardening,
  "004-management-api": managementApi,
  "005-migration-safety": migrationSafety,
  "006-console-sessions": consoleSessions,
  "007-events": events,
  "008-read-path": readPath,
  "009-text-and-sort": textAndSort,
  "010-deferred-counts": deferredCounts,
  "011-bulk-counts": bulkCounts,
});

/** Supplies Roster's migrations to Kysely's Migrator without reading files at run time. */
export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return { ...MIGRATIONS };
  },
};
