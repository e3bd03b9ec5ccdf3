import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer, type TestApp, testApp } from "./test-app.ts";

const TOKEN = "c2VhcmNoLXJvdXRlcy10ZXN0cy10b2tlbi0wMTIz";
const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
const SEARCH = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";
const BASE = "/scim/v2/acme/EntraID";

describe("POST /.search (RFC 7644 §3.4.3)", () => {
  let t: TestApp;

  const send = (
    method: "GET" | "POST" | "PUT",
    path: string,
    payload?: unknown,
    contentType = "application/scim+json",
  ) =>
    t.app.inject({
      method,
      url: `${BASE}${path}`,
      headers: { ...bearer(TOKEN), ...(payload === undefined ? {} : { "content-type": contentType }) },
      ...(payload === undefined ? {} : { payload: typeof payload === "string" ? payload : JSON.stringify(payload) }),
    });
  const search = (path: string, body: Record<string, unknown>) => send("POST", path, { schemas: [SEARCH], ...body });
  const ids = (body: { Resources: { id: string }[] }) => body.Resources.map((r) => r.id);

  beforeAll(async () => {
    t = await testApp({ config: { maxResults: 50 } });
    await t.addTenant("acme", TOKEN);
    for (const [userName, displayName] of [
      ["jsmith@example.com", "Smith, James"],
      ["ajones@example.com", "Jones, Ann"],
      ["bsmith@example.com", "Smith, Beth"],
    ]) {
      const user = { schemas: [USER], userName, displayName, emails: [{ value: userName, primary: true }] };
      expect((await send("POST", "/Users", user)).statusCode).toBe(201);
    }
    for (const displayName of ["Smith Family", "Admins"]) {
      expect((await send("POST", "/Groups", { schemas: [GROUP], displayName })).statusCode).toBe(201);
    }
  });
  afterAll(() => t.close());

  it("searches Users and Groups together at the root, as RFC 7644 Figure 4 asks", async () => {
    const response = await search("/.search", {
      attributes: ["displayName", "userName"],
      filter: 'displayName sw "smith"',
      startIndex: 1,
      count: 10,
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("application/scim+json; charset=utf-8");
    expect(response.json()).toEqual({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
      totalResults: 3,
      startIndex: 1,
      itemsPerPage: 3,
      Resources: [
        { schemas: [USER], id: "jsmith@example.com", userName: "jsmith@example.com", displayName: "Smith, James" },
        { schemas: [USER], id: "bsmith@example.com", userName: "bsmith@example.com", displayName: "Smith, Beth" },
        { schemas: [GROUP], id: "smithfamily", displayName: "Smith Family" },
      ],
    });
  });

  it("pages the root list by index across Users and Groups", async () => {
    const body = (await search("/.search", { startIndex: 3, count: 2 })).json();
    expect([ids(body), body.totalResults, body.startIndex, body.itemsPerPage]).toEqual([
      ["bsmith@example.com", "smithfamily"],
      5,
      3,
      2,
    ]);
  });

  it("searches one resource type at /Users/.search and /Groups/.search", async () => {
    const users = (
      await search("/Users/.search", { filter: 'userName ew "smith@example.com"', sortBy: "userName" })
    ).json();
    expect(ids(users)).toEqual(["bsmith@example.com", "jsmith@example.com"]);
    const groups = (await search("/Groups/.search", { excludedAttributes: "members", count: 1 })).json();
    expect([ids(groups), groups.totalResults]).toEqual([["smithfamily"], 2]);
    const descending = (await search("/Groups/.search", { sortBy: "displayName", sortOrder: "descending" })).json();
    expect(ids(descending)).toEqual(["smithfamily", "admins"]);
  });

  it("accepts application/json and member names in any case", async () => {
    const response = await send(
      "POST",
      "/Users/.search",
      { SCHEMAS: [SEARCH], Filter: 'userName eq "ajones@example.com"', ATTRIBUTES: "userName" },
      "application/json",
    );
    expect(response.statusCode).toBe(200);
    expect(response.json().Resources).toEqual([
      { schemas: [USER], id: "ajones@example.com", userName: "ajones@example.com" },
    ]);
  });

  it.each([
    ["/.search", { filter: 'userName eq "x"' }],
    ["/Users/.search", { schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"] }],
    ["/Groups/.search", []],
  ])("refuses %s without the SearchRequest schema: 400 invalidSyntax", async (path, body) => {
    const response = await send("POST", path, body);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ status: "400", scimType: "invalidSyntax" });
  });

  it.each([
    ["/.search", { filter: "nothing eq 1" }, "invalidFilter"],
    ["/Users/.search", { filter: 'userName eq "x" and' }, "invalidFilter"],
    ["/Users/.search", { filter: 42 }, "invalidFilter"],
    ["/Groups/.search", { count: "many" }, "invalidValue"],
    ["/Users/.search", { sortBy: "nothing" }, "invalidValue"],
    ["/.search", { sortBy: "nothing" }, "invalidValue"],
    ["/Users/.search", { sortOrder: "sideways" }, "invalidValue"],
    ["/.search", { attributes: [1, 2] }, "invalidValue"],
  ])("refuses %s %j with %s", async (path, body, scimType) => {
    const response = await search(path, body);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ status: "400", scimType });
  });

  it("refuses a body that is not JSON", async () => {
    const response = await send("POST", "/.search", "{nope");
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ scimType: "invalidSyntax" });
  });

  it("answers other methods on the search endpoints with 405", async () => {
    for (const path of ["/.search", "/Users/.search", "/Groups/.search"]) {
      const response = await send("GET", path);
      expect(response.statusCode).toBe(405);
      expect(response.headers["allow"]).toBe("POST");
    }
  });

  it("requires the token", async () => {
    const response = await t.app.inject({
      method: "POST",
      url: `${BASE}/.search`,
      headers: { "content-type": "application/scim+json" },
      payload: JSON.stringify({ schemas: [SEARCH] }),
    });
    expect(response.statusCode).toBe(401);
  });
});
