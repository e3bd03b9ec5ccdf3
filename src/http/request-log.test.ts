import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryParameterNames, tenantBindings } from "./request-log.ts";
import { bearer, type TestApp, testApp } from "./test-app.ts";

const TOKEN = "cmVxdWVzdC1sb2ctdGVzdHMtdG9rZW4tMDEyMzQ1";
const USER = { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "jane.doe@example.com" };

describe("request log lines", () => {
  let t: TestApp;
  let lines: string[] = [];
  const entries = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  const requestLines = () => entries().filter((entry) => entry["msg"] === "request");

  beforeAll(async () => {
    t = await testApp({ config: { logLevel: "info" }, logStream: { write: (line) => lines.push(line) } });
    await t.addTenant("acme", TOKEN);
  });
  afterAll(() => t.close());

  const scim = (method: "GET" | "POST", url: string, payload?: object) =>
    t.app.inject({ method, url: `/scim/v2/acme/Okta${url}`, headers: bearer(TOKEN), ...(payload ? { payload } : {}) });

  it("logs the route template, tenant, provider and parameter names, never a filter value", async () => {
    lines = [];
    const response = await scim("GET", `/Users?filter=${encodeURIComponent('password eq "Hunter2-secret"')}&count=5`);
    expect(response.statusCode).toBe(400);
    const all = lines.join("");
    expect(all).not.toContain("Hunter2");
    expect(all).not.toContain("password");
    expect(requestLines()).toEqual([
      expect.objectContaining({
        level: 30,
        surface: "scim",
        method: "GET",
        route: "/scim/v2/:tenantId/:provider/Users",
        tenant: "acme",
        provider: "Okta",
        query: ["filter", "count"],
        status: 400,
        requestId: expect.any(String),
        ms: expect.any(Number),
      }),
    ]);
  });

  it("never logs the email in a path, nor the raw URL", async () => {
    await scim("POST", "/Users", USER);
    lines = [];
    expect((await scim("GET", "/Users/jane.doe%40example.com")).statusCode).toBe(200);
    expect((await scim("GET", "/Users/nobody%40example.com/extra")).statusCode).toBe(404);
    const all = lines.join("");
    expect(all).not.toContain("jane");
    expect(all).not.toContain("nobody");
    expect(requestLines().map((entry) => [entry["route"], entry["status"]])).toEqual([
      ["/scim/v2/:tenantId/:provider/Users/:id", 200],
      [null, 404],
    ]);
  });

  it("puts tenant and provider on every line of a request, the refusal included", async () => {
    lines = [];
    await t.app.inject({
      method: "GET",
      url: "/scim/v2/acme/Entra_ID/Groups",
      headers: bearer("wrong-token-0123456789"),
    });
    expect(requestLines()).toEqual([expect.objectContaining({ tenant: "acme", provider: "Entra_ID", status: 401 })]);
  });

  it("logs successful probes at debug only", async () => {
    lines = [];
    await t.app.inject({ method: "GET", url: "/livez" });
    await t.app.inject({ method: "GET", url: "/healthz" });
    expect(requestLines()).toEqual([]);
  });

  it("logs the same request id that the response carries", async () => {
    lines = [];
    const response = await t.app.inject({
      method: "GET",
      url: "/scim/v2/acme/Okta/Groups",
      headers: { ...bearer(TOKEN), "x-request-id": "trace-42" },
    });
    expect(response.headers["x-request-id"]).toBe("trace-42");
    expect(requestLines()).toEqual([expect.objectContaining({ requestId: "trace-42", status: 200 })]);
  });
});

describe("log line fields", () => {
  it("keeps only well-formed tenant and provider names", () => {
    expect(tenantBindings({ tenantId: "acme", provider: "Okta" })).toEqual({ tenant: "acme", provider: "Okta" });
    expect(tenantBindings({ tenantId: "a b\n", provider: "x@y.com" })).toBeUndefined();
    expect(tenantBindings({ tenantId: "acme", provider: "x@y.com" })).toEqual({ tenant: "acme" });
    expect(tenantBindings(null)).toBeUndefined();
  });

  it("lists parameter names, drops malformed ones, never values", () => {
    expect(queryParameterNames("/x?filter=a&count=1", { filter: "a", count: "1" })).toEqual(["filter", "count"]);
    expect(queryParameterNames("/x?jane@example.com=1", { "jane@example.com": "1" })).toBeUndefined();
    expect(queryParameterNames("/x", {})).toBeUndefined();
  });
});
