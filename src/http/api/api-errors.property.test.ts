/**
 * Whatever a client sends the management API, it answers with success or a problem+json
 * error naming what was wrong, never a 500: random JSON bodies, random path segments and query
 * strings at every write route; plus the body-level failures (not JSON, too large, empty).
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiTestApp, apiTestApp, problemFields } from "./api-test-kit.ts";

const WRITES: readonly ["POST" | "PATCH" | "PUT" | "DELETE", string][] = [
  ["POST", "/api/v1/admin-keys"],
  ["POST", "/api/v1/tenants"],
  ["PATCH", "/api/v1/tenants/acme"],
  ["POST", "/api/v1/tenants/acme/pause"],
  ["POST", "/api/v1/tenants/acme/scim-tokens"],
  ["POST", "/api/v1/tenants/acme/users"],
  ["PATCH", "/api/v1/tenants/acme/users/pat%40x.io"],
  ["PUT", "/api/v1/tenants/acme/users/pat%40x.io/roles/sales"],
  ["POST", "/api/v1/tenants/acme/roles"],
  ["PATCH", "/api/v1/tenants/acme/roles/sales"],
  ["PUT", "/api/v1/tenants/acme/roles/sales/roles/staff"],
];

const field = fc.constantFrom(
  "Email",
  "FirstName",
  "Phone",
  "Active",
  "Settings",
  "DisplayName",
  "Name",
  "Tenant",
  "ReadOnly",
  "Hash",
  "ExpiresAt",
  "Bytes",
  "RetryAfterSeconds",
  "Id",
  "__proto__",
  "constructor",
);
const body = fc.oneof(
  fc.dictionary(field, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 }),
  fc.record({ Settings: fc.dictionary(fc.string({ maxLength: 30 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }) }),
  fc.jsonValue({ maxDepth: 2 }),
);

describe("the management API never answers a client's mistake with a 500", () => {
  let t: ApiTestApp;

  beforeAll(async () => {
    t = await apiTestApp("sqlite");
    await t.addTenant("acme");
    await t.call({ method: "POST", url: "/api/v1/tenants/acme/users", key: t.rootKey, body: { Email: "pat@x.io" } });
    for (const name of ["Sales", "Staff"]) {
      await t.call({ method: "POST", url: "/api/v1/tenants/acme/roles", key: t.rootKey, body: { DisplayName: name } });
    }
  });
  afterAll(() => t.close());

  it("answers random JSON bodies at every write route with 2xx or a problem", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...WRITES), body, async ([method, url], payload) => {
        const response = await t.call({
          method,
          url,
          key: t.rootKey,
          body: JSON.stringify(payload),
          headers: { "content-type": "application/json" },
        });
        expect(response.statusCode).toBeLessThan(500);
        if (response.statusCode >= 400) {
          expect(response.headers["content-type"]).toMatch(/^application\/problem\+json/);
          expect(response.json()).toMatchObject({ status: response.statusCode, type: expect.stringMatching(/^urn:/) });
        }
      }),
      { numRuns: 300 },
    );
  });

  it("answers random path segments and query strings with a problem, never a 500", async () => {
    const segment = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom("%", "%E0%A4%A", "%00", "..", "%2F", "a%"));
    await fc.assert(
      fc.asyncProperty(segment, segment, fc.string({ maxLength: 40 }), async (tenant, user, query) => {
        const url = `/api/v1/tenants/${tenant.replace(/[/?#]/g, "")}/users/${user.replace(/[/?#]/g, "")}/access?${query.replace(/#/g, "")}`;
        const response = await t.call({ url, key: t.rootKey });
        expect(response.statusCode).toBeLessThan(500);
        if (response.statusCode >= 400) expect(response.headers["content-type"]).toMatch(/^application\/problem\+json/);
      }),
      { numRuns: 300 },
    );
  });

  it("refuses a body that is not JSON, broken JSON and a body too large, naming the body", async () => {
    const wrongType = await t.call({
      method: "POST",
      url: "/api/v1/tenants",
      key: t.rootKey,
      body: "Id=x",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(wrongType.statusCode).toBe(415);
    expect(wrongType.json()).toMatchObject({ type: "urn:roster:problem:unsupported-media-type" });
    const broken = await t.call({
      method: "POST",
      url: "/api/v1/tenants",
      key: t.rootKey,
      body: "{",
      headers: { "content-type": "application/json" },
    });
    expect(broken.statusCode).toBe(400);
    expect(problemFields(broken)).toEqual(["body"]);
    const large = await t.call({
      method: "POST",
      url: "/api/v1/tenants",
      key: t.rootKey,
      body: JSON.stringify({ Id: "x".repeat(2 * 1024 * 1024) }),
      headers: { "content-type": "application/json" },
    });
    expect(large.statusCode).toBe(413);
    expect(large.json()).toMatchObject({ type: "urn:roster:problem:payload-too-large" });
  });

  it("answers an unknown API route with a problem 404, and SCIM keeps its own error bodies", async () => {
    const api = await t.call({ url: "/api/v1/nowhere", key: t.rootKey });
    expect(api.statusCode).toBe(404);
    expect(api.json()).toMatchObject({ type: "urn:roster:problem:not-found" });
    const scim = await t.call({ url: "/scim/v2/acme/Okta/Users/a%E0%A4%A" });
    expect(scim.statusCode).toBe(400);
    expect(scim.json()).toMatchObject({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"] });
  });
});
