/** Tenants, their settings, pause, deletion, and SCIM bearer authentication (SPEC §1, §2, §9). */
import { RosterError, unwrap } from "../protocol/errors.ts";
import { type Actor, CLI_ACTOR } from "./actor.ts";
import type { TenantRecord } from "./model.ts";
import type { KeysetQuery, Repositories, SeekPage, Store, TenantStore } from "./ports.ts";
import { assertPrecondition, hasPrecondition } from "./precondition.ts";
import type { WritePrecondition } from "./scim-operations.ts";
import { etag } from "./scim-view.ts";
import { isTenantId, parseTenantId } from "./tenant-id.ts";
import { parseRetryAfter } from "./tenant-pause.ts";
import { parseTenantSetting, readTenantSettings, resolveTenantSetting } from "./tenant-settings.ts";
import { hashToken, tokenMatches } from "./token.ts";
import { UsageRecorder } from "./usage-recorder.ts";

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
  /** Where a failed `LastUsedAt` write of a SCIM token is reported (it never fails the request). */
  readonly onUsageError?: (error: unknown) => void;
}

/**
 * Creates, lists, configures, pauses and deletes tenants, and authenticates SCIM requests
 * against them. Writes take the Actor that makes them (SPEC §11); without one it is the CLI.
 */
export class TenantService {
  readonly #store: Store;
  readonly #tenants: TenantStore;
  readonly #now: () => Date;
  readonly #usage = new UsageRecorder();
  readonly #onUsageError: (error: unknown) => void;

  constructor(store: Store, options: TenantServiceOptions = {}) {
    this.#store = store;
    this.#tenants = store.tenants;
    this.#now = options.now ?? (() => new Date());
    this.#onUsageError = options.onUsageError ?? (() => {});
  }

  /** Creates a tenant with no settings; `invalidValue` for a malformed id, `conflict` when it exists. */
  async createTenant(tenantId: string, _actor: Actor = CLI_ACTOR): Promise<TenantRecord> {
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

  /** A page of tenants in creation order. */
  pageTenants(query: KeysetQuery): Promise<SeekPage<TenantRecord>> {
    return this.#tenants.page(query);
  }

  /** The tenant; RosterError `notFound` when there is none. */
  async showTenant(tenantId: string): Promise<TenantRecord> {
    return this.#existing(this.#store, tenantId);
  }

  async #existing(tx: Repositories, tenantId: string): Promise<TenantRecord> {
    const tenant = isTenantId(tenantId) ? await tx.tenants.get(tenantId) : undefined;
    if (tenant === undefined) throw new RosterError("notFound", `tenant ${JSON.stringify(tenantId)} does not exist`);
    return tenant;
  }

