import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer, type TestApp, testApp } from "./test-app.ts";

const TOKEN_A = "dG9rZW4tb2YtdGVuYW50LWEtMDEyMzQ1Njc4OWFiY2RlZg==";
const TOKEN_B = "dG9rZW4tb2YtdGVuYW50LWItMDEyMzQ1Njc4OWFiY2RlZg==";

describe("SCIM authentication", () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await testApp();
    await t.addTenant("tenant-a", TOKEN_A);
    await t.addTenant("tenant-b", TOKEN_B);
    await t.addTenant("no-hash", null);
    await t.addTenant("paused-off", TOKEN_A);
    await t.tenants.setSetting("paused-off", "ScimEnabled", "false");
  });
  afterAll(() => t.close());

  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: "GET", url, headers });

  it("lets a tenant's token through on every SCIM endpoint", async () => {
    for (const path of ["Users", "Groups", "ServiceProviderConfig", "ResourceTypes", "Schemas"]) {
      const response = await get(`/scim/v2/tenant-a/EntraID/${path}`, bearer(TOKEN_A));
      expect(response.statusCode, path).toBe(200);
    }
  });

  it("answers the four failures identically: status, body and WWW-Authenticate", async () => {
    const cases = [
      get("/scim/v2/tenant-a/Okta/Users"),
      get("/scim/v2/tenant-a/Okta/Users", { authorization: "Basic dXNlcjpwYXNz" }),
      get("/scim/v2/tenant-a/Okta/Users", bearer("wrong-token")),
      get("/scim/v2/nobody/Okta/Users", bearer(TOKEN_A)),
      get("/scim/v2/no-hash/Okta/Users", bearer(TOKEN_A)),
      get("/scim/v2/no-hash/Okta/Users", bearer("")),
    ];
    const responses = await Promise.all(cases);
    for (const response of responses) {
      expect(response.statusCode).toBe(401);
      expect(response.headers["www-authenticate"]).toBe('Bearer realm="roster"');
      expect(response.headers["content-type"]).toBe("application/scim+json; charset=utf-8");
      expect(response.body).toBe(responses[0]?.body);
    }
    expect(responses[0]?.json()).toEqual({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
      status: "401",
      detail: "A valid bearer token for this SCIM endpoint is required",
    });
  });

  it("never lets tenant A's token reach tenant B", async () => {
    const response = await get("/scim/v2/tenant-b/Okta/Users", bearer(TOKEN_A));
    expect(response.statusCode).toBe(401);
    expect((await get("/scim/v2/tenant-b/Okta/Users", bearer(TOKEN_B))).statusCode).toBe(200);
  });

  it("answers 401 before reading a body, whatever its content type", async () => {
    const response = await t.app.inject({
      method: "POST",
      url: "/scim/v2/tenant-a/Okta/Users",
      headers: { "content-type": "text/plain" },
      payload: "not json",
    });
    expect(response.statusCode).toBe(401);
  });

  it("answers 403 with a SCIM body when provisioning is switched off, but only to the right token", async () => {
    const response = await get("/scim/v2/paused-off/Okta/Users", bearer(TOKEN_A));
    expect(response.statusCode).toBe(403);
    expect(response.json()).toEqual({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
      status: "403",
      detail: "SCIM provisioning is disabled for this tenant",
    });
    expect((await get("/scim/v2/paused-off/Okta/Users", bearer(TOKEN_B))).statusCode).toBe(401);
  });

  it.each(["Entra%20ID", "okta.com", "x".repeat(65), "%C3%B6kta"])(
    "answers a SCIM 404 to the malformed provider %s, with or without a token",
    async (provider) => {
      for (const headers of [bearer(TOKEN_A), {}]) {
        const response = await get(`/scim/v2/tenant-a/${provider}/Users`, headers);
        expect(response.statusCode).toBe(404);
        expect(response.json()).toMatchObject({ status: "404" });
        expect(response.headers["www-authenticate"]).toBeUndefined();
      }
    },
  );

  it("accepts any provider name of letters, digits, '-' and '_'", async () => {
    for (const provider of ["EntraID", "okta", "One-Login_2"]) {
      expect((await get(`/scim/v2/tenant-a/${provider}/Users`, bearer(TOKEN_A))).statusCode).toBe(200);
    }
  });

  it("needs no token for /healthz", async () => {
    expect((await get("/healthz")).statusCode).toBe(200);
  });
});
