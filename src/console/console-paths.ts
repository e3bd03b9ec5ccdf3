/** Every URL of the console, built in one place (path segments percent-encoded: user Ids are emails). */

const e = encodeURIComponent;

function withQuery(path: string, query: object): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (typeof value === "string" && value !== "") params.set(name, value);
  }
  const text = params.toString();
  return text === "" ? path : `${path}?${text}`;
}

/** The console's root; it leads to the tenants (or the one tenant a scoped key sees). */
export const CONSOLE_ROOT = "/console";

/** The console's URLs. */
export const consolePaths = Object.freeze({
  root: CONSOLE_ROOT,
  signIn: (query: { next?: string; ended?: string } = {}) => withQuery(`${CONSOLE_ROOT}/sign-in`, query),
  signOut: `${CONSOLE_ROOT}/sign-out`,
  tenants: (query: { cursor?: string; done?: string } = {}) => withQuery(`${CONSOLE_ROOT}/tenants`, query),
  tenant: (tenantId: string, query: { provider?: string; tokens?: string; done?: string } = {}) =>
    withQuery(`${CONSOLE_ROOT}/tenants/${e(tenantId)}`, query),
  tenantAction: (tenantId: string, action: "settings" | "tokens" | "pause" | "resume") =>
    `${CONSOLE_ROOT}/tenants/${e(tenantId)}/${action}`,
  revokeToken: (tenantId: string, tokenId: string) =>
    `${CONSOLE_ROOT}/tenants/${e(tenantId)}/tokens/${e(tokenId)}/revoke`,
  users: (tenantId: string, query: { q?: string; cursor?: string } = {}) =>
    withQuery(`${CONSOLE_ROOT}/tenants/${e(tenantId)}/users`, query),
  user: (tenantId: string, userId: string, query: { done?: string } = {}) =>
    withQuery(`${CONSOLE_ROOT}/tenants/${e(tenantId)}/users/${e(userId)}`, query),
  grant: (tenantId: string, userId: string) => `${CONSOLE_ROOT}/tenants/${e(tenantId)}/users/${e(userId)}/roles`,
  revoke: (tenantId: string, userId: string, roleId: string) =>
    `${CONSOLE_ROOT}/tenants/${e(tenantId)}/users/${e(userId)}/roles/${e(roleId)}/revoke`,
  roles: (tenantId: string, query: { cursor?: string; done?: string } = {}) =>
    withQuery(`${CONSOLE_ROOT}/tenants/${e(tenantId)}/roles`, query),
  role: (tenantId: string, roleId: string, query: { members?: string; done?: string } = {}) =>
    withQuery(`${CONSOLE_ROOT}/tenants/${e(tenantId)}/roles/${e(roleId)}`, query),
  nest: (tenantId: string, roleId: string) => `${CONSOLE_ROOT}/tenants/${e(tenantId)}/roles/${e(roleId)}/children`,
  unnest: (tenantId: string, roleId: string, childId: string) =>
    `${CONSOLE_ROOT}/tenants/${e(tenantId)}/roles/${e(roleId)}/children/${e(childId)}/remove`,
  log: (tenantId: string, query: LogPageQuery = {}) => withQuery(`${CONSOLE_ROOT}/tenants/${e(tenantId)}/log`, query),
  /** The log's rows alone (the fragment live refresh polls). */
  logRows: (tenantId: string, query: LogPageQuery = {}) =>
    withQuery(`${CONSOLE_ROOT}/tenants/${e(tenantId)}/log/rows`, query),
  events: (tenantId: string, query: { before?: string; type?: string; done?: string } = {}) =>
    withQuery(`${CONSOLE_ROOT}/tenants/${e(tenantId)}/events`, query),
  webhooks: (tenantId: string) => `${CONSOLE_ROOT}/tenants/${e(tenantId)}/webhooks`,
  webhook: (tenantId: string, webhookId: string, query: { deliveries?: string; done?: string } = {}) =>
    withQuery(`${CONSOLE_ROOT}/tenants/${e(tenantId)}/webhooks/${e(webhookId)}`, query),
  webhookAction: (tenantId: string, webhookId: string, action: "enable" | "disable" | "delete" | "test" | "edit") =>
    `${CONSOLE_ROOT}/tenants/${e(tenantId)}/webhooks/${e(webhookId)}/${action}`,
  retryDelivery: (tenantId: string, webhookId: string, deliveryId: string) =>
    `${CONSOLE_ROOT}/tenants/${e(tenantId)}/webhooks/${e(webhookId)}/deliveries/${e(deliveryId)}/retry`,
  migration: (tenantId: string) => `${CONSOLE_ROOT}/tenants/${e(tenantId)}/migration`,
  export: (tenantId: string, format: "ndjson" | "json" | "csv") =>
    withQuery(`${CONSOLE_ROOT}/tenants/${e(tenantId)}/export`, { format }),
  import: (tenantId: string) => `${CONSOLE_ROOT}/tenants/${e(tenantId)}/import`,
});

/** The provisioning log page's filters and page, as its query string carries them. */
export interface LogPageQuery {
  provider?: string | undefined;
  outcome?: string | undefined;
  status?: string | undefined;
  since?: string | undefined;
  until?: string | undefined;
  resourceType?: string | undefined;
  resourceId?: string | undefined;
  cursor?: string | undefined;
  /** `off` stops the live refresh. */
  live?: string | undefined;
}

/**
 * `next` when it is a console path to return to after sign-in (a relative path under
 * `/console`, no scheme, no host, no backslash, no dot segment), else the console's root: never
 * an open redirect.
 */
export function safeNext(next: string | undefined): string {
  if (next === undefined || next.length > 2000) return CONSOLE_ROOT;
  if (!(next === CONSOLE_ROOT || next.startsWith(`${CONSOLE_ROOT}/`) || next.startsWith(`${CONSOLE_ROOT}?`))) {
    return CONSOLE_ROOT;
  }
  if (next.includes("\\") || next.includes("//") || hasControlCharacter(next)) return CONSOLE_ROOT;
  if (next.startsWith(`${CONSOLE_ROOT}/sign-`)) return CONSOLE_ROOT;
  // Dot segments (also percent-encoded) would let the browser resolve the path outside the console.
  if (/(^|\/)(\.|%2e){1,2}(\/|\?|$)/i.test(next.split("#")[0] ?? "")) return CONSOLE_ROOT;
  return next;
}

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}
