/** RFC 7644 §3.4.2 list semantics over HTTP: paging bounds, count=0, sorting, filter caps. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer, type TestApp, testApp } from "./test-app.ts";

const TOKEN = "bGlzdC1zZW1hbnRpY3MtdGVzdC10b2tlbi0wMTIz";
const BASE = "/scim/v2/acme/EntraID";
const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const NAMES = ["carol", "alice", "erin", "bob", "dave"];

describe("list semantics", () => {
  let t: TestApp;
  const get = (path: string) => t.app.inject({ method: "GET", url: `${BASE}${path}`, headers: bearer(TOKEN) });

  beforeAll(async () => {
    t = await testApp({ config: { maxResults: 3 } });
    await t.addTenant("acme", TOKEN);
    for (const name of NAMES) {
      const response = await t.app.inject({
        method: "POST",
        url: `${BASE}/Users`,
        headers: { ...bearer(TOKEN), "content-type": "application/scim+json" },
        payload: JSON.stringify({ schemas: [USER], userName: name, emails: [{ value: `${name}@x.io`, type: "work" }] }),
      });
      expect(response.statusCode).toBe(201);
    }
  });
  afterAll(() => t.close());

  it("answers count=0 with the total only", async () => {
    const body = (await get("/Users?count=0")).json();
    expect(body).toMatchObject({ totalResults: 5, itemsPerPage: 0 });
    expect(body.Resources ?? []).toEqual([]);
  });

  it("caps count at the advertised maxResults", async () => {
    const config = (await get("/ServiceProviderConfig")).json();
    expect(config.filter).toMatchObject({ supported: true, maxResults: 3 });
    const body = (await get("/Users?count=1000")).json();
    expect(body).toMatchObject({ totalResults: 5, itemsPerPage: 3, startIndex: 1 });
    expect(body.Resources).toHaveLength(3);
  });

  it("pages 1-based in a stable order, with integer paging fields", async () => {
    const first = (await get("/Users?startIndex=1&count=2")).json();
    const second = (await get("/Users?startIndex=3&count=2")).json();
    const third = (await get("/Users?startIndex=5&count=2")).json();
    const ids = [...first.Resources, ...second.Resources, ...third.Resources].map(
      (u: { userName: string }) => u.userName,
    );
    expect(ids).toEqual(NAMES);
    expect(second).toMatchObject({ totalResults: 5, startIndex: 3, itemsPerPage: 2 });
    expect(Number.isInteger(second.totalResults) && Number.isInteger(second.startIndex)).toBe(true);
    expect((await get("/Users?startIndex=9")).json()).toMatchObject({ totalResults: 5, itemsPerPage: 0 });
  });

  it("sorts by an attribute in either order", async () => {
    const ascending = (await get("/Users?sortBy=userName&count=3")).json();
    expect(ascending.Resources.map((u: { userName: string }) => u.userName)).toEqual(["alice", "bob", "carol"]);
    const descending = (await get("/Users?sortBy=emails&sortOrder=DESCENDING&count=3")).json();
    expect(descending.Resources.map((u: { userName: string }) => u.userName)).toEqual(["erin", "dave", "carol"]);
  });

  it.each([
    ["a filter longer than the cap", `userName eq "${"x".repeat(5000)}"`],
    ["a filter nested deeper than the cap", `${"(".repeat(200)}userName eq "x"${")".repeat(200)}`],
    ["an unknown attribute", 'shoeSize eq "44"'],
    ["a malformed filter", "userName eq"],
  ])("refuses %s with 400 invalidFilter", async (_case, filter) => {
    const response = await get(`/Users?filter=${encodeURIComponent(filter)}`);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ status: "400", scimType: "invalidFilter" });
  });

  it("refuses a non-integer count or startIndex with 400 invalidValue", async () => {
    for (const query of ["count=ten", "startIndex=1.5"]) {
      const response = await get(`/Users?${query}`);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ scimType: "invalidValue" });
    }
  });
});
