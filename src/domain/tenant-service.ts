/** Tenants, their settings, and SCIM bearer authentication (SPEC §1, §2). */
import { RosterError, unwrap } from "../protocol/errors.ts";
import type { TenantRecord } from "./model.ts";
import type { TenantStore } from "./ports.ts";
import { isTenantId, parseTenantId } from "./tenant-id.ts";
import { parseTenantSetting, readTenantSettings, resolveTenantSetting } from "./tenant-settings.ts";
import { tokenMatches } from "./token.ts";

/** The one answer for every authentication failure, so that none tells a tenant exists. */
export const UNAUTHORIZED_DETAIL = "A valid bearer token for this SCIM endpoint is required";
/** The answer for a tenant whose provisioning is switched off (SPEC §2). */
export const SCIM_DISABLED_DETAIL = "SCIM provisioning is disabled for this tenant";

/** Compared against when there is no stored hash, so that every failure does the same work. */
const NO_HASH = "0".repeat(128);
const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/** Options of a TenantService. */
export interface TenantServiceOptions {
  readonly now?: () => Date;
}

/** Creates, lists and configures tenants, and authenticates SCIM requests against them. */
export class TenantService {
  readonly #tenants: TenantStore;
  readonly #now: () => Date;

  constructor(tenants: TenantStore, options: TenantServiceOptions = {}) {
    this.#tenants = tenants;
    this.#now = options.now ?? (() => new Date());
  }

  /** Creates a tenant with no settings; `invalidValue` for a malformed id, `conflict` when it exists. */
  async createTenant(tenantId: string): Promise<TenantRecord> {
    const id = unwrap(parseTenantId(tenantId));
    if ((await this.#tenants.get(id)) !== undefined) throw alreadyExists(id);
    try {
      await this.#tenants.create(id, this.#now().toISOString());
    } catch (error) {
      if (error instanceof RosterError && (error.code === "conflict" || error.code === "uniqueness")) {
        throw alreadyExists(id);
      }
      throw error;
    }
    return this.showTenant(id);
  }

  /** Every tenant, as the store orders them. */
  listTenants(): Promise<readonly TenantRecord[]> {
    return this.#tenants.list();
  }

  /** The tenant; RosterError `notFound` when there is none. */
  async showTenant(tenantId: string): Promise<TenantRecord> {
    const tenant = isTenantId(tenantId) ? await this.#tenants.get(tenantId) : undefined;
    if (tenant === undefined) throw new RosterError("notFound", `tenant ${JSON.stringify(tenantId)} does not exist`);
    return tenant;
  }

  /**
   * Checks and stores one setting (name in any case, stored under its canonical name); returns
   * the updated tenant. `invalidValue` for an unknown setting or a malformed value, `notFound`
   * for an unknown tenant.
   */
  async setSetting(tenantId: string, name: string, value: string): Promise<TenantRecord> {
    const tenant = await this.showTenant(tenantId);
    const setting = unwrap(parseTenantSetting(name, value));
    await this.#tenants.setSetting(tenant.id, setting.name, setting.value);
    return this.showTenant(tenant.id);
  }

  /** Removes one stored setting, so that its default applies again (removing the token hash locks SCIM out). */
  async unsetSetting(tenantId: string, name: string): Promise<TenantRecord> {
    const tenant = await this.showTenant(tenantId);
    const setting = unwrap(resolveTenantSetting(name));
    await this.#tenants.setSetting(tenant.id, setting.name, null);
    return this.showTenant(tenant.id);
  }

  /**
   * SPEC §2: checks `Authorization: Bearer <token>` against the tenant's token hash. A missing or
   * malformed header, a wrong token, an unknown tenant and a tenant without a hash all throw the
   * same RosterError `unauthorized`, after the same work (the presented token is hashed and
   * compared in constant time in every case). A valid token of a tenant whose provisioning is
   * off throws `forbidden`.
   */
  async authenticate(tenantId: string, authorizationHeader: string | undefined): Promise<TenantRecord> {
    const token = authorizationHeader === undefined ? undefined : BEARER.exec(authorizationHeader)?.[1];
    const tenant = isTenantId(tenantId) ? await this.#tenants.get(tenantId) : undefined;
    const settings = readTenantSettings(tenant?.settings ?? {});
    const storedHash = settings.hashedScimProvisioningToken;
    const matches = tokenMatches(token ?? "", storedHash ?? NO_HASH);
    if (!matches || token === undefined || storedHash === undefined || tenant === undefined) {
      throw new RosterError("unauthorized", UNAUTHORIZED_DETAIL);
    }
    if (!settings.scimEnabled) throw new RosterError("forbidden", SCIM_DISABLED_DETAIL);
    return tenant;
  }
}

function alreadyExists(tenantId: string): RosterError {
  return new RosterError("conflict", `tenant ${JSON.stringify(tenantId)} already exists`);
}
