import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASE_KINDS } from "../../storage/testing/test-databases.ts";
import { type ApiTestApp, apiTestApp } from "./api-test-kit.ts";

const TOKEN = "cGF1c2UtdGVzdHMtdG9rZW4tMDEyMzQ1Njc4OWFiY2RlZg==";
const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const BULK = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
const SEARCH = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";
const BASE = "/scim/v2/acme/EntraID";

describe.each(DATABASE_KINDS)("pause and resume (SPEC §9 rollback) on %s", (kind) => {
  let t: ApiTestApp;

  beforeAll(async () => {
    t = await apiTestApp(kind);
    await t.addTenant("acme", TOKEN);
    const scim = (url: string, body: unknown) =>
      t.call({
        method: "POST",
        url: `${BASE}${url}`,
        key: TOKEN,
        body,
        headers: { "content-type": "application/scim+json" },
      });
    expect((await scim("/Users", { schemas: [USER], userName: "kept@x.io" })).statusCode).toBe(201);
    expect((await scim("/Groups", { schemas: [GROUP], displayName: "Kept" })).statusCode).toBe(201);
  });
  afterAll(() => t.close());

  const pause = (body?: unknown) => t.call({ method: "POST", url: "/api/v1/tenants/acme/pause", key: t.rootKey, body });
  const resume = () => t.call({ method: "POST", url: "/api/v1/tenants/acme/resume", key: t.rootKey });

  const writes: readonly [string, "POST" | "PUT" | "PATCH" | "DELETE", string, unknown][] = [
    ["create a user", "POST", "/Users", { schemas: [USER], userName: "new@x.io" }],
    ["replace a user", "PUT", "/Users/kept@x.io", { schemas: [USER], userName: "kept@x.io" }],
    [
      "patch a user",
      "PATCH",
      "/Users/kept@x.io",
      { schemas: [PATCH], Operations: [{ op: "replace", path: "active", value: false }] },
    ],
    ["delete a user", "DELETE", "/Users/kept@x.io", undefined],
    ["create a group", "POST", "/Groups", { schemas: [GROUP], displayName: "New" }],
    ["replace a group", "PUT", "/Groups/kept", { schemas: [GROUP], displayName: "Kept" }],
    [
      "patch a group",
      "PATCH",
      "/Groups/kept",
      { schemas: [PATCH], Operations: [{ op: "replace", path: "displayName", value: "K" }] },
    ],
    ["delete a group", "DELETE", "/Groups/kept", undefined],
    ["run a Bulk", "POST", "/Bulk", { schemas: [BULK], Operations: [{ method: "DELETE", path: "/Users/kept@x.io" }] }],
  ];

  describe("while paused", () => {
    beforeAll(async () => {
      const response = await pause();
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ Id: "acme", Paused: true, RetryAfterSeconds: 300 });
    });

    it.each(writes)("refuses to %s: 503 with a SCIM error and Retry-After 300", async (_name, method, url, body) => {
      const response = await t.call({
        method,
        url: `${BASE}${url}`,
        key: TOKEN,
        body,
        headers: body === undefined ? {} : { "content-type": "application/scim+json" },
      });
      expect(response.statusCode).toBe(503);
      expect(response.headers["retry-after"]).toBe("300");
      expect(response.headers["content-type"]).toBe("application/scim+json; charset=utf-8");
      expect(response.json()).toMatchObject({
        schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
        status: "503",
      });
    });

    it("changed nothing", async () => {
      const user = await t.call({ url: `${BASE}/Users/kept@x.io`, key: TOKEN });
      expect(user.json()).toMatchObject({ userName: "kept@x.io", active: true });
      expect((await t.call({ url: `${BASE}/Groups/kept`, key: TOKEN })).json()).toMatchObject({ displayName: "Kept" });
      expect((await t.call({ url: `${BASE}/Users/new@x.io`, key: TOKEN })).statusCode).toBe(404);
    });

    it.each(["/Users", "/Groups", "/Users/kept@x.io", "/Groups/kept", "/ServiceProviderConfig"])(
      "answers GET %s",
      async (url) => {
        expect((await t.call({ url: `${BASE}${url}`, key: TOKEN })).statusCode).toBe(200);
      },
    );

    it.each(["/.search", "/Users/.search", "/Groups/.search"])("answers POST %s", async (url) => {
      const response = await t.call({
        method: "POST",
        url: `${BASE}${url}`,
        key: TOKEN,
        body: { schemas: [SEARCH] },
        headers: { "content-type": "application/scim+json" },
      });
      expect(response.statusCode).toBe(200);
    });

    it("still asks for a token first: a paused tenant's writes without one are 401", async () => {
      const response = await t.call({ method: "DELETE", url: `${BASE}/Users/kept@x.io` });
      expect(response.statusCode).toBe(401);
    });

    it("shows Paused in the tenant and takes a new Retry-After", async () => {
      const response = await pause({ RetryAfterSeconds: 42 });
      expect(response.json()).toMatchObject({ Paused: true, RetryAfterSeconds: 42 });
      const write = await t.call({ method: "DELETE", url: `${BASE}/Users/kept@x.io`, key: TOKEN });
      expect(write.statusCode).toBe(503);
      expect(write.headers["retry-after"]).toBe("42");
    });

    it("keeps the management API's own writes open", async () => {
      const response = await t.call({
        method: "POST",
        url: "/api/v1/tenants/acme/roles",
        key: t.rootKey,
        body: { DisplayName: "By Hand" },
      });
      expect(response.statusCode).toBe(201);
    });
  });

  describe("after resume", () => {
    beforeAll(async () => {
      const response = await resume();
      expect(response.json()).toMatchObject({ Paused: false, RetryAfterSeconds: null, PausedAt: null });
    });

    it("writes at once", async () => {
      const response = await t.call({
        method: "PATCH",
        url: `${BASE}/Users/kept@x.io`,
        key: TOKEN,
        body: { schemas: [PATCH], Operations: [{ op: "replace", path: "displayName", value: "Kept" }] },
        headers: { "content-type": "application/scim+json" },
      });
      expect(response.statusCode).toBe(200);
    });
  });

  it.each([0, 86_401, 1.5, "60"])("refuses RetryAfterSeconds %j with a 400 naming it", async (value) => {
    const response = await pause({ RetryAfterSeconds: value });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ errors: [{ field: "RetryAfterSeconds" }] });
  });
});
