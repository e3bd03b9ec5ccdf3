/**
 * Several Roster instances over one database, as behind a load balancer in production: each
 * with its own store (its own PostgreSQL pool, or its own SQLite connection to one file) and its
 * own HTTP listener on 127.0.0.1, built as `src/main.ts` builds the server.
 */
import { mkdtemp, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { DEFAULT_CONFIG } from "../../src/config.ts";
import type { Store } from "../../src/domain/ports.ts";
import { ScimService } from "../../src/domain/scim-service.ts";
import { TenantService } from "../../src/domain/tenant-service.ts";
import { generateToken, hashToken } from "../../src/domain/token.ts";
import { buildApp } from "../../src/http/build-app.ts";
import { openStore } from "../../src/storage/open-store.ts";
import { createPostgresDatabase } from "../../src/storage/testing/test-databases.ts";

/** A response as the tests look at it. */
export interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** The running instances and a client that spreads requests over them. */
export interface RosterInstances {
  /** The store of the first instance, to look at what the database holds. */
  readonly store: Store;
  /** The database the instances share. */
  readonly databaseUrl: string;
  /** Makes a tenant with a token; answers its id. */
  addTenant(tenantId: string): Promise<void>;
  /** Sends a SCIM request to instance `instance` (taken modulo the number of instances). */
  send(
    instance: number,
    tenantId: string,
    provider: string,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<Answer>;
  close(): Promise<void>;
}

/** Starts `count` instances over one fresh database of `kind`. */
export async function startInstances(kind: "sqlite" | "postgres", count = 2): Promise<RosterInstances> {
  const directory = await mkdtemp(join(tmpdir(), "roster-instances-"));
  const postgres = kind === "postgres" ? await createPostgresDatabase() : undefined;
  const databaseUrl = postgres?.url ?? `sqlite:${join(directory, "roster.db")}`;
  const stores: Store[] = [];
  const apps: FastifyInstance[] = [];
  const origins: string[] = [];
  const tokens = new Map<string, string>();
  const close = async () => {
    for (const app of apps) await app.close();
    for (const store of stores) await store.close();
    await postgres?.drop();
    await rm(directory, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < count; i++) {
      const store = await openStore(databaseUrl);
      stores.push(store);
      // PostgreSQL is migrated once, as `roster migrate` does before a rollout.
      if (i === 0 && postgres) await store.migrate();
      const config = { ...DEFAULT_CONFIG, databaseUrl, host: "127.0.0.1", port: 0, logLevel: "silent" as const };
      const app = buildApp({ store, scim: new ScimService(store), config });
      apps.push(app);
      await app.listen({ host: config.host, port: 0 });
      origins.push(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}`);
    }
  } catch (error) {
    await close();
    throw error;
  }
  const first = stores[0] as Store;
  const tenants = new TenantService(first);
  return {
    store: first,
    databaseUrl,
    async addTenant(tenantId) {
      await tenants.createTenant(tenantId);
      const token = generateToken();
      await tenants.setSetting(tenantId, "HashedScimProvisioningToken", hashToken(token));
      tokens.set(tenantId, token);
    },
    async send(instance, tenantId, provider, method, path, body) {
      const origin = origins[instance % origins.length];
      const response = await fetch(`${origin}/scim/v2/${tenantId}/${provider}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${tokens.get(tenantId)}`,
          ...(body === undefined ? {} : { "content-type": "application/scim+json" }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : {} };
    },
    close,
  };
}
