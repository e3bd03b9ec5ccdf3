import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer, type TestApp, testApp } from "./test-app.ts";

const TOKEN = "dXNlci1yb3V0ZXMtdGVzdHMtdG9rZW4tMDEyMzQ1";
const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const BASE = "/scim/v2/acme/Okta";

function userBody(email: string, extra: Record<string, unknown> = {}) {
  return {
    schemas: [USER],
    userName: email,
    name: { givenName: "Ada", familyName: "Lovelace" },
    emails: [{ value: email, type: "work", primary: true }],
    ...extra,
  };
}

describe("/Users", () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await testApp({ config: { maxResults: 2 } });
    await t.addTenant("acme", TOKEN);
  });
  afterAll(() => t.close());

  const send = (method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE", path: string, payload?: unknown) =>
    t.app.inject({
      method,
      url: `${BASE}${path}`,
      headers: { ...bearer(TOKEN), ...(payload === undefined ? {} : { "content-type": "application/scim+json" }) },
      ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
    });

  it("creates a user: 201, Location and ETag from meta, SCIM media type", async () => {
    const response = await send("POST", "/Users", userBody("ada@example.com"));
    expect(response.statusCode).toBe(201);
    expect(response.headers["content-type"]).toBe("application/scim+json; charset=utf-8");
    const body = response.json();
    expect(body).toMatchObject({ id: "ada@example.com", userName: "ada@example.com", schemas: [USER] });
    expect(response.headers["location"]).toBe(body.meta.location);
    expect(body.meta.location).toBe("http://localhost:80/scim/v2/acme/Okta/Users/ada%40example.com");
    expect(response.headers["etag"]).toBe(body.meta.version);
  });

  it("refuses a duplicate create with 409 uniqueness", async () => {
    await send("POST", "/Users", userBody("dup@example.com"));
    const response = await send("POST", "/Users", userBody("dup@example.com"));
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ status: "409", scimType: "uniqueness" });
  });

  it("refuses a body without the User schema with 400", async () => {
    const response = await send("POST", "/Users", { userName: "x@example.com" });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ status: "400", scimType: "invalidSyntax" });
  });

  it("reads a user by its URL-encoded id, with a projection", async () => {
    await send("POST", "/Users", userBody("grace@example.com"));
    const full = await send("GET", "/Users/grace%40example.com");
    expect(full.statusCode).toBe(200);
    expect(full.json()).toMatchObject({ id: "grace@example.com", name: { givenName: "Ada" } });
    const projected = (await send("GET", "/Users/grace%40example.com?attributes=userName")).json();
    expect(Object.keys(projected).sort()).toEqual(["id", "schemas", "userName"]);
    const excluded = (await send("GET", "/Users/grace%40example.com?excludedAttributes=emails,name")).json();
    expect(excluded.emails).toBeUndefined();
    expect(excluded.name).toBeUndefined();
    expect(excluded.userName).toBe("grace@example.com");
  });

  it("reads ids longer than the router's default parameter length", async () => {
    const email = `${"l".repeat(150)}@example.com`;
    expect((await send("POST", "/Users", userBody(email))).statusCode).toBe(201);
    expect((await send("GET", `/Users/${encodeURIComponent(email)}`)).statusCode).toBe(200);
  });

  it("answers a SCIM 404 for an unknown user", async () => {
    const response = await send("GET", "/Users/nobody%40example.com");
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ status: "404" });
  });

  it("lists with a filter, pages with count capped to maxResults, and projects", async () => {
    const filtered = (await send("GET", `/Users?filter=${encodeURIComponent('userName eq "ADA@example.com"')}`)).json();
    expect(filtered).toMatchObject({ totalResults: 1, startIndex: 1, itemsPerPage: 1 });
    expect(filtered.Resources[0].id).toBe("ada@example.com");
    const page = (await send("GET", "/Users?count=50&startIndex=2&attributes=userName")).json();
    expect(page.itemsPerPage).toBe(2);
    expect(page.startIndex).toBe(2);
    expect(page.totalResults).toBeGreaterThanOrEqual(3);
    expect(Object.keys(page.Resources[0]).sort()).toEqual(["id", "schemas", "userName"]);
  });

  it("refuses a malformed filter with 400 invalidFilter", async () => {
    const response = await send("GET", `/Users?filter=${encodeURIComponent("userName eq")}`);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ scimType: "invalidFilter" });
  });

  it("replaces a user with PUT", async () => {
    await send("POST", "/Users", userBody("put@example.com"));
    const response = await send(
      "PUT",
      "/Users/put%40example.com",
      userBody("put@example.com", { name: { givenName: "Put", familyName: "Replaced" } }),
    );
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ name: { givenName: "Put", familyName: "Replaced" } });
  });

  it("patches a user and answers 200 with the resource", async () => {
    await send("POST", "/Users", userBody("patch@example.com"));
    const response = await send("PATCH", "/Users/patch%40example.com", {
      schemas: [PATCH],
      Operations: [{ op: "Replace", path: "active", value: false }],
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ id: "patch@example.com", active: false });
  });

  it("refuses a malformed PATCH body with 400", async () => {
    const response = await send("PATCH", "/Users/ada%40example.com", { Operations: [] });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ scimType: "invalidSyntax" });
  });

  it("deletes a user: 204 without a body, then 404", async () => {
    await send("POST", "/Users", userBody("bye@example.com"));
    const response = await send("DELETE", "/Users/bye%40example.com");
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe("");
    expect((await send("GET", "/Users/bye%40example.com")).statusCode).toBe(404);
    expect((await send("DELETE", "/Users/bye%40example.com")).statusCode).toBe(404);
  });
});
