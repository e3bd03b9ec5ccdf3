import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isSaneRequestId } from "./request-id.ts";
import { bearer, type TestApp, testApp } from "./test-app.ts";

const TOKEN = "cmVxdWVzdC1pZC10ZXN0cy10b2tlbi0wMTIzNDU2";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("X-Request-Id", () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await testApp();
    await t.addTenant("acme", TOKEN);
  });
  afterAll(() => t.close());

  it.each(["3f2c9a1e-8d4b-4c2a-9f1e-0a1b2c3d4e5f", "Root=1-5759e988-bd862e3fe1be46a994272793", "abc.DEF_123:x/y+z="])(
    "returns the sane id %s as given",
    async (id) => {
      const response = await t.app.inject({ method: "GET", url: "/livez", headers: { "x-request-id": id } });
      expect(response.headers["x-request-id"]).toBe(id);
    },
  );

  it.each(["", "has space", 'quote"d', "x".repeat(129), "é"])(
    "replaces the insane id %j with a new one",
    async (id) => {
      const response = await t.app.inject({ method: "GET", url: "/livez", headers: { "x-request-id": id } });
      expect(response.headers["x-request-id"]).toMatch(UUID);
    },
  );

  it("generates a different id for each request without one", async () => {
    const a = await t.app.inject({ method: "GET", url: "/livez" });
    const b = await t.app.inject({ method: "GET", url: "/livez" });
    expect(a.headers["x-request-id"]).toMatch(UUID);
    expect(b.headers["x-request-id"]).not.toBe(a.headers["x-request-id"]);
  });

  it.each([
    ["GET", "/scim/v2/acme/Okta/Users", {}, 401],
    ["GET", "/scim/v2/acme/Okta/Widgets", bearer(TOKEN), 404],
    ["DELETE", "/scim/v2/acme/Okta/Users", bearer(TOKEN), 405],
    ["GET", "/nowhere", {}, 404],
    ["GET", "/scim/v2/acme/Okta/Users/%ZZ", bearer(TOKEN), 400],
  ] as const)("is on the %s %s answer (%i)", async (method, url, headers, status) => {
    const response = await t.app.inject({ method, url, headers: { ...headers, "x-request-id": "req-7" } });
    expect(response.statusCode).toBe(status);
    expect(response.headers["x-request-id"]).toBe("req-7");
  });

  it("judges ids by length and charset", () => {
    expect(isSaneRequestId("a".repeat(128))).toBe(true);
    expect(isSaneRequestId("a".repeat(129))).toBe(false);
    expect(isSaneRequestId("a\r\nb")).toBe(false);
  });
});
