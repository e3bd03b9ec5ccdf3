/**
 * SCIM token rotation (SPEC §9): several valid bearer tokens per tenant, each with an optional
 * expiry. A token is generated here (its plaintext shown once) or registered by the SHA-512 hash
 * an operator computed elsewhere (the seed's PowerShell script).
 */
import { randomBytes } from "node:crypto";
import { RosterError, unwrap } from "../protocol/errors.ts";
import type { Actor } from "./actor.ts";
import { tenantNotFound } from "./admin-access.ts";
import type { ScimTokenRecord } from "./model.ts";
import type { KeysetQuery, Repositories, SeekPage, Store } from "./ports.ts";
import { failField } from "./text-input.ts";
import { DEFAULT_TOKEN_BYTES, generateToken, hashToken, isTokenHash } from "./token.ts";

const TOKEN_ID = /^st_[0-9a-f]{16}$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

/** How a token is added: generated (with `bytes` of entropy) unless `hash` is given. */
export interface NewScimToken {
  readonly hash?: string | undefined;
  /** ISO 8601: a date (the token expires at its start, 00:00 UTC) or a date-time with a zone. */
  readonly expiresAt?: string | null | undefined;
  readonly bytes?: number | undefined;
}

/** A token just added; `secret` only when Roster generated it (shown this once). */
export interface AddedScimToken {
  readonly token: ScimTokenRecord;
  readonly secret: string | undefined;
}

/** True when `value` has the shape of a SCIM token id. */
export function isScimTokenId(value: string): boolean {
  return TOKEN_ID.test(value);
}

/**
 * Reads an expiry given by an operator as ISO-8601 UTC with milliseconds; `invalidValue` naming
 * `ExpiresAt` for anything else, or for a time not after `now`.
 */
export function parseExpiry(value: string, now: Date) {
  const text = value.trim();
  const time = DATE_ONLY.test(text) ? Date.parse(`${text}T00:00:00Z`) : DATE_TIME.test(text) ? Date.parse(text) : NaN;
  if (Number.isNaN(time)) {
    return failField<string>(
      "ExpiresAt",
      `ExpiresAt must be an ISO 8601 date (2026-12-31) or date-time with a zone (2026-12-31T12:00:00Z), got ${JSON.stringify(text.slice(0, 40))}`,
    );
  }
  if (time <= now.getTime()) return failField<string>("ExpiresAt", "ExpiresAt must be in the future");
  return { ok: true as const, value: new Date(time).toISOString() };
}

/** Adds, lists and revokes a tenant's SCIM tokens. */
export class ScimTokenService {
  readonly #store: Store;
  readonly #now: () => Date;

  constructor(store: Store, options: { readonly now?: () => Date } = {}) {
    this.#store = store;
    this.#now = options.now ?? (() => new Date());
  }

  async #tenant(tx: Repositories, tenantId: string): Promise<void> {
    if ((await tx.tenants.get(tenantId)) === undefined) throw tenantNotFound(tenantId);
  }

  /**
   * Adds a token: generates one (returned once as `secret`) or registers `hash` (128 hex
   * digits, either case). `invalidValue` naming the field for a bad hash or expiry,
   * `uniqueness` when the tenant already has the hash, `notFound` for an unknown tenant.
   */
  async add(tenantId: string, input: NewScimToken, _actor: Actor): Promise<AddedScimToken> {
    const now = this.#now();
    if (input.hash !== undefined && !isTokenHash(input.hash.trim())) {
      unwrap(failField("Hash", "Hash must be a SHA-512 hash of 128 hexadecimal digits (see `roster token generate`)"));
    }
    const expiresAt =
      input.expiresAt === undefined || input.expiresAt === null ? null : unwrap(parseExpiry(input.expiresAt, now));
    const secret = input.hash === undefined ? generateToken(input.bytes ?? DEFAULT_TOKEN_BYTES) : undefined;
    const hash = secret === undefined ? input.hash!.trim().toUpperCase() : hashToken(secret);
    const token: ScimTokenRecord = {
      id: `st_${randomBytes(8).toString("hex")}`,
      hash,
      createdAt: now.toISOString(),
      expiresAt,
      lastUsedAt: null,
    };
    await this.#store.transaction(async (tx) => {
      await this.#tenant(tx, tenantId);
      await tx.scimTokens.insert(tenantId, token);
    });
    return { token, secret };
  }

  /** A page of the tenant's tokens in creation order, expired ones included (they show their ExpiresAt). */
  async list(tenantId: string, query: KeysetQuery): Promise<SeekPage<ScimTokenRecord>> {
    await this.#tenant(this.#store, tenantId);
    return this.#store.scimTokens.page(tenantId, query);
  }

  /** Revokes a token: refused at once on every instance. `notFound` when the tenant has no such token. */
  async revoke(tenantId: string, id: string, _actor: Actor): Promise<void> {
    await this.#tenant(this.#store, tenantId);
    if (!isScimTokenId(id) || !(await this.#store.scimTokens.delete(tenantId, id))) {
      throw new RosterError(
        "notFound",
        `SCIM token ${JSON.stringify(id)} does not exist in tenant ${JSON.stringify(tenantId)}`,
      );
    }
  }
}
