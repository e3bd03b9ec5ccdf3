/** The tables Roster keeps, as Kysely sees them; the same schema on SQLite and PostgreSQL. */
import type { Generated } from "kysely";

/** tenants: one row per tenant. */
export interface TenantTable {
  id: string;
  created_at: string;
  /** Set while SCIM writes are paused (migration 004). */
  paused_at: string | null;
  pause_retry_after: number | null;
  version: Generated<number>;
}

/** admin_keys: the management API's keys; `key_hash` is the SHA-256 hex of the key. */
export interface AdminKeyTable {
  id: string;
  name: string;
  tenant_id: string | null;
  read_only: number;
  key_hash: string;
  created_at: string;
  last_used_at: string | null;
}

/** scim_tokens: a tenant's SCIM bearer tokens; `hash` is the upper-case hex SHA-512. */
export interface ScimTokenTable {
  tenant_id: string;
  id: string;
  hash: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
}

/** console_sessions: the web console's sessions; `id` is the SHA-256 hex of the session's secret (migration 006). */
export interface ConsoleSessionTable {
  id: string;
  key_id: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

/** tenant_settings: one row per set setting. */
export interface TenantSettingTable {
  tenant_id: string;
  name: string;
  value: string;
}

/** users: SPEC §3 User; `scim` is the JSON of the SCIM attributes as last received. */
export interface UserTable {
  tenant_id: string;
  id: string;
  id_lower: string;
  email: string | null;
  email_lower: string | null;
  first_name: string | null;
  last_name: string | null;
  phone: string | null;
  b2c_id: string | null;
  display: string;
  /** `display` lower-cased by JavaScript (SQLite's lower() is ASCII-only), for `members.display` filters. */
  display_lower: string;
  active: number;
  scim: string | null;
  /** The provider whose write `scim` holds (migration 005); null for hand-made users and older rows. */
  scim_provider: string | null;
  created_at: string;
  modified_at: string;
  version: number;
}

/** user_external_ids and role_external_ids: `{provider, value}` pairs; `provider` is lower-cased, `provider_name` as written. */
export interface ExternalIdTable {
  tenant_id: string;
  owner_id: string;
  provider: string;
  provider_name: string;
  value: string;
  value_lower: string;
}

/**
 * user_index and role_index: one row per searchable value (see index-entries.ts). `value_key`
 * is the first 200 characters of `value_lower`, the part that is indexed.
 */
export interface IndexTable {
  tenant_id: string;
  owner_id: string;
  path: string;
  element: number;
  value: string;
  value_lower: string;
  value_key: string;
  value_num: number | null;
}

/** roles: SPEC §3 Role. */
export interface RoleTable {
  tenant_id: string;
  id: string;
  display_name: string;
  /** `display_name` lower-cased by JavaScript, for `groups.display` filters. */
  display_name_lower: string;
  name_norm: string;
  role_type: string;
  scim: string | null;
  /** The provider whose write `scim` holds (migration 005). */
  scim_provider: string | null;
  created_at: string;
  modified_at: string;
  version: number;
}

/** user_roles: the roles a user holds directly, and how it came to hold them. */
export interface UserRoleTable {
  tenant_id: string;
  user_id: string;
  role_id: string;
  source: string;
  provider: string | null;
}

/** role_children: nesting, parent contains child. */
export interface RoleChildTable {
  tenant_id: string;
  parent_id: string;
  child_id: string;
}

/** server_secrets: values the server generates once and every instance reads (the cursor signing key). */
export interface ServerSecretTable {
  name: string;
  value: string;
  created_at: string;
}

/** event_counters: the last event Id handed out per tenant (migration 007). */
export interface EventCounterTable {
  tenant_id: string;
  last_seq: number;
}

/** events: the outbox of SPEC §11 change events; `data` is JSON. */
export interface EventTable {
  tenant_id: string;
  seq: number;
  type: string;
  occurred_at: string;
  actor: string;
  data: string;
}

/** provisioning_log: one row per SCIM request of a known tenant; `changes` is a JSON array of attribute paths. */
export interface ProvisioningLogTable {
  tenant_id: string;
  id: string;
  at: string;
  provider: string;
  provider_lower: string;
  method: string;
  path: string;
  status: number;
  scim_type: string | null;
  resource_type: string | null;
  resource_id: string | null;
  outcome: string;
  changes: string;
  duration_ms: number;
  request_id: string;
}

/** webhooks: endpoints, their delivery cursor and retry state; `secret` is encrypted, `events` JSON or null (all). */
export interface WebhookTable {
  tenant_id: string;
  id: string;
  url: string;
  events: string | null;
  enabled: number;
  secret: string;
  created_at: string;
  updated_at: string;
  version: number;
  last_seq: number;
  fail_count: number;
  first_failure_at: string | null;
  next_attempt_at: string;
  lease_owner: string | null;
  lease_until: string | null;
  disabled_reason: string | null;
  disabled_at: string | null;
}

/** webhook_deliveries: one (endpoint, event) pair, or one test, that was attempted. */
export interface WebhookDeliveryTable {
  tenant_id: string;
  webhook_id: string;
  id: string;
  event_seq: number | null;
  event_type: string;
  state: string;
  attempts: number;
  created_at: string;
  updated_at: string;
}

/** webhook_attempts: each try of a delivery. */
export interface WebhookAttemptTable {
  tenant_id: string;
  webhook_id: string;
  delivery_id: string;
  n: number;
  at: string;
  status: number | null;
  duration_ms: number;
  error: string | null;
}

/** owner_counts: how many users / roles a tenant holds, and the generation of their creation order (008). */
export interface OwnerCountTable {
  tenant_id: string;
  kind: "users" | "roles";
  n: number;
  generation: number;
}

/** The whole database. */
export interface Database {
  tenants: TenantTable;
  tenant_settings: TenantSettingTable;
  users: UserTable;
  user_external_ids: ExternalIdTable;
  user_index: IndexTable;
  roles: RoleTable;
  role_external_ids: ExternalIdTable;
  role_index: IndexTable;
  user_roles: UserRoleTable;
  role_children: RoleChildTable;
  admin_keys: AdminKeyTable;
  scim_tokens: ScimTokenTable;
  server_secrets: ServerSecretTable;
  console_sessions: ConsoleSessionTable;
  event_counters: EventCounterTable;
  events: EventTable;
  provisioning_log: ProvisioningLogTable;
  webhooks: WebhookTable;
  webhook_deliveries: WebhookDeliveryTable;
  webhook_attempts: WebhookAttemptTable;
  owner_counts: OwnerCountTable;
  _unused?: Generated<number>;
}

/** Characters of `value_lower` kept in the indexed `value_key` column (PostgreSQL b-tree rows must stay small). */
export const INDEX_KEY_LENGTH = 200;
