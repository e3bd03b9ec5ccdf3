/**
 * A host application's client for Roster's access question (SPEC §9):
 * `GET /api/v1/tenants/{t}/users/{id}/access` → `{ Active, Direct, Indirect }`, with the caching
 * docs/management-api.md advises: answers kept a few seconds, one request in flight per user,
 * unknown users holding nothing, and every other failure refusing access (fail closed).
 */

/** Roster's answer: whether the user is active, and the role Ids it holds directly and through nesting. */
export interface Access {
  readonly Active: boolean;
  readonly Direct: readonly string[];
  readonly Indirect: readonly string[];
}

/** How to reach Roster. */
export interface AccessClientOptions {
  /** Roster's origin, e.g. `http://localhost:8080`. */
  readonly rosterUrl: string;
  /** A read-only admin key scoped to the tenant (`roster admin-key create app --tenant acme --read-only`). */
  readonly adminKey: string;
  readonly tenantId: string;
  /** How long an answer is reused; a revoked role keeps working this long at most. Default 5 s. */
  readonly ttlMs?: number;
  readonly fetch?: typeof fetch;
  readonly now?: () => number;
}

/** The answer of a user Roster does not know: holds nothing. */
const NOBODY: Access = Object.freeze({ Active: false, Direct: [], Indirect: [] });

/** Asks Roster what users hold, caching each answer for `ttlMs`. */
export class AccessClient {
  readonly #options: AccessClientOptions;
  readonly #cache = new Map<string, { readonly expires: number; readonly answer: Promise<Access> }>();

  constructor(options: AccessClientOptions) {
    this.#options = options;
  }

  /** What the user holds; a failure to ask (Roster down, bad key) rejects, so callers refuse access. */
  access(userId: string): Promise<Access> {
    const now = (this.#options.now ?? Date.now)();
    const cached = this.#cache.get(userId);
    if (cached !== undefined && cached.expires > now) return cached.answer;
    const answer = this.#ask(userId);
    this.#cache.set(userId, { expires: now + (this.#options.ttlMs ?? 5000), answer });
    // A failed question is not cached: the next request asks again.
    answer.catch(() => this.#cache.delete(userId));
    if (this.#cache.size > 10_000) this.#cache.delete(this.#cache.keys().next().value as string);
    return answer;
  }

  /** True when the user is active and holds `roleId`, directly or through a role that contains it. */
  async holds(userId: string, roleId: string): Promise<boolean> {
    const access = await this.access(userId);
    return access.Active && (access.Direct.includes(roleId) || access.Indirect.includes(roleId));
  }

  async #ask(userId: string): Promise<Access> {
    const { rosterUrl, adminKey, tenantId } = this.#options;
    const url = `${rosterUrl}/api/v1/tenants/${encodeURIComponent(tenantId)}/users/${encodeURIComponent(userId)}/access`;
    const response = await (this.#options.fetch ?? fetch)(url, { headers: { authorization: `Bearer ${adminKey}` } });
    if (response.status === 404) return NOBODY;
    if (!response.ok) throw new Error(`Roster answered ${response.status} to the access question`);
    return (await response.json()) as Access;
  }
}
