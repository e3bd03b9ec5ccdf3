import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASE_KINDS } from "../../storage/testing/test-databases.ts";
import { type ApiTestApp, apiTestApp, problemFields } from "./api-test-kit.ts";

const TOKEN = "cm9sZS1yb3V0ZXMtdG9rZW4tMDEyMzQ1Njc4OWFiY2RlZg==";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";

interface Page<T> {
  Items: T[];
  Next: string | null;
}

describe.each(DATABASE_KINDS)("role routes on %s", (kind) => {
  let t: ApiTestApp;
  const base = "/api/v1/tenants/acme";

  beforeAll(async () => {
    t = await apiTestApp(kind);
    await t.addTenant("acme", TOKEN);
  });
  afterAll(() => t.close());

  const call = (
    method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ) => t.call({ method, url: `${base}${url}`, key: t.rootKey, body, ...(headers ? { headers } : {}) });

  it("adds roles by hand with normalized, suffixed Ids", async () => {
    const response = await call("POST", "/roles", { DisplayName: "Regional Manager" });
    expect(response.statusCode).toBe(201);
    expect(response.headers["etag"]).toBe('W/"1"');
    expect(response.json()).toEqual({
      Id: "regionalmanager",
      DisplayName: "Regional Manager",
      ExternalIds: [],
      RoleType: "Role",
      Roles: [],
      CreatedAt: expect.any(String),
      UpdatedAt: expect.any(String),
    });
    expect((await call("POST", "/roles", { DisplayName: "regional  manager" })).json()).toMatchObject({
      Id: "regionalmanager-2",
    });
    for (const name of ["Store Manager", "Sales Team"]) await call("POST", "/roles", { DisplayName: name });
    expect(problemFields(await call("POST", "/roles", { DisplayName: "   " }))).toEqual(["DisplayName"]);
    expect(problemFields(await call("POST", "/roles", {}))).toEqual(["DisplayName"]);
  });

  it("nests roles; a cycle or a role in itself is 409 and changes nothing", async () => {
    const nested = await call("PUT", "/roles/regionalmanager/roles/storemanager");
    expect(nested.statusCode).toBe(200);
    expect(nested.json()).toMatchObject({ Roles: ["storemanager"] });
    expect(nested.headers["etag"]).toBe('W/"2"');
    expect((await call("PUT", "/roles/regionalmanager/roles/storemanager")).headers["etag"]).toBe('W/"2"');
    await call("PUT", "/roles/storemanager/roles/salesteam");
    const cycle = await call("PUT", "/roles/salesteam/roles/regionalmanager");
    expect(cycle.statusCode).toBe(409);
    expect(cycle.json()).toMatchObject({ type: "urn:roster:problem:conflict", status: 409 });
    expect((await call("PUT", "/roles/salesteam/roles/salesteam")).statusCode).toBe(409);
    expect((await call("GET", "/roles/salesteam")).json()).toMatchObject({ Roles: [] });
    expect((await call("PUT", "/roles/salesteam/roles/ghosts")).statusCode).toBe(404);
  });

  it("renames a role and keeps its Id, honouring If-Match", async () => {
    const etag = (await call("GET", "/roles/salesteam")).headers["etag"] as string;
    expect(
      (await call("PATCH", "/roles/salesteam", { DisplayName: "Sales" }, { "if-match": 'W/"77"' })).statusCode,
    ).toBe(412);
    const renamed = await call("PATCH", "/roles/salesteam", { DisplayName: "Sales Crew" }, { "if-match": etag });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ Id: "salesteam", DisplayName: "Sales Crew" });
    const scim = await t.call({ url: "/scim/v2/acme/Okta/Groups/salesteam", key: TOKEN });
    expect(scim.json()).toMatchObject({ displayName: "Sales Crew" });
  });

  it("lists who holds a role, directly and with indirect=true through nesting, paged", async () => {
    for (const email of ["a@x.io", "b@x.io", "c@x.io"]) await call("POST", "/users", { Email: email });
    await call("PUT", "/users/a%40x.io/roles/regionalmanager");
    await call("PUT", "/users/b%40x.io/roles/salesteam");
    await call("PUT", "/users/c%40x.io/roles/storemanager");
    const direct = (await call("GET", "/roles/salesteam/members")).json() as Page<unknown>;
    expect(direct).toEqual({ Items: [{ Id: "b@x.io", Email: "b@x.io", Direct: true }], Next: null });
    const first = (await call("GET", "/roles/salesteam/members?indirect=true&limit=2")).json() as Page<{ Id: string }>;
    expect(first.Items).toEqual([
      { Id: "a@x.io", Email: "a@x.io", Direct: false },
      { Id: "b@x.io", Email: "b@x.io", Direct: true },
    ]);
    const rest = (await call("GET", `/roles/salesteam/members?indirect=true&limit=2&cursor=${first.Next}`)).json();
    expect(rest).toEqual({ Items: [{ Id: "c@x.io", Email: "c@x.io", Direct: false }], Next: null });
    const wrongList = await call("GET", `/roles/salesteam/members?limit=2&cursor=${first.Next}`);
    expect(problemFields(wrongList)).toEqual(["cursor"]);
    expect(problemFields(await call("GET", "/roles/salesteam/members?indirect=yes"))).toEqual(["indirect"]);
    expect((await call("GET", "/roles/ghosts/members")).statusCode).toBe(404);
  });

  it("lists roles with their children, in pages", async () => {
    const page = (await call("GET", "/roles?limit=2")).json() as Page<{ Id: string; Roles: string[] }>;
    expect(page.Items).toMatchObject([{ Id: "regionalmanager", Roles: ["storemanager"] }, { Id: "regionalmanager-2" }]);
    const rest = (await call("GET", `/roles?limit=10&cursor=${page.Next}`)).json() as Page<{ Id: string }>;
    expect(rest.Items.map((r) => r.Id)).toEqual(["storemanager", "salesteam"]);
  });

  it("unnests idempotently, and the access question follows at once", async () => {
    expect((await call("GET", "/users/a%40x.io/access")).json()).toMatchObject({
      Indirect: ["salesteam", "storemanager"],
    });
    expect((await call("DELETE", "/roles/storemanager/roles/salesteam")).json()).toMatchObject({ Roles: [] });
    expect((await call("DELETE", "/roles/storemanager/roles/salesteam")).statusCode).toBe(200);
    expect((await call("GET", "/users/a%40x.io/access")).json()).toMatchObject({ Indirect: ["storemanager"] });
  });

  it("deletes a role: it leaves its holders and its parents", async () => {
    expect((await call("DELETE", "/roles/storemanager")).statusCode).toBe(204);
    expect((await call("GET", "/roles/storemanager")).statusCode).toBe(404);
    expect((await call("GET", "/roles/regionalmanager")).json()).toMatchObject({ Roles: [] });
    expect((await call("GET", "/users/c%40x.io")).json()).toMatchObject({ Roles: [] });
  });

  it("shows roles SCIM made with their external ids and type", async () => {
    await t.call({
      method: "POST",
      url: "/scim/v2/acme/Okta/Groups",
      key: TOKEN,
      body: { schemas: [GROUP], displayName: "Auditors", externalId: "g-1" },
      headers: { "content-type": "application/scim+json" },
    });
    expect((await call("GET", "/roles/auditors")).json()).toMatchObject({
      RoleType: "Group",
      ExternalIds: [{ Provider: "Okta", Value: "g-1" }],
    });
  });
});
