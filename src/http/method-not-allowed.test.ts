import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer, type TestApp, testApp } from "./test-app.ts";

const TOKEN = "bWV0aG9kLW5vdC1hbGxvd2VkLXRva2VuLTAxMjM0";
const BASE = "/scim/v2/acme/Okta";

describe("405 decided by the method, before the body", () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await testApp();
    await t.addTenant("acme", TOKEN);
  });
  afterAll(() => t.close());

  const send = (
    method: "POST" | "PUT" | "PATCH" | "DELETE" | "GET",
    url: string,
    headers: Record<string, string>,
    payload?: string,
  ) =>
    t.app.inject({
      method,
      url: `${BASE}${url}`,
      headers: { ...bearer(TOKEN), ...headers },
      ...(payload === undefined ? {} : { payload }),
    });

  it.each([
    ["POST", "/Schemas", "application/scim+json", "{not json"],
    ["POST", "/Schemas", "text/plain", "hello"],
    ["PUT", "/ServiceProviderConfig", "application/json", "{"],
    ["PATCH", "/ResourceTypes", "application/xml", "<x/>"],
    ["DELETE", "/Schemas/urn:ietf:params:scim:schemas:core:2.0:User", "application/json", "]"],
    ["PUT", "/Users", "application/scim+json", "{"],
    ["GET", "/Bulk", "application/scim+json", ""],
    ["PATCH", "/.search", "text/csv", "a,b"],
  ] as const)("answers %s %s with a %s body %j with 405 and Allow", async (method, url, contentType, payload) => {
    const response = await send(method, url, { "content-type": contentType }, payload);
    expect(response.statusCode).toBe(405);
    expect(response.headers["allow"]).toBeDefined();
    expect(response.json()).toMatchObject({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "405" });
  });

  it("answers 405 before a compressed body is looked at", async () => {
    const response = await send(
      "POST",
      "/Schemas",
      { "content-type": "application/json", "content-encoding": "gzip" },
      "x",
    );
    expect(response.statusCode).toBe(405);
  });

  it("answers OPTIONS and HEAD where they are not supported with 405", async () => {
    const options = await t.app.inject({ method: "OPTIONS", url: `${BASE}/Schemas`, headers: bearer(TOKEN) });
    expect(options.statusCode).toBe(405);
    const head = await t.app.inject({ method: "HEAD", url: `${BASE}/Bulk`, headers: bearer(TOKEN) });
    expect(head.statusCode).toBe(405);
    const headOfGet = await t.app.inject({ method: "HEAD", url: `${BASE}/Schemas`, headers: bearer(TOKEN) });
    expect(headOfGet.statusCode).toBe(200);
  });

  it("still authenticates first: no token, 401", async () => {
    const response = await t.app.inject({ method: "POST", url: `${BASE}/Schemas`, payload: "{" });
    expect(response.statusCode).toBe(401);
  });
});
