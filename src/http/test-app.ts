/**
 * Builds the app over a fresh test database for the in-process HTTP tests (`app.inject()`): SQLite
 * in memory, or a new PostgreSQL database in the `http-postgres` vitest project (vitest.config.ts).
 */
import type { FastifyInstance } from "fastify";
import { inject } from "vitest";
import { type Config, DEFAULT_CONFIG } from "../config.ts";
import type { Store } from "../domain/ports.ts";
import type { ScimOperations } from "../domain/scim-operations.ts";
import { ScimService } from "../domain/scim-service.ts";
import { TenantService } from "../domain/tenant-service.ts";
import { hashToken } from "../domain/token.ts";
import { type DatabaseKind, openTestStore } from "../storage/testing/test-databases.ts";
import { buildApp } from "./build-app.ts";
import type { LogStream } from "./logger-options.ts";

/** A running test app and what it was built from. */
export interface TestApp {
  readonly app: FastifyInstance;
  readonly store: Store;
  readonly tenants: TenantService;
  /** Creates a tenant whose SCIM token is `token` (no hash when null). */
  addTenant(tenantId: string, token: string | null): Promise<void>;
  close(): Promise<void>;
}

/** Options of testApp: a stand-in for the domain, configuration overrides, a log sink. */
export interface TestAppOptions {
  readonly scim?: (store: Store) => ScimOperations;
  readonly config?: Partial<Config>;
  readonly logStream?: LogStream;
  /** The database; by default the kind the vitest project provides, else SQLite. */
  readonly database?: DatabaseKind;
}

/** Opens an empty migrated database, builds the app (quiet logs) and readies it. */
export async function testApp(options: TestAppOptions = {}): Promise<TestApp> {
  const handle = await openTestStore(options.database ?? inject("rosterTestDatabaseKind") ?? "sqlite");
  const { store } = handle;
  const scim = options.scim?.(store) ?? new ScimService(store);
  const config: Config = { ...DEFAULT_CONFIG, logLevel: "silent", ...options.config };
  const app = buildApp({ store, scim, config, ...(options.logStream ? { logStream: options.logStream } : {}) });
  await app.ready();
  const tenants = new TenantService(store);
  return {
    app,
    store,
    tenants,
    async addTenant(tenantId, token) {
      await tenants.createTenant(tenantId);
      if (token !== null) await tenants.setSetting(tenantId, "HashedScimProvisioningToken", hashToken(token));
    },
    async close() {
      await app.close();
      await handle.dispose();
    },
  };
}

/** The Authorization header for `token`. */
export function bearer(token: string): { authorization: string } {
  return { authorization: `Bearer ${token}` };
}
