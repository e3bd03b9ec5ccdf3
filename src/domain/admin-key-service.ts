/** Admin keys (SPEC §9): made, listed and revoked by the CLI and the API; every management request is checked here. */
import { RosterError, unwrap } from "../protocol/errors.ts";
import type { Actor } from "./actor.ts";
import { tenantNotFound } from "./admin-access.ts";
import { adminKeyHashesEqual, generateAdminKey, generateAdminKeyId, hashAdminKey, isAdminKeyId } from "./admin-key.ts";
import type { AdminKeyRecord } from "./model.ts";
import type { KeysetQuery, SeekPage, Store } from "./ports.ts";
import { parseText } from "./text-input.ts";
import { UsageRecorder } from "./usage-recorder.ts";

/** The one answer for every failed admin key check. */
export const ADMIN_UNAUTHORIZED_DETAIL = "A valid admin key is required: Authorization: Bearer <admin key>";
/** The longest key name. */
export const MAX_KEY_NAME_LENGTH = 100;

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;
/** Compared against when no key matches, so that every failure does the same work. */
const NO_HASH = "0".repeat(64);

/** What a new key is. */
export interface NewAdminKey {
  readonly name: string;
  readonly tenantId?: string | null | undefined;
  readonly readOnly?: boolean | undefined;
}

/** A key just made: its record and the secret, shown this once. */
export interface CreatedAdminKey {
  readonly key: AdminKeyRecord;
  readonly secret: string;
}

/** Options of an AdminKeyService. */
export interface AdminKeyServiceOptions {
  readonly now?: () => Date;
  /** Where a failed `LastUsedAt` write is reported (it never fails the request). */
  readonly onUsageError?: (error: unknown) => void;
}

/** Creates, lists, revokes and checks admin keys. */
export class AdminKeyService {
  readonly #store: Store;
  readonly #now: () => Date;
  readonly #usage = new UsageRecorder();
  readonly #onUsageError: (error: unknown) => void;

  constructor(store: Store, options: AdminKeyServiceOptions = {}) {
    this.#store = store;
    this.#now = options.now ?? (() => new Date());
    this.#onUsageError = options.onUsageError ?? (() => {});
  }

  /** Makes a key; `invalidValue` for a bad name, `notFound` for an unknown tenant. */
  async create(input: NewAdminKey, _actor: Actor): Promise<CreatedAdminKey> {
    const name = unwrap(parseText("Name", input.name, MAX_KEY_NAME_LENGTH));
    const tenantId = input.tenantId ?? null;
    return this.#store.transaction(async (tx) => {
      if (tenantId !== null && (await tx.tenants.get(tenantId)) === undefined) throw tenantNotFound(tenantId);
      const secret = generateAdminKey();
      const key: AdminKeyRecord = {
        id: generateAdminKeyId(),
        name,
        tenantId,
        readOnly: input.readOnly === true,
        createdAt: this.#now().toISOString(),
        lastUsedAt: null,
      };
      await tx.adminKeys.insert(key, hashAdminKey(secret));
      return { key, secret };
    });
  }

  /** A page of keys in creation order. */
  list(query: KeysetQuery): Promise<SeekPage<AdminKeyRecord>> {
    return this.#store.adminKeys.page(query);
  }

  /** Revokes a key: it stops opening the API at once, on every instance. `notFound` when there is none. */
  async revoke(id: string, _actor: Actor): Promise<void> {
    if (!isAdminKeyId(id) || !(await this.#store.adminKeys.delete(id))) {
      throw new RosterError("notFound", `admin key ${JSON.stringify(id)} does not exist`);
    }
  }

  /**
   * The key a request presents in `Authorization: Bearer <key>`: SHA-256 of the key, one
   * indexed lookup, a constant-time comparison of the hashes. A missing, malformed, unknown or
   * revoked key is RosterError `unauthorized`, the same answer after the same work. Nothing is
   * cached: a revoked key is refused by every instance from the next request on.
   */
  async authenticate(authorizationHeader: string | undefined): Promise<AdminKeyRecord> {
    const presented = authorizationHeader === undefined ? undefined : BEARER.exec(authorizationHeader)?.[1];
    return this.verify(presented);
  }

  /**
   * The key whose secret is `presented` (the console's sign-in form), checked exactly as
   * `authenticate` checks a bearer: `unauthorized` for a missing, unknown or revoked key.
   */
  async verify(presented: string | undefined): Promise<AdminKeyRecord> {
    const hash = hashAdminKey(presented ?? "");
    const found = await this.#store.adminKeys.findByHash(hash);
    const matches = adminKeyHashesEqual(hash, found?.keyHash ?? NO_HASH);
    if (!matches || found === undefined || presented === undefined) {
      throw new RosterError("unauthorized", ADMIN_UNAUTHORIZED_DETAIL);
    }
    const now = this.#now();
    this.#usage.record(
      found.key.id,
      now.getTime(),
      () => this.#store.adminKeys.markUsed(found.key.id, now.toISOString()),
      this.#onUsageError,
    );
    return found.key;
  }
}
