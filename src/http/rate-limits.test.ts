import { afterEach, describe, expect, it } from "vitest";
import type { Config } from "../config.ts";
import { TENANT_WINDOW_SECONDS } from "./rate-limits.ts";
import { bearer, type TestApp, testApp } from "./test-app.ts";

const ACME = "cmF0ZS1saW1pdHMtYWNtZS10b2tlbi0wMTIzNDU2";
const GLOBEX = "cmF0ZS1saW1pdHMtZ2xvYmV4LXRva2VuLTAxMjM0";
const SCIM_ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function app(config: Partial<Config>): Promise<TestApp> {
  t = await testApp({ config });
  await t.addTenant("acme", ACME);
  await t.addTenant("globex", GLOBEX);
  return t;
}

const list = (app: TestApp, tenant: string, token: string, remoteAddress = "192.0.2.1") =>
  app.app.inject({ method: "GET", url: `/scim/v2/${tenant}/Okta/Users`, headers: bearer(token), remoteAddress });

describe("per-tenant rate limit (SCIM_RATE_LIMIT)", () => {
  it("answers requests past the tenant's budget with a SCIM 429 and Retry-After, other tenants unaffected", async () => {
    const a = await app({ scimRateLimit: 1 });
    const budget = 1 * TENANT_WINDOW_SECONDS;
    for (let i = 0; i < budget; i++) expect((await list(a, "acme", ACME)).statusCode).toBe(200);
    const refused = await list(a, "acme", ACME);
    expect(refused.statusCode).toBe(429);
    expect(refused.headers["content-type"]).toBe("application/scim+json; charset=utf-8");
    expect(refused.json()).toEqual({ schemas: [SCIM_ERROR], status: "429", detail: expect.any(String) });
    const retryAfter = Number(refused.headers["retry-after"]);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(TENANT_WINDOW_SECONDS);
    expect((await list(a, "globex", GLOBEX)).statusCode).toBe(200);
  });

  it("counts per tenant, whichever address or provider the requests come from", async () => {
    const a = await app({ scimRateLimit: 1 });
    for (let i = 0; i < TENANT_WINDOW_SECONDS; i++) await list(a, "acme", ACME, `192.0.2.${i + 1}`);
    const other = await a.app.inject({ method: "GET", url: "/scim/v2/acme/EntraID/Groups", headers: bearer(ACME) });
    expect(other.statusCode).toBe(429);
  });

  it("does not spend a tenant's budget on requests without its token", async () => {
    const a = await app({ scimRateLimit: 1, authFailureLimit: 0 });
    for (let i = 0; i < 3 * TENANT_WINDOW_SECONDS; i++)
      expect((await list(a, "acme", "forged-token-0123456789")).statusCode).toBe(401);
    expect((await list(a, "acme", ACME)).statusCode).toBe(200);
  });

  it("is off at 0", async () => {
    const a = await app({ scimRateLimit: 0 });
    for (let i = 0; i < 60; i++) expect((await list(a, "acme", ACME)).statusCode).toBe(200);
  });
});

describe("failed authentication limit (AUTH_FAILURE_LIMIT)", () => {
  it("after the allowed failures, refuses that address for that tenant with 429, even with the right token", async () => {
    const a = await app({ authFailureLimit: 3 });
    for (let i = 0; i < 3; i++) expect((await list(a, "acme", "guess-token-000000000" + i)).statusCode).toBe(401);
    const blocked = await list(a, "acme", "guess-token-0000000009");
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json()).toMatchObject({ schemas: [SCIM_ERROR], status: "429" });
    expect(Number(blocked.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    expect((await list(a, "acme", ACME)).statusCode).toBe(429);
  });

  it("leaves other addresses and other tenants alone", async () => {
    const a = await app({ authFailureLimit: 2 });
    for (let i = 0; i < 2; i++) await list(a, "acme", "guess-token-00000000");
    expect((await list(a, "acme", ACME, "198.51.100.7")).statusCode).toBe(200);
    expect((await list(a, "globex", GLOBEX)).statusCode).toBe(200);
    expect((await list(a, "acme", ACME)).statusCode).toBe(429);
  });

  it("counts only failures: successful requests never use it up", async () => {
    const a = await app({ authFailureLimit: 2, scimRateLimit: 0 });
    for (let i = 0; i < 20; i++) expect((await list(a, "acme", ACME)).statusCode).toBe(200);
    expect((await list(a, "acme", "guess-token-00000000")).statusCode).toBe(401);
  });

  it("groups IPv6 clients by /64", async () => {
    const a = await app({ authFailureLimit: 2 });
    await list(a, "acme", "guess-token-00000000", "2001:db8:1:2::a");
    await list(a, "acme", "guess-token-00000000", "2001:db8:1:2::b");
    expect((await list(a, "acme", ACME, "2001:db8:1:2::c")).statusCode).toBe(429);
    expect((await list(a, "acme", ACME, "2001:db8:1:3::c")).statusCode).toBe(200);
  });

  it("is off at 0", async () => {
    const a = await app({ authFailureLimit: 0 });
    for (let i = 0; i < 40; i++) expect((await list(a, "acme", "guess-token-00000000")).statusCode).toBe(401);
  });
});
