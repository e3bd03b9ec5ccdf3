/**
 * A real Roster server for the conformance suite, assembled as `src/main.ts` does: configuration
 * from environment variables, a fresh SQLite file in a temporary directory (or a fresh PostgreSQL
 * database, migrated as `roster migrate` does), the domain service,
 * the HTTP app listening on 127.0.0.1 on a free port. Tenants and tokens are made through the
 * same domain code as `roster tenant create` / `roster token generate` / `roster tenant set`.
 */
import { mkdtemp, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseConfig } from "../../src/config.ts";
import { ScimService } from "../../src/domain/scim-service.ts";
import { TenantService } from "../../src/domain/tenant-service.ts";
import { generateToken, hashToken } from "../../src/domain/token.ts";
import { buildApp } from "../../src/http/build-app.ts";
import { openStore } from "../../src/storage/open-store.ts";
import { createPostgresDatabase } from "../../src/storage/testing/test-databases.ts";

/** A tenant made for one fixture, with the plaintext token an identity provider would be given. */
export interface ConformanceTenant {
  readonly tenantId: string;
  readonly token: string;
}

/** The running server: its origin, a way to add tenants, and shutdown. */
export interface RunningRoster {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  addTenant(tenantId: string): Promise<ConformanceTenant>;
  /** The SCIM base URL of a tenant and provider, as an identity provider is configured with. */
  scimBaseUrl(tenantId: string, provider: string): string;
  close(): Promise<void>;
}

/**
 * Starts Roster on an empty database of the given kind; `close()` stops it and deletes the
 * database. `env` adds configuration variables (a load-generating harness turns the rate limits
 * off with `SCIM_RATE_LIMIT: "0"`, as a benchmark would).
 */
export async function startRoster(
  kind: "sqlite" | "postgres" = "sqlite",
  env: Readonly<Record<string, string>> = {},
): Promise<RunningRoster> {
  const directory = await mkdtemp(join(tmpdir(), "roster-conformance-"));
  const postgres = kind === "postgres" ? await createPostgresDatabase() : undefined;
  const dispose = async () => {
    await rm(directory, { recursive: true, force: true });
    await postgres?.drop();
  };
  const parsed = parseConfig({
    HOST: "127.0.0.1",
    PORT: "0",
    DATABASE_URL: postgres?.url ?? `sqlite:${join(directory, "roster.db")}`,
    LOG_LEVEL: "silent",
    ...env,
  });
  if (!parsed.ok) throw parsed.error;
  const config = parsed.value;
  const store = await openStore(config.databaseUrl);
  try {
    if (postgres) await store.migrate();
    if (!(await store.isMigrated())) throw new Error("the conformance database is not migrated");
    const app = buildApp({ store, scim: new ScimService(store), config });
    await app.listen({ host: config.host, port: config.port });
    const { port } = app.server.address() as AddressInfo;
    const origin = `http://${config.host}:${port}`;
    const tenants = new TenantService(store);
    return {
      origin,
      async addTenant(tenantId) {
        await tenants.createTenant(tenantId);
        const token = generateToken();
        await tenants.setSetting(tenantId, "HashedScimProvisioningToken", hashToken(token));
        return { tenantId, token };
      },
      scimBaseUrl: (tenantId, provider) =>
        `${origin}/scim/v2/${encodeURIComponent(tenantId)}/${encodeURIComponent(provider)}`,
      async close() {
        await app.close();
        await store.close();
        await dispose();
      },
    };
  } catch (error) {
    await store.close();
    await dispose();
    throw error;
  }
}
