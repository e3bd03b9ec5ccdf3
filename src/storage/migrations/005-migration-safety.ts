/**
 * Migration safety (SPEC §12): which identity provider wrote the SCIM attributes a user or role
 * holds, so that the export can name it (`Scim: { <provider>: <resource as received> }`).
 */
import type { Kysely, Migration } from "kysely";

/**
 * Adds `users.scim_provider` and `roles.scim_provider` (nullable text: null for records made by
 * hand, and for records last written before this step, whose provider the export infers).
 * No data is rewritten, so the step is instant on tables of any size.
 */
export const migrationSafety: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable("users").addColumn("scim_provider", "text").execute();
    await db.schema.alterTable("roles").addColumn("scim_provider", "text").execute();
  },
};
