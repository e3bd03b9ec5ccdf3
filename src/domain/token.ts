/** SCIM bearer tokens (SPEC §2): generation, and the SHA-512 hash the seed's PowerShell script prints. */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { RosterError } from "../protocol/errors.ts";

/** The default entropy of a generated token, as in the seed's script. */
export const DEFAULT_TOKEN_BYTES = 32;
/** Fewer bytes than this would make a guessable token. */
export const MIN_TOKEN_BYTES = 16;
/** More than this makes an `Authorization` header that some proxies refuse. */
export const MAX_TOKEN_BYTES = 1024;

const HASH_HEX = /^[0-9a-fA-F]{128}$/;

/**
 * Returns `bytes` bytes from the system's CSPRNG as standard base64 (with padding), exactly
 * like `[Convert]::ToBase64String(RandomNumberGenerator::GetBytes(n))`. Throws RosterError
 * `invalidValue` unless `bytes` is an integer from MIN_TOKEN_BYTES to MAX_TOKEN_BYTES.
 */
export function generateToken(bytes: number = DEFAULT_TOKEN_BYTES): string {
  if (!Number.isInteger(bytes) || bytes < MIN_TOKEN_BYTES || bytes > MAX_TOKEN_BYTES) {
    throw new RosterError(
      "invalidValue",
      `token size must be an integer from ${MIN_TOKEN_BYTES} to ${MAX_TOKEN_BYTES} bytes, got ${String(bytes)}`,
    );
  }
  return randomBytes(bytes).toString("base64");
}

/**
 * SHA-512 over the UTF-8 bytes of `token`, as 128 upper-case hex digits: byte-for-byte what the
 * seed's script prints (`BitConverter.ToString(hash).Replace("-", "")`).
 */
export function hashToken(token: string): string {
  return createHash("sha512").update(token, "utf8").digest("hex").toUpperCase();
}

/** True when `value` is a SHA-512 hash written as 128 hexadecimal digits, in either case. */
export function isTokenHash(value: string): boolean {
  return HASH_HEX.test(value);
}

/**
 * True when `token` hashes to `storedHashHex` (either case). The digests are compared with
 * `timingSafeEqual`, so the time taken does not depend on how many leading bytes match; a
 * malformed stored hash never matches, after the same hashing work.
 */
export function tokenMatches(token: string, storedHashHex: string): boolean {
  const presented = createHash("sha512").update(token, "utf8").digest();
  const wellFormed = isTokenHash(storedHashHex);
  const stored = wellFormed ? Buffer.from(storedHashHex, "hex") : Buffer.alloc(presented.length);
  return timingSafeEqual(presented, stored) && wellFormed;
}
