/** Which part of Roster a request is for: it decides the shape of error bodies, log lines and metric labels. */

/** The surfaces Roster serves: SCIM (`/scim`), the management API (`/api`), the console (`/console`), and the rest (probes, `/metrics`). */
export type Surface = "scim" | "api" | "console" | "other";

function under(path: string, prefix: string): boolean {
  if (!path.startsWith(prefix)) return false;
  const next = path.charCodeAt(prefix.length);
  // End of string, "/", "?" or "#": `/scimx` is not under `/scim`.
  return Number.isNaN(next) || next === 0x2f || next === 0x3f || next === 0x23;
}

/** The surface of a URL path or route template (with or without a query string); case-sensitive, like the router. */
export function surfaceOf(path: string): Surface {
  if (under(path, "/scim")) return "scim";
  if (under(path, "/api")) return "api";
  if (under(path, "/console")) return "console";
  return "other";
}
