/**
 * CSRF tokens of the console's forms: an HMAC-SHA256, under a server-wide secret, of the
 * session's secret (signed in) or of the sign-in cookie's nonce (the sign-in form). A page
 * from another site can neither read the cookie nor compute the token; the session cookie is
 * SameSite=Strict as well. Checked in constant time on every POST.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

/** The server secret (`server_secrets.name`) the tokens are made with. */
export const CSRF_SECRET = "console-csrf-hmac";
/** The name of the hidden field every form carries. */
export const CSRF_FIELD = "csrf";

/** What a token is bound to: a signed-in session, or the sign-in form before there is one. */
export type CsrfPurpose = "session" | "sign-in";

/** The token for `value` (a session secret or a sign-in nonce): base64url, 43 characters. */
export function csrfToken(key: string, purpose: CsrfPurpose, value: string): string {
  return createHmac("sha256", key).update(`${purpose}\u0000${value}`, "utf8").digest("base64url");
}

/** True when `presented` is the token for `value`; false for a missing or wrong token. */
export function csrfMatches(key: string, purpose: CsrfPurpose, value: string, presented: string | undefined): boolean {
  if (presented === undefined) return false;
  const expected = Buffer.from(csrfToken(key, purpose, value), "utf8");
  const given = Buffer.from(presented, "utf8");
  return expected.length === given.length && timingSafeEqual(expected, given);
}
