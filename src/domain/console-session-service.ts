/**
 * Sessions of the web console (SPEC §13): opened with an admin key, kept server-side under the
 * SHA-256 of a random secret that only the browser's cookie holds. A session ends after
 * CONSOLE_IDLE_MS without a request, CONSOLE_ABSOLUTE_MS after sign-in whatever its use, at
 * sign-out, and at its next request once its admin key is revoked. Nothing is cached: every
 * request reads the session and its key in one query.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { RosterError } from "../protocol/errors.ts";
import type { AdminKeyService } from "./admin-key-service.ts";
import type { AdminKeyRecord, ConsoleSessionRecord } from "./model.ts";
import type { Store } from "./ports.ts";

/** A session ends after this long without a request: 30 minutes. */
export const CONSOLE_IDLE_MS = 30 * 60 * 1000;
/** A session ends this long after sign-in, however busy: 12 hours. */
export const CONSOLE_ABSOLUTE_MS = 12 * 60 * 60 * 1000;
/** A session's last-seen time is written at most this often (so reading a page rarely writes). */
export const CONSOLE_TOUCH_INTERVAL_MS = 60 * 1000;

const SECRET_BYTES = 32;
const SECRET = /^[A-Za-z0-9_-]{43}$/;

/** Why a session is not (or no longer) valid. */
export type SessionEnd = "none" | "idle" | "absolute" | "revoked";

/** A valid session and the admin key it acts with. */
export interface ActiveSession {
  readonly session: ConsoleSessionRecord;
  readonly key: AdminKeyRecord;
}

/** The outcome of presenting a session secret. */
export type SessionLookup =
  | { readonly ok: true; readonly value: ActiveSession }
  | { readonly ok: false; readonly ended: SessionEnd };

/** A session just opened: the secret for the cookie (shown nowhere else) and the session. */
export interface OpenedSession extends ActiveSession {
  readonly secret: string;
}

/** The lifetimes of a session, and the clock. */
export interface ConsoleSessionOptions {
  readonly now?: () => Date;
  readonly idleMs?: number;
  readonly absoluteMs?: number;
}

/** The stored id of a session secret: SHA-256, lower-case hex. */
export function sessionId(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

/** Opens, resumes and ends console sessions. */
export class ConsoleSessionService {
  readonly #store: Store;
  readonly #keys: AdminKeyService;
  readonly #now: () => Date;
  readonly #idleMs: number;
  readonly #absoluteMs: number;

  constructor(store: Store, keys: AdminKeyService, options: ConsoleSessionOptions = {}) {
    this.#store = store;
    this.#keys = keys;
    this.#now = options.now ?? (() => new Date());
    this.#idleMs = options.idleMs ?? CONSOLE_IDLE_MS;
    this.#absoluteMs = options.absoluteMs ?? CONSOLE_ABSOLUTE_MS;
  }

  /** The idle and absolute lifetimes in force. */
  get lifetimes(): { readonly idleMs: number; readonly absoluteMs: number } {
    return { idleMs: this.#idleMs, absoluteMs: this.#absoluteMs };
  }

  #expiry(createdAt: number, seenAt: number): string {
    return new Date(Math.min(createdAt + this.#absoluteMs, seenAt + this.#idleMs)).toISOString();
  }

  /**
   * Checks the admin key (as the API checks a bearer: `unauthorized` for any bad key) and opens
   * a session for it; sessions that have expired meanwhile are removed on the way.
   */
  async open(adminKey: string): Promise<OpenedSession> {
    const key = await this.#keys.verify(adminKey.trim() === "" ? undefined : adminKey.trim());
    const now = this.#now();
    const secret = randomBytes(SECRET_BYTES).toString("base64url");
    const session: ConsoleSessionRecord = {
      id: sessionId(secret),
      keyId: key.id,
      createdAt: now.toISOString(),
      lastSeenAt: now.toISOString(),
      expiresAt: this.#expiry(now.getTime(), now.getTime()),
    };
    await this.#store.consoleSessions.deleteExpired(now.toISOString());
    await this.#store.consoleSessions.insert(session);
    return { secret, session, key };
  }

  /**
   * The session a secret opens, with its key; or why there is none. An ended session (idle,
   * too old, its key revoked) is removed, so it can never come back.
   */
  async resume(secret: string | undefined): Promise<SessionLookup> {
    if (secret === undefined || !SECRET.test(secret)) return { ok: false, ended: "none" };
    const id = sessionId(secret);
    const found = await this.#store.consoleSessions.find(id);
    if (found === undefined || !equalIds(id, found.session.id)) return { ok: false, ended: "none" };
    const { session, key } = found;
    const now = this.#now().getTime();
    const createdAt = Date.parse(session.createdAt);
    const seenAt = Date.parse(session.lastSeenAt);
    const ended: SessionEnd | undefined =
      key === undefined
        ? "revoked"
        : now >= createdAt + this.#absoluteMs
          ? "absolute"
          : now >= seenAt + this.#idleMs
            ? "idle"
            : undefined;
    if (ended !== undefined || key === undefined) {
      await this.#store.consoleSessions.delete(id);
      return { ok: false, ended: ended ?? "revoked" };
    }
    if (now - seenAt < CONSOLE_TOUCH_INTERVAL_MS) return { ok: true, value: { session, key } };
    const touched = {
      ...session,
      lastSeenAt: new Date(now).toISOString(),
      expiresAt: this.#expiry(createdAt, now),
    };
    await this.#store.consoleSessions.touch(id, touched.lastSeenAt, touched.expiresAt);
    // The key's LastUsedAt follows its console use too, as often as the session is touched.
    await this.#store.adminKeys.markUsed(key.id, touched.lastSeenAt);
    return { ok: true, value: { session: touched, key } };
  }

  /** Ends the session of `secret` (sign-out); nothing happens for an unknown secret. */
  async close(secret: string | undefined): Promise<void> {
    if (secret === undefined || !SECRET.test(secret)) return;
    await this.#store.consoleSessions.delete(sessionId(secret));
  }

  /** The session of a request that needs one; RosterError `unauthorized` otherwise. */
  async require(secret: string | undefined): Promise<ActiveSession> {
    const lookup = await this.resume(secret);
    if (!lookup.ok) throw new RosterError("unauthorized", "Sign in to the console with an admin key");
    return lookup.value;
  }
}

function equalIds(a: string, b: string): boolean {
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  return x.length === y.length && timingSafeEqual(x, y);
}
