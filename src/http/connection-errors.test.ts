import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../config.ts";
import type { ScimContext } from "../domain/scim-operations.ts";
import { ScimService } from "../domain/scim-service.ts";
import type { ScimObject } from "../protocol/resource/scim-object.ts";
import { MAX_PATH_SEGMENT_LENGTH } from "./build-app.ts";
import { rawExchange } from "./raw-http-client.ts";
import { type TestApp, testApp } from "./test-app.ts";

const TOKEN = "Y29ubmVjdGlvbi1lcnJvcnMtdG9rZW4tMDEyMzQ1";
const SCIM_ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";
const SCIM_TYPE = "application/scim+json; charset=utf-8";
const USERS = "/scim/v2/acme/Okta/Users";

/** A domain whose user creation takes a while: the body timeout must not cut a request being handled. */
class SlowScim extends ScimService {
  override async createUser(ctx: ScimContext, resource: ScimObject): Promise<ScimObject> {
    await new Promise((wait) => setTimeout(wait, 700));
    return super.createUser(ctx, resource);
  }
}

async function listening(config: Partial<Config>): Promise<{ t: TestApp; port: number }> {
  const t = await testApp({ config, scim: (store) => new SlowScim(store) });
  await t.addTenant("acme", TOKEN);
  await t.app.listen({ port: 0, host: "127.0.0.1" });
  return { t, port: (t.app.server.address() as AddressInfo).port };
}

function request(method: string, path: string, headers: readonly string[] = []): string {
  return [`${method} ${path} HTTP/1.1`, "Host: roster.test", ...headers, "", ""].join("\r\n");
}

