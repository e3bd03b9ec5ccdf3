/** Admin keys of the management API (SPEC §9): generation, hashing and the shape of their ids. */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** Every admin key starts with this, so a leaked key is recognisable (secret scanners, logs). */
export const ADMIN_KEY_PREFIX = "rk_";
/** Bytes of entropy of a key: 256 bits. */
const KEY_BYTES = 32;
const KEY_ID = /^ak_[0-9a-f]{16}$/;

/** A new key: `rk_` and 43 base64url characters of CSPRNG output. */
export function generateAdminKey(): string {
  return `${ADMIN_KEY_PREFIX}${randomBytes(KEY_BYTES).toString("base64url")}`;
}

/** A new key id, `ak_` and 16 hex digits; ids are public (listed, logged, the events' actor). */
export function generateAdminKeyId(): string {
  return `ak_${randomBytes(8).toString("hex")}`;
}

/** True when `value` has the shape of an admin key id. */
export function isAdminKeyId(value: string): boolean {
  return KEY_ID.test(value);
}

/**
 * SHA-256 of the key's UTF-8 bytes as lower-case hex: what is stored and looked up. A key has
 * 256 bits of entropy, so a fast hash is enough (no password stretching needed) and keeps the
 * check of every request cheap.
 */
export function hashAdminKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

/** Compares two key hashes in constant time; false for hashes of different lengths. */
export function adminKeyHashesEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  return x.length === y.length && timingSafeEqual(x, y);
}
