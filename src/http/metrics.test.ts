import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../config.ts";
import { IdentityService } from "../domain/identity-service.ts";
import { ScimService } from "../domain/scim-service.ts";
import { TenantService } from "../domain/tenant-service.ts";
import { hashToken } from "../domain/token.ts";
import { WebhookService } from "../domain/webhook-service.ts";
import { openTestStore, type TestStore } from "../storage/testing/test-databases.ts";
import { buildApp } from "./build-app.ts";
import { createMetrics } from "./metrics.ts";
import { bearer, type TestApp, testApp } from "./test-app.ts";

const TOKEN = "bWV0cmljcy10ZXN0cy10b2tlbi0wMTIzNDU2Nzg5";

/** The value of the sample `name{labels}` in an exposition, or undefined. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const inside = /\{(.*)\}/.exec(line)?.[1] ?? "";
    const present = inside.split(",");
    if (wanted.every((pair) => present.includes(pair))) return Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return undefined;
}

describe("GET /metrics", () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await testApp({ database: "sqlite" });
    await t.addTenant("acme", TOKEN);
  });
  afterAll(() => t.close());

  const scrape = async () => {
    const response = await t.app.inject({ method: "GET", url: "/metrics" });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toContain("text/plain");
    return response.body;
  };

  it("counts requests by surface, route template, method and status, and times them", async () => {
    for (let i = 0; i < 3; i++) {
      await t.app.inject({ method: "GET", url: "/scim/v2/acme/Okta/Users/jane%40example.com", headers: bearer(TOKEN) });
    }
    await t.app.inject({ method: "GET", url: "/scim/v2/acme/Okta/Users" });
    await t.app.inject({ method: "GET", url: "/nowhere/jane@example.com" });
    const text = await scrape();
    const user = { surface: "scim", route: "/scim/v2/:tenantId/:provider/Users/:id", method: "GET" };
    expect(sample(text, "roster_http_requests_total", { ...user, status: "404" })).toBe(3);
    expect(
      sample(text, "roster_http_requests_total", {
        surface: "scim",
        route: "/scim/v2/:tenantId/:provider/Users",
        status: "401",
      }),
    ).toBe(1);
    expect(sample(text, "roster_http_requests_total", { surface: "other", route: "(unmatched)", status: "404" })).toBe(
      1,
    );
    expect(sample(text, "roster_http_request_duration_seconds_count", user)).toBe(3);
    expect(sample(text, "roster_http_request_duration_seconds_bucket", { ...user, le: "+Inf" })).toBe(3);
    expect(text).not.toContain("jane");
    expect(text).toContain("process_cpu_user_seconds_total");
  });

  it("has no pool metrics on SQLite", async () => {
    expect(await scrape()).not.toContain("roster_db_pool");
  });
});

describe("GET /metrics with METRICS_TOKEN", () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await testApp({ config: { metricsToken: "scrape-token-0123456789" } });
  });
  afterAll(() => t.close());

  it.each([undefined, "Bearer wrong-token-0123456789", "Basic c2NyYXBl", "Bearer scrape-token-0123456789x"])(
    "refuses Authorization %s with 401",
    async (authorization) => {
      const response = await t.app.inject({
        method: "GET",
        url: "/metrics",
        headers: authorization === undefined ? {} : { authorization },
      });
      expect(response.statusCode).toBe(401);
      expect(response.body).not.toContain("roster_http");
    },
  );

  it("answers the right token", async () => {
    const response = await t.app.inject({
      method: "GET",
      url: "/metrics",
      headers: { authorization: "bearer scrape-token-0123456789" },
    });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain("roster_http_requests_total");
  });
});

describe("event metrics", () => {
  it("reports the event backlog of enabled endpoints and counts webhook failures", async () => {
    const db = await openTestStore("sqlite");
    const metrics = createMetrics(db.store);
    const app = buildApp({
      store: db.store,
      scim: new ScimService(db.store),
      config: { ...DEFAULT_CONFIG, logLevel: "silent" },
      metrics,
    });
    const scrape = async () => (await app.inject({ method: "GET", url: "/metrics" })).body;
    expect(sample(await scrape(), "roster_event_backlog", {})).toBe(0);
    await new TenantService(db.store).createTenant("acme");
    const sender = {
      checkTarget: async (url: string) => ({ ok: true as const, value: url }),
      send: async () => ({ ok: true, status: 200, durationMs: 1, error: null }),
    };
    await new WebhookService(db.store, sender).create("acme", { url: "https://hooks.example/x" });
    const identity = new IdentityService(db.store);
    await identity.addRole("acme", "One");
    await identity.addRole("acme", "Two");
    expect(sample(await scrape(), "roster_event_backlog", {})).toBe(2);
    metrics.webhookFailed();
    metrics.webhookFailed();
    metrics.webhookDisabled();
    const text = await scrape();
    expect(sample(text, "roster_webhook_failures_total", {})).toBe(2);
    expect(sample(text, "roster_webhook_disabled_total", {})).toBe(1);
    await app.close();
    await db.dispose();
  });
});

describe("pool metrics on PostgreSQL", () => {
  let db: TestStore;

  beforeAll(async () => {
    db = await openTestStore("postgres");
  });
  afterAll(() => db.dispose());

  it("reports the pool's connections and waiting queries", async () => {
    const tenants = new TenantService(db.store);
    await tenants.createTenant("acme");
    await tenants.setSetting("acme", "HashedScimProvisioningToken", hashToken(TOKEN));
    const app = buildApp({
      store: db.store,
      scim: new ScimService(db.store),
      config: { ...DEFAULT_CONFIG, logLevel: "silent" },
    });
    await app.inject({ method: "GET", url: "/scim/v2/acme/Okta/Users", headers: bearer(TOKEN) });
    const text = (await app.inject({ method: "GET", url: "/metrics" })).body;
    expect(sample(text, "roster_db_pool_connections", {})).toBeGreaterThanOrEqual(1);
    expect(sample(text, "roster_db_pool_idle_connections", {})).toBeGreaterThanOrEqual(0);
    expect(sample(text, "roster_db_pool_waiting_queries", {})).toBe(0);
    await app.close();
  });
});

describe("request series", () => {
  it("exposes cumulative latency buckets per route and method, the statuses added up, and counts per status", async () => {
    const db = await openTestStore("sqlite");
    const metrics = createMetrics(db.store);
    metrics.observe("/api/v1/x", "GET", 200, 0.003);
    metrics.observe("/api/v1/x", "GET", 200, 0.02);
    metrics.observe("/api/v1/x", "GET", 404, 20);
    metrics.observe("/api/v1/x", "BREW", 200, 0.005);
    const { body } = await metrics.scrape();
    const route = { surface: "api", route: "/api/v1/x", method: "GET" };
    expect(sample(body, "roster_http_requests_total", { ...route, status: "200" })).toBe(2);
    expect(sample(body, "roster_http_requests_total", { ...route, status: "404" })).toBe(1);
    expect(sample(body, "roster_http_requests_total", { method: "OTHER", status: "200" })).toBe(1);
    expect(sample(body, "roster_http_request_duration_seconds_bucket", { ...route, le: "0.005" })).toBe(1);
    expect(sample(body, "roster_http_request_duration_seconds_bucket", { ...route, le: "0.025" })).toBe(2);
    expect(sample(body, "roster_http_request_duration_seconds_bucket", { ...route, le: "10" })).toBe(2);
    expect(sample(body, "roster_http_request_duration_seconds_bucket", { ...route, le: "+Inf" })).toBe(3);
    expect(sample(body, "roster_http_request_duration_seconds_count", route)).toBe(3);
    expect(sample(body, "roster_http_request_duration_seconds_sum", route)).toBeCloseTo(20.023, 6);
    // A value on a bound falls into that bucket (Prometheus' `le`).
    const other = { route: "/api/v1/x", method: "OTHER" };
    expect(sample(body, "roster_http_request_duration_seconds_bucket", { ...other, le: "0.005" })).toBe(1);
    expect(body).toContain("# TYPE roster_http_request_duration_seconds histogram");
    expect(body).toContain("# TYPE roster_http_requests_total counter");
    await db.dispose();
  });
});