describe("refusals below fastify's routing (real sockets)", () => {
  let t: TestApp;
  let port: number;

  beforeAll(async () => {
    ({ t, port } = await listening({}));
  });
  afterAll(() => t.close());

  it("answers headers over node's limit under /scim with a SCIM 431 that quotes nothing", async () => {
    const exchange = await rawExchange(port, [
      request("GET", `${USERS}/jane@example.com`, [`X-Big: ${"a".repeat(20000)}`]),
    ]);
    expect(exchange.status).toBe(431);
    expect(exchange.headers["content-type"]).toBe(SCIM_TYPE);
    expect(JSON.parse(exchange.body)).toEqual({ schemas: [SCIM_ERROR], status: "431", detail: expect.any(String) });
    expect(exchange.body).not.toContain("jane");
    expect(exchange.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(exchange.closedByServer).toBe(true);
  });

  it("answers a request line over the limit under /scim with a SCIM 414", async () => {
    const exchange = await rawExchange(port, [request("GET", `${USERS}/${"j".repeat(20000)}@example.com`)]);
    expect(exchange.status).toBe(414);
    expect(JSON.parse(exchange.body)).toMatchObject({ schemas: [SCIM_ERROR], status: "414" });
    expect(exchange.body).not.toContain("jjj");
  });

  it("answers the management API's oversized headers with a problem, and other paths with plain JSON", async () => {
    const big = `X-Big: ${"a".repeat(20000)}`;
    const api = await rawExchange(port, [request("GET", "/api/v1/tenants", [big])]);
    expect(api.status).toBe(431);
    expect(api.headers["content-type"]).toBe("application/problem+json; charset=utf-8");
    expect(JSON.parse(api.body)).toMatchObject({ type: "urn:roster:problem:headers-too-large", status: 431 });
    const other = await rawExchange(port, [request("GET", "/healthz", [big])]);
    expect(other.status).toBe(431);
    expect(other.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(JSON.parse(other.body)).toEqual({ error: "Request Header Fields Too Large", message: expect.any(String) });
  });

  it("answers a path segment longer than the router takes with a SCIM 414 that quotes nothing", async () => {
    const exchange = await rawExchange(port, [
      request("GET", `${USERS}/${"k".repeat(MAX_PATH_SEGMENT_LENGTH + 1)}`, ["Connection: close"]),
    ]);
    expect(exchange.status).toBe(414);
    expect(exchange.headers["content-type"]).toBe(SCIM_TYPE);
    expect(JSON.parse(exchange.body)).toMatchObject({ schemas: [SCIM_ERROR], status: "414" });
    expect(exchange.body).not.toContain("kkk");
    expect(exchange.headers["x-request-id"]).toBeDefined();
  });

  it("answers a malformed percent-encoding under /scim with a SCIM 400 that quotes nothing", async () => {
    const exchange = await rawExchange(port, [request("GET", `${USERS}/jane%ZZ`, ["Connection: close"])]);
    expect(exchange.status).toBe(400);
    expect(exchange.headers["content-type"]).toBe(SCIM_TYPE);
    expect(JSON.parse(exchange.body)).toMatchObject({ schemas: [SCIM_ERROR], status: "400" });
    expect(exchange.body).not.toContain("jane");
    expect(exchange.body).not.toContain("%ZZ");
  });

  it("answers bytes that are not HTTP with 400 and closes", async () => {
    const exchange = await rawExchange(port, ["NOT HTTP AT ALL\r\n\r\n"]);
    expect(exchange.status).toBe(400);
    expect(JSON.parse(exchange.body)).toMatchObject({ schemas: [SCIM_ERROR], status: "400" });
    expect(exchange.closedByServer).toBe(true);
  });
});

describe("server timeouts (real sockets)", () => {
  let t: TestApp;
  let port: number;

  beforeAll(async () => {
    ({ t, port } = await listening({
      headersTimeoutMs: 300,
      bodyTimeoutMs: 300,
      requestTimeoutMs: 1500,
      keepAliveTimeoutMs: 300,
    }));
  });
  afterAll(() => t.close());

  it("closes a connection whose headers arrive slowly with a SCIM 408", async () => {
    const trickle = Array.from({ length: 40 }, (_, i) => [`X-Slow-${i}: 1\r\n`, 100]).flat();
    const exchange = await rawExchange(port, [`GET ${USERS} HTTP/1.1\r\n`, ...trickle], 4000);
    expect(exchange.closedByServer).toBe(true);
    expect(exchange.elapsedMs).toBeLessThan(2000);
    expect(exchange.status).toBe(408);
    expect(JSON.parse(exchange.body)).toMatchObject({ schemas: [SCIM_ERROR], status: "408" });
  });

  it("closes a connection that never sends a byte", async () => {
    const exchange = await rawExchange(port, [], 4000);
    expect(exchange.closedByServer).toBe(true);
    expect(exchange.elapsedMs).toBeLessThan(2000);
  });

  const postHead = (length: number) =>
    request("POST", USERS, [
      `Authorization: Bearer ${TOKEN}`,
      "Content-Type: application/scim+json",
      `Content-Length: ${length}`,
    ]);

  it("closes a request whose body stops arriving with a SCIM 408, long before the request timeout", async () => {
    const exchange = await rawExchange(port, [postHead(200), '{"schemas":'], 4000);
    expect(exchange.closedByServer).toBe(true);
    expect(exchange.elapsedMs).toBeLessThan(1200);
    expect(exchange.status).toBe(408);
    expect(JSON.parse(exchange.body)).toMatchObject({ schemas: [SCIM_ERROR], status: "408" });
  });

  it("closes a request whose body trickles in for longer than the request timeout", async () => {
    const trickle = Array.from({ length: 60 }, () => [" ", 100]).flat();
    const exchange = await rawExchange(port, [postHead(500), "{", ...trickle], 5000);
    expect(exchange.closedByServer).toBe(true);
    expect(exchange.elapsedMs).toBeGreaterThanOrEqual(1400);
    expect(exchange.elapsedMs).toBeLessThan(3500);
    expect(exchange.status).toBe(408);
  });

  it("lets a request whose body has arrived take longer than the body timeout", async () => {
    const body = JSON.stringify({
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName: "slow@example.com",
    });
    const exchange = await rawExchange(port, [postHead(Buffer.byteLength(body)) + body], 4000);
    expect(exchange.status).toBe(201);
  });

  it("closes an idle keep-alive connection after the keep-alive timeout", async () => {
    const exchange = await rawExchange(port, [request("GET", "/livez")], 4000);
    expect(exchange.status).toBe(200);
    expect(exchange.closedByServer).toBe(true);
    expect(exchange.elapsedMs).toBeLessThan(2000);
  });
});

describe("requests that arrive while the server shuts down (real sockets)", () => {
  it("answer a SCIM 503 with Connection: close, while the request in flight finishes", async () => {
    const { t, port } = await listening({});
    const body = JSON.stringify({
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName: "last@example.com",
    });
    const slow = request("POST", USERS, [
      `Authorization: Bearer ${TOKEN}`,
      "Content-Type: application/scim+json",
      `Content-Length: ${Buffer.byteLength(body)}`,
    ]);
    // The first request takes 700 ms; the second has begun (so its connection is not idle) but
    // its headers end only once the server has started closing.
    const inFlight = rawExchange(port, [slow + body], 5000);
    const late = rawExchange(port, [
      `GET ${USERS} HTTP/1.1\r\nHost: roster.test\r\n`,
      400,
      `Authorization: Bearer ${TOKEN}\r\n\r\n`,
    ]);
    await new Promise((wait) => setTimeout(wait, 150));
    const closed = t.close();
    const [first, second] = await Promise.all([inFlight, late]);
    await closed;
    expect(first.status).toBe(201);
    expect(second.status).toBe(503);
    expect(second.headers["connection"]).toBe("close");
    expect(second.headers["content-type"]).toBe(SCIM_TYPE);
    expect(JSON.parse(second.body)).toMatchObject({ schemas: [SCIM_ERROR], status: "503" });
  });
});
