/** The two cookies of the console, read and written without a library (RFC 6265 §4.1, §5.2). */

/** Attributes of a cookie the console sets; always HttpOnly and SameSite=Strict, scoped to `/console`. */
export interface CookieOptions {
  /** Sent only over HTTPS: set whenever the console is reached over HTTPS. */
  readonly secure: boolean;
  /** Seconds until the browser drops it; a browser-session cookie when absent; 0 deletes it. */
  readonly maxAgeSeconds?: number;
}

/** The path every console cookie is scoped to. */
export const COOKIE_PATH = "/console";

/** The value of cookie `name` in a `Cookie` header; undefined when absent or sent twice (ambiguous). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  let found: string | undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    if (found !== undefined) return undefined;
    found = part
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, "$1");
  }
  return found;
}

/** A `Set-Cookie` value; `value` must be cookie-safe (the console only sets base64url). */
export function setCookie(name: string, value: string, options: CookieOptions): string {
  if (!/^[A-Za-z0-9_-]*$/.test(value)) throw new Error("cookie values must be base64url");
  const parts = [`${name}=${value}`, `Path=${COOKIE_PATH}`, "HttpOnly", "SameSite=Strict"];
  if (options.secure) parts.push("Secure");
  if (options.maxAgeSeconds !== undefined) parts.push(`Max-Age=${Math.max(0, Math.floor(options.maxAgeSeconds))}`);
  return parts.join("; ");
}

/** A `Set-Cookie` value that deletes cookie `name`. */
export function clearCookie(name: string, secure: boolean): string {
  return setCookie(name, "", { secure, maxAgeSeconds: 0 });
}
