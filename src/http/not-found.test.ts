import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer, type TestApp, testApp } from "./test-app.ts";

const TOKEN = "bm90LWZvdW5kLXRlc3RzLXRva2VuLTAxMjM0NTY3";

describe("unknown routes", () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await testApp();
    await t.addTenant("acme", TOKEN);
  });
  afterAll(() => t.close());

  it.each(["/scim/v2/acme/Okta/Widgets", "/scim/v2/acme/Okta", "/scim/v2", "/scim", "/scim/v1/acme/Okta/Users"])(
    "answers %s with a SCIM 404",
    async (url) => {
      const response = await t.app.inject({ method: "GET", url, headers: bearer(TOKEN) });
      expect(response.statusCode).toBe(404);
      expect(response.headers["content-type"]).toBe("application/scim+json; charset=utf-8");
      expect(response.json()).toMatchObject({
        schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
        status: "404",
      });
    },
  );

  it("answers other paths with a plain JSON 404", async () => {
    const response = await t.app.inject({ method: "GET", url: "/favicon.ico" });
    expect(response.statusCode).toBe(404);
    expect(response.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(response.json()).toEqual({ error: "Not Found", message: "There is no endpoint at this URL" });
  });

  it("never quotes the path back", async () => {
    for (const url of ["/scim/v2/acme/Okta/Widgets/jane%40example.com", "/private/jane@example.com"]) {
      const response = await t.app.inject({ method: "GET", url, headers: bearer(TOKEN) });
      expect(response.statusCode).toBe(404);
      expect(response.body).not.toContain("jane");
    }
  });

  it("accepts a trailing slash on SCIM endpoints", async () => {
    const response = await t.app.inject({ method: "GET", url: "/scim/v2/acme/Okta/Users/", headers: bearer(TOKEN) });
    expect(response.statusCode).toBe(200);
  });
});
