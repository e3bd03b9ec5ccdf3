/**
 * The registry of tenant settings (SPEC §1, §10): their names, defaults, and how a value given by
 * an operator is checked and stored. A new setting is one more entry in TENANT_SETTINGS.
 */
import { fail, ok, type Result } from "../protocol/errors.ts";
import { isTokenHash } from "./token.ts";

/** The canonical setting names. */
export const SettingName = Object.freeze({
  hashedScimProvisioningToken: "HashedScimProvisioningToken",
  scimEnabled: "ScimEnabled",
  deactivateAction: "DeactivateAction",
  manualRoles: "ManualRoles",
  provisioningLogRetentionDays: "ProvisioningLogRetentionDays",
});

/** The provisioning log's retention when a tenant sets none (SPEC §11). */
export const DEFAULT_LOG_RETENTION_DAYS = 30;
/** The longest retention a tenant may set: ten years. */
export const MAX_LOG_RETENTION_DAYS = 3650;

/** One known setting. */
export interface TenantSettingDefinition {
  /** The canonical name, as stored and shown; operators may type it in any case. */
  readonly name: string;
  readonly description: string;
  /** The value in force when the tenant has none stored; undefined when there is none. */
  readonly defaultValue: string | undefined;
  /** Checks a value typed by an operator (surrounding white space ignored) and returns it as stored. */
  readonly parse: (value: string) => Result<string>;
  /** The only values it takes, when it is a choice (the console offers them as a list); absent for free text. */
  readonly choices?: readonly string[];
}

/** What SCIM does when a user is set `active: false` (SPEC §4). */
export type DeactivateAction = "disable" | "delete";

/**
 * What SCIM does to roles granted by hand (SPEC §7, §12): `replace`, the seed's rule (from a
 * provider's second write of a user on, the user holds exactly what its groups give), or `keep`
 * (a role granted by hand is never dropped by SCIM; SCIM-given roles still follow the provider).
 */
export type ManualRolesRule = "replace" | "keep";

/** A tenant's settings with their meaning, defaults applied. */
export interface TenantSettings {
  /** Upper-case hex SHA-512 of the SCIM bearer token; undefined when none is set (SCIM then answers 401). */
  readonly hashedScimProvisioningToken: string | undefined;
  /** Whether SCIM provisioning is on; a tenant is provisioned as soon as it has a token hash. */
  readonly scimEnabled: boolean;
  readonly deactivateAction: DeactivateAction;
  readonly manualRoles: ManualRolesRule;
  /** Days the provisioning log keeps a row. */
  readonly provisioningLogRetentionDays: number;
}

function parseBoolean(name: string) {
  return (value: string): Result<string> => {
    const lower = value.toLowerCase();
    if (lower === "true" || lower === "false") return ok(lower);
    return fail("invalidValue", `${name} must be true or false, got ${quote(value)}`);
  };
}

function parseChoice(name: string, choices: readonly string[]) {
  return (value: string): Result<string> => {
    const lower = value.toLowerCase();
    if (choices.includes(lower)) return ok(lower);
    return fail("invalidValue", `${name} must be ${choices.join(" or ")}, got ${quote(value)}`);
  };
}

function parseDays(name: string) {
  return (value: string): Result<string> => {
    const days = /^\d{1,4}$/.test(value) ? Number(value) : Number.NaN;
    if (days >= 1 && days <= MAX_LOG_RETENTION_DAYS) return ok(String(days));
    return fail(
      "invalidValue",
      `${name} must be a whole number of days from 1 to ${MAX_LOG_RETENTION_DAYS}, got ${quote(value)}`,
    );
  };
}

function parseHash(value: string): Result<string> {
  if (isTokenHash(value)) return ok(value.toUpperCase());
  const found = value.length === 128 ? "a character that is not a hexadecimal digit" : `${value.length} characters`;
  return fail(
    "invalidValue",
    `${SettingName.hashedScimProvisioningToken} must be a SHA-512 hash of 128 hexadecimal digits (see \`roster token generate\`), got ${found}`,
  );
}