  /**
   * Runs a change of the tenant in one transaction: checks `precondition` against its version,
   * applies `change`, bumps the version; a conditional write that lost a race is 412.
   */
  async #change(
    tenantId: string,
    precondition: WritePrecondition | undefined,
    change: (tx: Repositories, tenant: TenantRecord) => Promise<void>,
  ): Promise<TenantRecord> {
    try {
      return await this.#store.transaction(async (tx) => {
        const tenant = await this.#existing(tx, tenantId);
        assertPrecondition(precondition, etag(tenant.version));
        await change(tx, tenant);
        await tx.tenants.touch(tenant.id, hasPrecondition(precondition) ? tenant.version : undefined);
        return this.#existing(tx, tenant.id);
      });
    } catch (error) {
      if (error instanceof RosterError && error.code === "conflict" && hasPrecondition(precondition)) {
        throw new RosterError("preconditionFailed", "Failed to update: the tenant has changed meanwhile", {
          cause: error,
        });
      }
      throw error;
    }
  }

  /**
   * Checks and stores one setting (name in any case, stored under its canonical name); returns
   * the updated tenant. `invalidValue` for an unknown setting or a malformed value, `notFound`
   * for an unknown tenant.
   */
  async setSetting(tenantId: string, name: string, value: string, actor: Actor = CLI_ACTOR): Promise<TenantRecord> {
    return this.updateSettings(tenantId, { [name]: value }, actor);
  }

  /** Removes one stored setting, so that its default applies again (removing the token hash locks SCIM out). */
  async unsetSetting(tenantId: string, name: string, actor: Actor = CLI_ACTOR): Promise<TenantRecord> {
    return this.updateSettings(tenantId, { [name]: null }, actor);
  }

  /**
   * Sets several settings at once (`null` removes one), all or none: every name and value is
   * checked first, and a bad one is `invalidValue` naming `Settings.<name>`.
   */
  async updateSettings(
    tenantId: string,
    changes: Readonly<Record<string, string | null>>,
    _actor: Actor,
    precondition?: WritePrecondition,
  ): Promise<TenantRecord> {
    const parsed = Object.entries(changes).map(([name, value]) => {
      const result =
        value === null
          ? (() => {
              const setting = resolveTenantSetting(name);
              return setting.ok ? { ok: true as const, value: { name: setting.value.name, value: null } } : setting;
            })()
          : parseTenantSetting(name, value);
      if (!result.ok) {
        throw new RosterError("invalidValue", result.error.message, { field: `Settings.${name}` });
      }
      return result.value;
    });
    return this.#change(tenantId, precondition, async (tx, tenant) => {
      for (const setting of parsed) await tx.tenants.setSetting(tenant.id, setting.name, setting.value);
    });
  }

  /**
   * Pauses SCIM writes (SPEC §9): they answer 503 with `Retry-After` (`retryAfterSeconds`,
   * default 300) until resumed; reads keep working. Pausing a paused tenant updates its Retry-After.
   */
  async pause(
    tenantId: string,
    retryAfterSeconds: number | undefined,
    _actor: Actor,
    precondition?: WritePrecondition,
  ): Promise<TenantRecord> {
    const seconds = unwrap(parseRetryAfter(retryAfterSeconds));
    return this.#change(tenantId, precondition, async (tx, tenant) => {
      await tx.tenants.setPause(tenant.id, {
        since: tenant.pause?.since ?? this.#now().toISOString(),
        retryAfterSeconds: seconds,
      });
    });
  }

  /** Resumes SCIM writes at once; resuming a tenant that is not paused changes nothing. */
  async resume(tenantId: string, _actor: Actor, precondition?: WritePrecondition): Promise<TenantRecord> {
    return this.#change(tenantId, precondition, async (tx, tenant) => {
      await tx.tenants.setPause(tenant.id, null);
    });
  }

  /** Deletes the tenant and all its data (users, roles, settings, SCIM tokens, its scoped admin keys). */
  async deleteTenant(tenantId: string, _actor: Actor, precondition?: WritePrecondition): Promise<void> {
    await this.#store.transaction(async (tx) => {
      const tenant = await this.#existing(tx, tenantId);
      assertPrecondition(precondition, etag(tenant.version));
      if (!(await tx.tenants.delete(tenant.id))) throw new RosterError("notFound", `tenant ${tenantId} does not exist`);
    });
  }

  /**
   * SPEC §2, §9: checks `Authorization: Bearer <token>` against the tenant's SCIM tokens and
   * its `HashedScimProvisioningToken` setting (one more valid token). A missing or malformed
   * header, a wrong, expired or revoked token, an unknown tenant and a tenant without tokens all
   * throw the same RosterError `unauthorized`, after the same work: the token is hashed, looked
   * up, and compared with both in constant time in every case. Nothing is cached, so a revoked
   * or expired token is refused by every instance at once. A valid token of a tenant whose
   * provisioning is off throws `forbidden`.
   */
  async authenticate(tenantId: string, authorizationHeader: string | undefined): Promise<TenantRecord> {
    const token = authorizationHeader === undefined ? undefined : BEARER.exec(authorizationHeader)?.[1];
    const presented = token ?? "";
    const wellFormed = isTenantId(tenantId);
    const tenant = wellFormed ? await this.#tenants.get(tenantId) : undefined;
    const settings = readTenantSettings(tenant?.settings ?? {});
    const storedHash = settings.hashedScimProvisioningToken;
    const settingMatches = tokenMatches(presented, storedHash ?? NO_HASH) && storedHash !== undefined;
    const now = this.#now();
    const row = await this.#store.scimTokens.findByHash(wellFormed ? tenantId : "", hashToken(presented));
    const rowMatches =
      tokenMatches(presented, row?.hash ?? NO_HASH) &&
      row !== undefined &&
      (row.expiresAt === null || Date.parse(row.expiresAt) > now.getTime());
    if (token === undefined || tenant === undefined || !(settingMatches || rowMatches)) {
      throw new RosterError("unauthorized", UNAUTHORIZED_DETAIL);
    }
    if (rowMatches && row !== undefined) {
      this.#usage.record(
        `${tenant.id}\u0000${row.id}`,
        now.getTime(),
        () => this.#store.scimTokens.markUsed(tenant.id, row.id, now.toISOString()),
        this.#onUsageError,
      );
    }
    if (!settings.scimEnabled) throw new RosterError("forbidden", SCIM_DISABLED_DETAIL);
    return tenant;
  }
}

function alreadyExists(tenantId: string): RosterError {
  return new RosterError("conflict", `tenant ${JSON.stringify(tenantId)} already exists`);
}
