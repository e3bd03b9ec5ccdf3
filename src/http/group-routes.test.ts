import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer, type TestApp, testApp } from "./test-app.ts";

const TOKEN = "Z3JvdXAtcm91dGVzLXRlc3RzLXRva2VuLTAxMjM0";
const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const BASE = "/scim/v2/acme/EntraID";

describe("/Groups", () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await testApp();
    await t.addTenant("acme", TOKEN);
    for (const email of ["ann@example.com", "bob@example.com"]) {
      const response = await send("POST", "/Users", { schemas: [USER], userName: email, emails: [{ value: email }] });
      expect(response.statusCode).toBe(201);
    }
  });
  afterAll(() => t.close());

  function send(method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE", path: string, payload?: unknown) {
    return t.app.inject({
      method,
      url: `${BASE}${path}`,
      headers: { ...bearer(TOKEN), ...(payload === undefined ? {} : { "content-type": "application/json" }) },
      ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
    });
  }

  const addMember = (value: string) => ({
    schemas: [PATCH],
    Operations: [{ op: "add", path: "members", value: [{ value }] }],
  });

  it("creates a group with 201 and Location", async () => {
    const response = await send("POST", "/Groups", { schemas: [GROUP], displayName: "Sales Team", externalId: "g-1" });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body).toMatchObject({ id: "salesteam", displayName: "Sales Team" });
    expect(response.headers["location"]).toBe(body.meta.location);
  });

  it("answers PATCH with 204 and no body by default", async () => {
    const response = await send("PATCH", "/Groups/salesteam", addMember("ann@example.com"));
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe("");
    const group = (await send("GET", "/Groups/salesteam")).json();
    expect(group.members.map((m: { value: string }) => m.value)).toEqual(["ann@example.com"]);
  });

  it("answers PATCH with 200 and the resource when attributes are asked for", async () => {
    const response = await send("PATCH", "/Groups/salesteam?attributes=members", addMember("bob@example.com"));
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.members.map((m: { value: string }) => m.value).sort()).toEqual(["ann@example.com", "bob@example.com"]);
    expect(body.displayName).toBeUndefined();
  });

  it("leaves members out when excluded", async () => {
    const group = (await send("GET", "/Groups/salesteam?excludedAttributes=members")).json();
    expect(group.members).toBeUndefined();
    expect(group.displayName).toBe("Sales Team");
    const list = (await send("GET", "/Groups?excludedAttributes=members")).json();
    expect(list.totalResults).toBe(1);
    expect(list.Resources[0].members).toBeUndefined();
  });

  it("lists groups by a filter on displayName", async () => {
    const list = (await send("GET", `/Groups?filter=${encodeURIComponent('displayName eq "Sales Team"')}`)).json();
    expect(list).toMatchObject({ totalResults: 1, Resources: [{ id: "salesteam" }] });
  });

  it("replaces a group with PUT", async () => {
    const response = await send("PUT", "/Groups/salesteam", {
      schemas: [GROUP],
      displayName: "Sales Team",
      members: [{ value: "bob@example.com" }],
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().members.map((m: { value: string }) => m.value)).toEqual(["bob@example.com"]);
  });

  it("refuses a blank member value with 400 invalidValue in POST, PUT and PATCH alike, changing nothing", async () => {
    const blank = [{ value: "ann@example.com" }, { value: "  " }];
    const created = await send("POST", "/Groups", { schemas: [GROUP], displayName: "Blanks", members: blank });
    expect([created.statusCode, created.json().scimType]).toEqual([400, "invalidValue"]);
    expect((await send("GET", "/Groups/blanks")).statusCode).toBe(404);
    const put = await send("PUT", "/Groups/salesteam", { schemas: [GROUP], displayName: "Sales Team", members: blank });
    expect([put.statusCode, put.json().scimType]).toEqual([400, "invalidValue"]);
    const patch = await send("PATCH", "/Groups/salesteam", addMember(" "));
    expect([patch.statusCode, patch.json().scimType]).toEqual([400, "invalidValue"]);
    const group = (await send("GET", "/Groups/salesteam")).json();
    expect(group.members.map((m: { value: string }) => m.value)).toEqual(["bob@example.com"]);
  });

  it("reads the members of every group of a list page", async () => {
    await send("POST", "/Groups", {
      schemas: [GROUP],
      displayName: "Pair",
      members: [{ value: "ann@example.com" }, { value: "bob@example.com" }],
    });
    const list = (
      await send("GET", `/Groups?filter=${encodeURIComponent('displayName sw "Pa" or displayName eq "Sales Team"')}`)
    ).json();
    const members = Object.fromEntries(
      list.Resources.map((g: { id: string; members?: { value: string }[] }) => [
        g.id,
        (g.members ?? []).map((m) => m.value),
      ]),
    );
    expect(members).toEqual({ salesteam: ["bob@example.com"], pair: ["ann@example.com", "bob@example.com"] });
  });

  it("deletes a group: 204, then 404", async () => {
    expect((await send("DELETE", "/Groups/salesteam")).statusCode).toBe(204);
    expect((await send("GET", "/Groups/salesteam")).statusCode).toBe(404);
  });
});