/** Every setting Roster knows. */
export const TENANT_SETTINGS: readonly TenantSettingDefinition[] = Object.freeze([
  Object.freeze({
    name: SettingName.hashedScimProvisioningToken,
    description: "SHA-512 hash (hex) of the bearer token the identity provider presents",
    defaultValue: undefined,
    parse: parseHash,
  }),
  Object.freeze({
    name: SettingName.scimEnabled,
    description: "true or false: whether SCIM provisioning is switched on",
    defaultValue: "true",
    parse: parseBoolean(SettingName.scimEnabled),
    choices: Object.freeze(["true", "false"]),
  }),
  Object.freeze({
    name: SettingName.deactivateAction,
    description: "disable or delete: what `active: false` does to a user",
    defaultValue: "disable",
    parse: parseChoice(SettingName.deactivateAction, ["disable", "delete"]),
    choices: Object.freeze(["disable", "delete"]),
  }),
  Object.freeze({
    name: SettingName.manualRoles,
    description: "replace or keep: whether SCIM drops roles granted by hand (replace, the seed's rule) or never does",
    defaultValue: "replace",
    parse: parseChoice(SettingName.manualRoles, ["replace", "keep"]),
  }),
  Object.freeze({
    name: SettingName.provisioningLogRetentionDays,
    description: "days the provisioning log keeps its rows (1 to 3650)",
    defaultValue: String(DEFAULT_LOG_RETENTION_DAYS),
    parse: parseDays(SettingName.provisioningLogRetentionDays),
  }),
]);

/** The definition of `name`, compared case-insensitively; undefined for an unknown setting. */
export function findTenantSetting(name: string): TenantSettingDefinition | undefined {
  const lower = name.toLowerCase();
  return TENANT_SETTINGS.find((setting) => setting.name.toLowerCase() === lower);
}

/**
 * Checks a setting given by an operator: returns its canonical name and the value to store, or
 * RosterError `invalidValue` with a one-line message for an unknown setting or a malformed value.
 */
export function parseTenantSetting(
  name: string,
  value: string,
): Result<{ readonly name: string; readonly value: string }> {
  const setting = resolveTenantSetting(name);
  if (!setting.ok) return setting;
  const parsed = setting.value.parse(value.trim());
  return parsed.ok ? ok({ name: setting.value.name, value: parsed.value }) : parsed;
}

/** The definition of a setting named in any case; RosterError `invalidValue` naming the known ones otherwise. */
export function resolveTenantSetting(name: string): Result<TenantSettingDefinition> {
  const setting = findTenantSetting(name);
  if (setting !== undefined) return ok(setting);
  const known = TENANT_SETTINGS.map((s) => s.name).join(", ");
  return fail("invalidValue", `unknown tenant setting ${quote(name)}; known settings: ${known}`);
}

/**
 * Reads stored settings with defaults applied. A stored value that no longer parses (edited in
 * the database by hand) fails closed: no token hash, provisioning off, deactivation disables,
 * manual roles kept (nothing is taken away on a value nobody can read).
 */
export function readTenantSettings(stored: Readonly<Record<string, string>>): TenantSettings {
  const value = (name: string): Result<string> | undefined => {
    const setting = findTenantSetting(name)!;
    const raw = stored[name] ?? setting.defaultValue;
    return raw === undefined ? undefined : setting.parse(raw.trim());
  };
  const hash = value(SettingName.hashedScimProvisioningToken);
  const enabled = value(SettingName.scimEnabled);
  const deactivate = value(SettingName.deactivateAction);
  const manual = value(SettingName.manualRoles);
  const retention = value(SettingName.provisioningLogRetentionDays);
  return Object.freeze({
    hashedScimProvisioningToken: hash?.ok ? hash.value : undefined,
    scimEnabled: enabled?.ok === true && enabled.value === "true",
    deactivateAction: deactivate?.ok && deactivate.value === "delete" ? "delete" : "disable",
    manualRoles: manual?.ok && manual.value === "replace" ? "replace" : "keep",
    provisioningLogRetentionDays: retention?.ok ? Number(retention.value) : DEFAULT_LOG_RETENTION_DAYS,
  });
}

/** Every known setting with the value in force (stored, else default; null when neither), in registry order. */
export function effectiveTenantSettings(
  stored: Readonly<Record<string, string>>,
): Readonly<Record<string, string | null>> {
  const entries = TENANT_SETTINGS.map((setting) => [
    setting.name,
    stored[setting.name] ?? setting.defaultValue ?? null,
  ]);
  return Object.freeze(Object.fromEntries(entries));
}

function quote(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
}
