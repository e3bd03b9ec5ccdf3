/**
 * The server under test: a real Roster started by the conformance harness (a fresh SQLite file or
 * PostgreSQL database, one tenant, one token), seen from here only through its SCIM base URL.
 */
import { type RunningRoster, startRoster } from "../conformance/running-roster.ts";
import { type Discovery, discover } from "./discovery.ts";
import { ScimClient } from "./scim-client.ts";

export type DatabaseKind = "sqlite" | "postgres";

/** The identity-provider segment the checker writes through (any name works; see README). */
export const PROVIDER = "Checker";

export interface Target {
  readonly kind: DatabaseKind;
  readonly client: ScimClient;
  /** A client whose token is wrong (401 checks). */
  readonly strangerClient: ScimClient;
  readonly discovery: Discovery & { readonly problems: readonly string[] };
  /** The tenant's bearer token (another provider segment of the same tenant uses it too). */
  readonly token: string;
  close(): Promise<void>;
}

export async function startTarget(kind: DatabaseKind): Promise<Target> {
  // The checker sends thousands of requests a second to one tenant, and many wrong tokens: no
  // identity provider does; the limits have their own tests (src/http/rate-limits.test.ts).
  const roster: RunningRoster = await startRoster(kind, { SCIM_RATE_LIMIT: "0", AUTH_FAILURE_LIMIT: "0" });
  try {
    const tenant = await roster.addTenant("schema-driven");
    const baseUrl = roster.scimBaseUrl(tenant.tenantId, PROVIDER);
    const client = new ScimClient(baseUrl, tenant.token);
    const discovery = await discover(client);
    return {
      kind,
      client,
      strangerClient: new ScimClient(baseUrl, `${tenant.token}x`),
      discovery,
      token: tenant.token,
      close: () => roster.close(),
    };
  } catch (error) {
    await roster.close();
    throw error;
  }
}
