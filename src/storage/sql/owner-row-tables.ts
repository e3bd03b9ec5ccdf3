/**
 * The columns of the owner tables and their children as multi-row inserts write them: shared by
 * the import's bulk writes and the single writes of SCIM (one statement per table, SQL text
 * with no query building).
 */
import type { ExternalIdTable, IndexTable, RoleTable, UserTable } from "./database-schema.ts";
import type { MultiRowTable } from "./multi-row-insert.ts";

const USER_COLUMNS: readonly (keyof UserTable)[] = [
  "tenant_id",
  "id",
  "id_lower",
  "email",
  "email_lower",
  "first_name",
  "last_name",
  "phone",
  "b2c_id",
  "display",
  "display_lower",
  "active",
  "scim",
  "scim_provider",
  "created_at",
  "modified_at",
  "version",
];
const ROLE_COLUMNS: readonly (keyof RoleTable)[] = [
  "tenant_id",
  "id",
  "display_name",
  "display_name_lower",
  "name_norm",
  "role_type",
  "scim",
  "scim_provider",
  "created_at",
  "modified_at",
  "version",
];
const EXTERNAL_ID_COLUMNS: readonly (keyof ExternalIdTable)[] = [
  "tenant_id",
  "owner_id",
  "provider",
  "provider_name",
  "value",
  "value_lower",
];
const INDEX_COLUMNS: readonly (keyof IndexTable)[] = [
  "tenant_id",
  "owner_id",
  "path",
  "element",
  "value",
  "value_lower",
  "value_key",
  "value_num",
];

const INDEX_TYPES = { element: "integer", value_num: "double precision" } as const;

/** The tables of users or roles and their children. */
export interface OwnerKind {
  readonly owner: MultiRowTable<UserTable> | MultiRowTable<RoleTable>;
  readonly externalIds: MultiRowTable<ExternalIdTable>;
  readonly index: MultiRowTable<IndexTable>;
  readonly noun: string;
}

export const USER_ROWS: OwnerKind = {
  owner: { table: "users", columns: USER_COLUMNS, types: { active: "integer", version: "integer" } },
  externalIds: { table: "user_external_ids", columns: EXTERNAL_ID_COLUMNS },
  index: { table: "user_index", columns: INDEX_COLUMNS, types: INDEX_TYPES },
  noun: "user",
};
export const ROLE_ROWS: OwnerKind = {
  owner: { table: "roles", columns: ROLE_COLUMNS, types: { version: "integer" } },
  externalIds: { table: "role_external_ids", columns: EXTERNAL_ID_COLUMNS },
  index: { table: "role_index", columns: INDEX_COLUMNS, types: INDEX_TYPES },
  noun: "role",
};
