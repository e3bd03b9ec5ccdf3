import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../config.ts";
import type { Store } from "../../domain/ports.ts";
import { ScimService } from "../../domain/scim-service.ts";
import { openStore } from "../../storage/open-store.ts";
import { buildApp } from "../build-app.ts";

const METHODS = ["get", "post", "put", "patch", "delete"] as const;

/** `/api/v1/tenants/:tenantId` → `/api/v1/tenants/{tenantId}`. */
function openApiPath(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, "{$1}");
}

describe("the OpenAPI document", () => {
  let store: Store;
  let app: ReturnType<typeof buildApp>;
  const registered = new Set<string>();

  beforeAll(async () => {
    store = await openStore("sqlite::memory:");
    app = buildApp({ store, scim: new ScimService(store), config: { ...DEFAULT_CONFIG, logLevel: "silent" } });
    app.addHook("onRoute", (route) => {
      if (!route.url.startsWith("/api/v1/")) return;
      for (const method of [route.method].flat()) {
        if (method !== "HEAD") registered.add(`${method.toLowerCase()} ${openApiPath(route.url)}`);
      }
    });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await store.close();
  });

  const document = async () => {
    const response = await app.inject({ method: "GET", url: "/api/v1/openapi.json" });
    expect(response.statusCode).toBe(200);
    return response.json() as {
      openapi: string;
      paths: Record<string, Record<string, { responses: Record<string, unknown>; parameters?: unknown[] }>>;
      components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
    };
  };

  it("is OpenAPI 3.1, open without a key, with the shared shapes as components", async () => {
    const doc = await document();
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining([
        "User",
        "Role",
        "Tenant",
        "AdminKey",
        "ScimToken",
        "Access",
        "Member",
        "Problem",
        "LogEntry",
        "Event",
        "Webhook",
        "CreatedWebhook",
        "Delivery",
      ]),
    );
    expect(doc.components.securitySchemes).toHaveProperty("adminKey");
  });

  it("documents every route that exists under /api/v1, and nothing that does not", async () => {
    const doc = await document();
    const documented = new Set<string>();
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const method of METHODS) if (operations[method]) documented.add(`${method} ${path}`);
    }
    expect(registered.size).toBeGreaterThan(25);
    expect([...documented].sort()).toEqual([...registered].sort());
    for (const entry of documented) {
      const [method, path] = entry.split(" ") as [string, string];
      const url = path.replace(/\{([^}]+)\}/g, ":$1");
      expect(app.hasRoute({ method: method.toUpperCase() as "GET", url }), entry).toBe(true);
    }
  });

  it("names every operation once, for client generators", async () => {
    const doc = await document();
    const ids = Object.values(doc.paths).flatMap((operations) =>
      METHODS.flatMap((m) => (operations[m] ? [(operations[m] as { operationId?: string }).operationId] : [])),
    );
    expect(ids.every((id) => typeof id === "string" && /^[a-z][A-Za-z]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("documents the SPEC §9 table's routes and §12's", async () => {
    const doc = await document();
    const expected = [
      "get /api/v1/admin-keys",
      "post /api/v1/admin-keys",
      "delete /api/v1/admin-keys/{keyId}",
      "get /api/v1/tenants",
      "post /api/v1/tenants",
      "get /api/v1/tenants/{tenantId}",
      "patch /api/v1/tenants/{tenantId}",
      "delete /api/v1/tenants/{tenantId}",
      "get /api/v1/tenants/{tenantId}/scim-tokens",
      "post /api/v1/tenants/{tenantId}/scim-tokens",
      "delete /api/v1/tenants/{tenantId}/scim-tokens/{tokenId}",
      "post /api/v1/tenants/{tenantId}/pause",
      "post /api/v1/tenants/{tenantId}/resume",
      "get /api/v1/tenants/{tenantId}/users",
      "post /api/v1/tenants/{tenantId}/users",
      "get /api/v1/tenants/{tenantId}/users/{userId}",
      "patch /api/v1/tenants/{tenantId}/users/{userId}",
      "delete /api/v1/tenants/{tenantId}/users/{userId}",
      "put /api/v1/tenants/{tenantId}/users/{userId}/roles/{roleId}",
      "delete /api/v1/tenants/{tenantId}/users/{userId}/roles/{roleId}",
      "get /api/v1/tenants/{tenantId}/users/{userId}/access",
      "get /api/v1/tenants/{tenantId}/roles",
      "post /api/v1/tenants/{tenantId}/roles",
      "get /api/v1/tenants/{tenantId}/roles/{roleId}",
      "patch /api/v1/tenants/{tenantId}/roles/{roleId}",
      "delete /api/v1/tenants/{tenantId}/roles/{roleId}",
      "put /api/v1/tenants/{tenantId}/roles/{roleId}/roles/{childId}",
      "delete /api/v1/tenants/{tenantId}/roles/{roleId}/roles/{childId}",
      "get /api/v1/tenants/{tenantId}/roles/{roleId}/members",
      "get /api/v1/tenants/{tenantId}/export",
      "post /api/v1/tenants/{tenantId}/import",
      "get /api/v1/tenants/{tenantId}/audit",
      // SPEC §11
      "get /api/v1/tenants/{tenantId}/provisioning-log",
      "get /api/v1/tenants/{tenantId}/events",
      "get /api/v1/tenants/{tenantId}/webhooks",
      "post /api/v1/tenants/{tenantId}/webhooks",
      "get /api/v1/tenants/{tenantId}/webhooks/{webhookId}",
      "patch /api/v1/tenants/{tenantId}/webhooks/{webhookId}",
      "delete /api/v1/tenants/{tenantId}/webhooks/{webhookId}",
      "post /api/v1/tenants/{tenantId}/webhooks/{webhookId}/test",
      "get /api/v1/tenants/{tenantId}/webhooks/{webhookId}/deliveries",
      "post /api/v1/tenants/{tenantId}/webhooks/{webhookId}/deliveries/{deliveryId}/retry",
    ];
    for (const entry of expected) {
      const [method, path] = entry.split(" ") as [string, string];
      expect(doc.paths[path]?.[method], entry).toBeDefined();
      expect(Object.keys(doc.paths[path]?.[method]?.responses ?? {}), entry).toContain("401");
    }
  });

  it("documents the import's NDJSON body and the export's three media types", async () => {
    const doc = (await document()) as unknown as {
      paths: Record<
        string,
        Record<string, { requestBody?: { content: object }; responses: Record<string, { content?: object }> }>
      >;
    };
    const importing = doc.paths["/api/v1/tenants/{tenantId}/import"]?.["post"];
    expect(Object.keys(importing?.requestBody?.content ?? {})).toEqual(["application/x-ndjson"]);
    const exporting = doc.paths["/api/v1/tenants/{tenantId}/export"]?.["get"];
    expect(Object.keys(exporting?.responses["200"]?.content ?? {})).toEqual([
      "application/x-ndjson",
      "application/json",
      "text/csv",
    ]);
  });

  it("serves the viewer at /api/docs with its own assets, offline", async () => {
    const page = await app.inject({ method: "GET", url: "/api/docs" });
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toMatch(/^text\/html/);
    const assets = [...page.body.matchAll(/(?:src|href)="(\/api\/docs\/static\/[^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThan(2);
    for (const asset of assets) {
      expect((await app.inject({ method: "GET", url: asset })).statusCode, asset).toBe(200);
    }
    const init = await app.inject({ method: "GET", url: "/api/docs/static/swagger-initializer.js" });
    expect(init.body).toContain("/api/v1/openapi.json");
  });
});
