/** The management API in process (`app.inject()`) over SQLite or PostgreSQL, with admin keys of every kind. */
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { type Config, DEFAULT_CONFIG } from "../../config.ts";
import { CLI_ACTOR } from "../../domain/actor.ts";
import { AdminKeyService } from "../../domain/admin-key-service.ts";
import type { Store } from "../../domain/ports.ts";
import { ProvisioningLogService } from "../../domain/provisioning-log-service.ts";
import { ScimService } from "../../domain/scim-service.ts";
import { TenantService } from "../../domain/tenant-service.ts";
import { hashToken } from "../../domain/token.ts";
import { openTestStore, type TestStore } from "../../storage/testing/test-databases.ts";
import { buildApp } from "../build-app.ts";

/** A request to the app. */
export interface ApiRequest {
  readonly method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD";
  readonly url: string;
  /** The admin key or token to send as a bearer; none when undefined. */
  readonly key?: string | undefined;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

/** An app over a fresh database, and helpers to call it. */
export interface ApiTestApp {
  readonly app: FastifyInstance;
  readonly store: Store;
  readonly tenants: TenantService;
  readonly adminKeys: AdminKeyService;
  /** The app's provisioning log service (`flush()` writes the reads it batches). */
  readonly log: ProvisioningLogService;
  /** A global read-write admin key. */
  readonly rootKey: string;
  /** Makes a key; scoped to `tenantId` when given. */
  key(options?: { readonly tenantId?: string; readonly readOnly?: boolean }): Promise<string>;
  /** Creates a tenant whose SCIM token (the setting) is `token`, unless null. */
  addTenant(tenantId: string, token?: string | null): Promise<void>;
  call(request: ApiRequest): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/** Builds the whole app (SCIM and API) over a test database of `kind`; `config` overrides the defaults. */
export async function apiTestApp(kind: "sqlite" | "postgres", config: Partial<Config> = {}): Promise<ApiTestApp> {
  const handle: TestStore = await openTestStore(kind);
  const { store } = handle;
  const log = new ProvisioningLogService(store);
  const app = buildApp({
    store,
    scim: new ScimService(store),
    config: { ...DEFAULT_CONFIG, logLevel: "silent", ...config },
    provisioningLog: log,
  });
  await app.ready();
  const tenants = new TenantService(store);
  const adminKeys = new AdminKeyService(store);
  const key: ApiTestApp["key"] = async (options = {}) =>
    (await adminKeys.create({ name: "test", tenantId: options.tenantId, readOnly: options.readOnly }, CLI_ACTOR))
      .secret;
  const rootKey = await key();
  return {
    app,
    store,
    tenants,
    adminKeys,
    log,
    rootKey,
    key,
    async addTenant(tenantId, token = null) {
      await tenants.createTenant(tenantId);
      if (token !== null) await tenants.setSetting(tenantId, "HashedScimProvisioningToken", hashToken(token));
    },
    call({ method = "GET", url, key: bearer, body, headers = {} }) {
      return app.inject({
        method,
        url,
        headers: { ...(bearer === undefined ? {} : { authorization: `Bearer ${bearer}` }), ...headers },
        ...(body === undefined ? {} : { payload: body as Record<string, unknown> }),
      });
    },
    async close() {
      await app.close();
      await handle.dispose();
    },
  };
}

/** The problem+json body of an error answer. */
export interface ProblemBody {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly errors?: readonly { readonly field: string; readonly detail: string }[];
}

/** The fields a problem names. */
export function problemFields(response: LightMyRequestResponse): string[] {
  return ((response.json() as ProblemBody).errors ?? []).map((e) => e.field);
}
