import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer, type TestApp, testApp } from "./test-app.ts";

const TOKEN = "YnVsay1yb3V0ZXMtdGVzdHMtdG9rZW4tMDEyMzQ1";
const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
const BULK = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
const ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";
const BASE = "/scim/v2/acme/EntraID";
const BODY_LIMIT = 64 * 1024;

describe("POST /Bulk (RFC 7644 §3.7)", () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await testApp({ config: { bodyLimit: BODY_LIMIT, publicBaseUrl: "https://roster.example.com" } });
    await t.addTenant("acme", TOKEN);
  });
  afterAll(() => t.close());

  const post = (payload: unknown, headers: Record<string, string> = bearer(TOKEN)) =>
    t.app.inject({
      method: "POST",
      url: `${BASE}/Bulk`,
      headers: { ...headers, "content-type": "application/scim+json" },
      payload: typeof payload === "string" ? payload : JSON.stringify(payload),
    });
  const bulk = (operations: unknown[], extra: Record<string, unknown> = {}) =>
    post({ schemas: [BULK], Operations: operations, ...extra });

  it("runs the RFC 7644 §3.7.2 example: a user and a group holding it", async () => {
    const response = await bulk([
      { method: "POST", path: "/Users", bulkId: "qwerty", data: { schemas: [USER], userName: "Alice" } },
      {
        method: "POST",
        path: "/Groups",
        bulkId: "ytrewq",
        data: { schemas: [GROUP], displayName: "Tour Guides", members: [{ type: "User", value: "bulkId:qwerty" }] },
      },
    ]);
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("application/scim+json; charset=utf-8");
    expect(response.json()).toEqual({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:BulkResponse"],
      Operations: [
        {
          location: `https://roster.example.com${BASE}/Users/Alice`,
          method: "POST",
          bulkId: "qwerty",
          version: 'W/"1"',
          status: "201",
        },
        {
          location: `https://roster.example.com${BASE}/Groups/tourguides`,
          method: "POST",
          bulkId: "ytrewq",
          version: 'W/"1"',
          status: "201",
        },
      ],
    });
    const group = await t.app.inject({ method: "GET", url: `${BASE}/Groups/tourguides`, headers: bearer(TOKEN) });
    expect(group.json().members).toMatchObject([{ value: "Alice", type: "User" }]);
  });

  it("answers each operation's error as a SCIM error, and stops at failOnErrors", async () => {
    const response = await bulk(
      [
        { method: "PUT", path: "/Users/nobody", data: { schemas: [USER], userName: "nobody" } },
        { method: "DELETE", path: "/Users/Alice", version: 'W/"7"' },
        { method: "DELETE", path: "/Users/Alice" },
      ],
      { failOnErrors: 2 },
    );
    expect(response.statusCode).toBe(200);
    expect(response.json().Operations).toEqual([
      {
        location: `https://roster.example.com${BASE}/Users/nobody`,
        method: "PUT",
        status: "404",
        response: { schemas: [ERROR], status: "404", detail: "User nobody not found" },
      },
      {
        location: `https://roster.example.com${BASE}/Users/Alice`,
        method: "DELETE",
        status: "412",
        response: expect.objectContaining({ schemas: [ERROR], status: "412" }),
      },
    ]);
    const alice = await t.app.inject({ method: "GET", url: `${BASE}/Users/Alice`, headers: bearer(TOKEN) });
    expect(alice.statusCode).toBe(200);
  });

  it("answers circular bulkId references with 409 per operation", async () => {
    const group = (name: string, bulkId: string, other: string) => ({
      method: "POST",
      path: "/Groups",
      bulkId,
      data: { schemas: [GROUP], displayName: name, members: [{ type: "Group", value: `bulkId:${other}` }] },
    });
    const response = await bulk([group("Group A", "qwerty", "ytrewq"), group("Group B", "ytrewq", "qwerty")]);
    expect(response.statusCode).toBe(200);
    const operations = response.json().Operations;
    expect(operations.map((op: { status: string }) => op.status)).toEqual(["409", "409"]);
    expect(operations[0]).toMatchObject({
      method: "POST",
      bulkId: "qwerty",
      response: { schemas: [ERROR], status: "409" },
    });
    expect(operations[0]).not.toHaveProperty("location");
  });

  it("refuses more than maxOperations with 413 and a SCIM error naming the limit", async () => {
    const operations = Array.from({ length: 1001 }, (_, i) => ({ method: "DELETE", path: `/Users/u${i}` }));
    const response = await bulk(operations);
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ schemas: [ERROR], status: "413" });
    expect(response.json().detail).toContain("maxOperations (1000)");
  });

  it("refuses a body over maxPayloadSize with 413 and a SCIM error naming the limit", async () => {
    const response = await bulk([
      { method: "POST", path: "/Users", bulkId: "big", data: { schemas: [USER], userName: "x".repeat(BODY_LIMIT) } },
    ]);
    expect(response.statusCode).toBe(413);
    expect(response.json()).toEqual({
      schemas: [ERROR],
      status: "413",
      detail: `The size of the bulk operation exceeds the maxPayloadSize (${BODY_LIMIT})`,
    });
  });

  it.each([
    ["no BulkRequest schema", { Operations: [] }, "invalidSyntax"],
    ["Operations not an array", { schemas: [BULK], Operations: "all" }, "invalidSyntax"],
    ["a bad failOnErrors", { schemas: [BULK], Operations: [], failOnErrors: -1 }, "invalidValue"],
    ["not JSON", "{", "invalidSyntax"],
  ])("refuses a request with %s: 400 %s", async (_, body, scimType) => {
    const response = await post(body);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ schemas: [ERROR], status: "400", scimType });
  });

  it("answers an empty bulk with an empty BulkResponse", async () => {
    const response = await bulk([]);
    expect(response.json()).toEqual({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:BulkResponse"],
      Operations: [],
    });
  });

  it("requires the token, and refuses other methods with 405", async () => {
    expect((await post({ schemas: [BULK], Operations: [] }, {})).statusCode).toBe(401);
    const response = await t.app.inject({ method: "GET", url: `${BASE}/Bulk`, headers: bearer(TOKEN) });
    expect(response.statusCode).toBe(405);
    expect(response.headers["allow"]).toBe("POST");
  });
});
