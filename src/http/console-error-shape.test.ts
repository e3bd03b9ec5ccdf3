/** The console's error shape on every layer that can refuse a request: HTML pages, never SCIM or problem+json. */
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RosterError } from "../protocol/errors.ts";
import { errorResponse, surfaceErrorBody } from "./error-response.ts";
import { CONTENT_SECURITY_POLICY } from "./html-page-headers.ts";
import { rawExchange } from "./raw-http-client.ts";
import { type TestApp, testApp } from "./test-app.ts";

describe("surfaceErrorBody on the console", () => {
  it("is an HTML page with the detail escaped and the security headers", () => {
    const response = errorResponse(new RosterError("notFound", "no <such> page"));
    const shaped = surfaceErrorBody("console", response);
    expect(shaped.contentType).toBe("text/html; charset=utf-8");
    expect(typeof shaped.body).toBe("string");
    expect(shaped.body).toMatch(/^<!doctype html>/);
    expect(shaped.body).toContain("<h1>Not Found</h1>");
    expect(shaped.body).toContain("no &lt;such&gt; page");
    expect(shaped.headers).toMatchObject({
      "content-security-policy": CONTENT_SECURITY_POLICY,
      "x-frame-options": "DENY",
      "cache-control": "no-store",
    });
  });

  it("keeps the other surfaces' shapes without extra headers", () => {
    const response = errorResponse(new RosterError("notFound", "gone"));
    expect(surfaceErrorBody("api", response).headers).toBeUndefined();
    expect(surfaceErrorBody("scim", response).headers).toBeUndefined();
  });
});

describe("refusals below routing under /console (real sockets)", () => {
  let t: TestApp;
  let port = 0;

  beforeAll(async () => {
    t = await testApp();
    await t.app.listen({ port: 0, host: "127.0.0.1" });
    port = (t.app.server.address() as AddressInfo).port;
  });
  afterAll(() => t.close());

  it("answers headers over node's limit with an HTML 431 page that quotes nothing", async () => {
    const exchange = await rawExchange(port, [
      ["GET /console/tenants/acme HTTP/1.1", "Host: roster.test", `X-Big: ${"a".repeat(20000)}`, "", ""].join("\r\n"),
    ]);
    expect(exchange.status).toBe(431);
    expect(exchange.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(exchange.headers["content-security-policy"]).toBe(CONTENT_SECURITY_POLICY);
    expect(exchange.headers["x-frame-options"]).toBe("DENY");
    expect(exchange.body).toMatch(/^<!doctype html>/);
    expect(exchange.body).toContain("431");
    expect(exchange.body).not.toContain("aaaa");
    expect(exchange.closedByServer).toBe(true);
  });

  it("answers a malformed percent-encoding with an HTML 400 page", async () => {
    const exchange = await rawExchange(port, [
      ["GET /console/tenants/%ZZ HTTP/1.1", "Host: roster.test", "Connection: close", "", ""].join("\r\n"),
    ]);
    expect(exchange.status).toBe(400);
    expect(exchange.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(exchange.headers["content-security-policy"]).toBe(CONTENT_SECURITY_POLICY);
    expect(exchange.body).not.toContain("%ZZ");
  });
});
