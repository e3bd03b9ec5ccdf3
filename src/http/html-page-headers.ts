/**
 * What every HTML response of Roster carries (the console's pages and its error pages, whichever
 * layer answers): the media type, a strict Content-Security-Policy (scripts and styles from
 * Roster itself only, nothing inline, no framing, forms post to Roster only), and no caching,
 * since pages can show a secret (a new SCIM token) or a tenant's data.
 */

/** The media type of an HTML page. */
export const HTML_CONTENT_TYPE = "text/html; charset=utf-8";

/**
 * No inline script or style anywhere (htmx runs with `includeIndicatorStyles: false` and
 * `allowEval: false`), requests only to Roster's own origin, no `<base>`, no plugin, no frame.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join("; ");

/** The security headers of every HTML page. */
export const HTML_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  "content-security-policy": CONTENT_SECURITY_POLICY,
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cross-origin-opener-policy": "same-origin",
  "cache-control": "no-store",
});
