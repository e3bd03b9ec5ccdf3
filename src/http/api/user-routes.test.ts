import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASE_KINDS } from "../../storage/testing/test-databases.ts";
import { type ApiTestApp, apiTestApp, problemFields } from "./api-test-kit.ts";

const TOKEN = "dXNlci1yb3V0ZXMtdG9rZW4tMDEyMzQ1Njc4OWFiY2RlZg==";
const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

interface UserJson {
  Id: string;
  Email: string | null;
  FirstName: string | null;
  Roles: string[];
  RoleSources: Record<string, string>;
  Active: boolean;
  ExternalIds: { Provider: string; Value: string }[];
}
interface Page<T> {
  Items: T[];
  Next: string | null;
}

describe.each(DATABASE_KINDS)("user routes on %s", (kind) => {
  let t: ApiTestApp;
  const base = "/api/v1/tenants/acme";

  beforeAll(async () => {
    t = await apiTestApp(kind);
    await t.addTenant("acme", TOKEN);
    for (const name of ["Sales", "Regional", "Floor"]) {
      await t.call({ method: "POST", url: `${base}/roles`, key: t.rootKey, body: { DisplayName: name } });
    }
    await t.call({ method: "PUT", url: `${base}/roles/regional/roles/sales`, key: t.rootKey });
    await t.call({ method: "PUT", url: `${base}/roles/sales/roles/floor`, key: t.rootKey });
  });
  afterAll(() => t.close());

  const call = (
    method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ) => t.call({ method, url: `${base}${url}`, key: t.rootKey, body, ...(headers ? { headers } : {}) });
  const scim = (method: "POST" | "PATCH" | "PUT", url: string, body: unknown) =>
    t.call({
      method,
      url: `/scim/v2/acme/Okta${url}`,
      key: TOKEN,
      body,
      headers: { "content-type": "application/scim+json" },
    });

  it("adds a user by hand: 201, the §9 shape with every key, an ETag", async () => {
    const response = await call("POST", "/users", {
      Email: "pat@x.io",
      FirstName: "Pat",
      LastName: "Smith",
      Phone: "+47 1",
    });
    expect(response.statusCode).toBe(201);
    expect(response.headers["etag"]).toBe('W/"1"');
    expect(response.json()).toEqual({
      Id: "pat@x.io",
      Email: "pat@x.io",
      FirstName: "Pat",
      LastName: "Smith",
      Phone: "+47 1",
      B2CId: null,
      ExternalIds: [],
      Roles: [],
      RoleSources: {},
      Active: true,
      CreatedAt: expect.any(String),
      UpdatedAt: expect.any(String),
    });
    expect((await call("POST", "/users", { Email: "PAT@x.io" })).statusCode).toBe(409);
  });

  it.each([
    [{}, ["Email"]],
    [{ Email: "not-an-email" }, ["Email"]],
    [{ Email: "a@x.io", Nick: "x" }, ["Nick"]],
    [{ Email: "a@x.io", FirstName: 3 }, ["FirstName"]],
    [{ Email: "a@x.io", FirstName: "bad\u0007name" }, ["FirstName"]],
  ])("refuses %j with a 400 naming %j, creating nothing", async (body, fields) => {
    const response = await call("POST", "/users", body);
    expect(response.statusCode).toBe(400);
    expect(problemFields(response)).toEqual(fields);
    expect((await call("GET", "/users/a%40x.io")).statusCode).toBe(404);
  });

  it("reads a user by its percent-encoded Id, slashes and all", async () => {
    expect((await call("GET", "/users/pat%40x.io")).json()).toMatchObject({ Id: "pat@x.io" });
    const created = await scim("POST", "/Users", { schemas: [USER], userName: "dept/ops+1" });
    expect(created.statusCode).toBe(201);
    const read = await call("GET", `/users/${encodeURIComponent("dept/ops+1")}`);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({
      Id: "dept/ops+1",
      Email: null,
      ExternalIds: [{ Provider: "Okta", Value: "dept/ops+1" }],
    });
    expect((await call("GET", "/users/nobody%40x.io")).statusCode).toBe(404);
    const bad = await call("GET", "/users/pat%E0%A4%A");
    expect(bad.statusCode).toBe(400);
    expect(bad.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(problemFields(bad)).toEqual(["path"]);
  });

  it("grants and revokes by hand, idempotently, with RoleSources manual and versions bumped", async () => {
    const granted = await call("PUT", "/users/pat%40x.io/roles/regional");
    expect(granted.statusCode).toBe(200);
    expect(granted.headers["etag"]).toBe('W/"2"');
    expect(granted.json()).toMatchObject({ Roles: ["regional"], RoleSources: { regional: "manual" } });
    const again = await call("PUT", "/users/pat%40x.io/roles/regional");
    expect(again.headers["etag"]).toBe('W/"2"');
    expect((await call("GET", "/users/pat%40x.io/access")).json()).toEqual({
      Active: true,
      Direct: ["regional"],
      Indirect: ["floor", "sales"],
    });
    expect((await call("PUT", "/users/pat%40x.io/roles/ghosts")).statusCode).toBe(404);
    expect((await call("PUT", "/users/ghost%40x.io/roles/sales")).statusCode).toBe(404);
    expect((await call("DELETE", "/users/pat%40x.io/roles/sales")).statusCode).toBe(200);
    const revoked = await call("DELETE", "/users/pat%40x.io/roles/regional");
    expect(revoked.json()).toMatchObject({ Roles: [], RoleSources: {} });
    expect((await call("GET", "/users/pat%40x.io/access")).json()).toEqual({ Active: true, Direct: [], Indirect: [] });
  });

  it("honours If-Match on grants: 412 when stale", async () => {
    const etag = (await call("GET", "/users/pat%40x.io")).headers["etag"] as string;
    expect((await call("PUT", "/users/pat%40x.io/roles/sales", undefined, { "if-match": 'W/"1"' })).statusCode).toBe(
      412,
    );
    expect((await call("GET", "/users/pat%40x.io")).json()).toMatchObject({ Roles: [] });
    const ok = await call("PUT", "/users/pat%40x.io/roles/sales", undefined, { "if-match": etag });
    expect(ok.statusCode).toBe(200);
    await call("DELETE", "/users/pat%40x.io/roles/sales");
  });

  it("follows SPEC §7: a role granted by hand to a SCIM user is dropped by its next SCIM write", async () => {
    const created = await scim("POST", "/Users", {
      schemas: [USER],
      userName: "sam@corp",
      emails: [{ value: "sam@x.io" }],
    });
    const id = (created.json() as { id: string }).id;
    await scim("POST", "/Groups", { schemas: [GROUP], displayName: "Floor", members: [{ value: id }] });
    const granted = await call("PUT", `/users/${encodeURIComponent(id)}/roles/regional`);
    expect(granted.json()).toMatchObject({ RoleSources: { regional: "manual", floor: "scim:Okta" } });
    await scim("PATCH", `/Users/${encodeURIComponent(id)}`, {
      schemas: [PATCH],
      Operations: [{ op: "replace", path: "displayName", value: "Sam" }],
    });
    expect((await call("GET", `/users/${encodeURIComponent(id)}`)).json()).toMatchObject({
      Roles: ["floor"],
      RoleSources: { floor: "scim:Okta" },
    });
  });

  it("patches names, phone and email; a SCIM user's SCIM view follows", async () => {
    const patched = await call("PATCH", "/users/sam%40x.io", {
      FirstName: "Samuel",
      Phone: "+1 555",
      Email: "samuel@x.io",
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ Id: "sam@x.io", Email: "samuel@x.io", FirstName: "Samuel" });
    const view = (await t.call({ url: "/scim/v2/acme/Okta/Users/sam%40x.io", key: TOKEN })).json() as Record<
      string,
      unknown
    >;
    expect(view).toMatchObject({
      name: { givenName: "Samuel" },
      emails: [{ value: "samuel@x.io" }],
      phoneNumbers: [{ value: "+1 555", type: "work" }],
    });
    const filtered = await t.call({
      url: `/scim/v2/acme/Okta/Users?filter=${encodeURIComponent('name.givenName eq "Samuel"')}`,
      key: TOKEN,
    });
    expect((filtered.json() as { totalResults: number }).totalResults).toBe(1);
    const cleared = await call("PATCH", "/users/sam%40x.io", { Phone: null });
    expect(cleared.json()).toMatchObject({ Phone: null });
    expect((await call("PATCH", "/users/sam%40x.io", { Email: "pat@x.io" })).statusCode).toBe(409);
    expect(problemFields(await call("PATCH", "/users/sam%40x.io", {}))).toEqual(["body"]);
    expect(problemFields(await call("PATCH", "/users/sam%40x.io", { Id: "x" }))).toEqual(["Id"]);
    expect(problemFields(await call("PATCH", "/users/sam%40x.io", { Active: "no" }))).toEqual(["Active"]);
  });

  it("deactivates: the access question answers no roles at once, and reactivation restores them", async () => {
    await call("PUT", "/users/pat%40x.io/roles/regional");
    expect((await call("PATCH", "/users/pat%40x.io", { Active: false })).json()).toMatchObject({ Active: false });
    expect((await call("GET", "/users/pat%40x.io/access")).json()).toEqual({ Active: false, Direct: [], Indirect: [] });
    await call("PATCH", "/users/pat%40x.io", { Active: true });
    expect((await call("GET", "/users/pat%40x.io/access")).json()).toMatchObject({
      Active: true,
      Direct: ["regional"],
    });
  });

  it("answers the access question for an unknown user or tenant with 404", async () => {
    expect((await call("GET", "/users/ghost%40x.io/access")).statusCode).toBe(404);
    const response = await t.call({ url: "/api/v1/tenants/initech/users/pat%40x.io/access", key: t.rootKey });
    expect(response.statusCode).toBe(404);
  });

  it("lists users with q, role, active and provider filters", async () => {
    const ids = async (query: string) =>
      ((await call("GET", `/users?${query}`)).json() as Page<UserJson>).Items.map((u) => u.Id);
    expect(await ids("")).toEqual(["pat@x.io", "dept/ops+1", "sam@x.io"]);
    expect(await ids("q=SAM")).toEqual(["sam@x.io"]);
    expect(await ids("q=smi")).toEqual(["pat@x.io"]);
    expect(await ids("role=regional")).toEqual(["pat@x.io"]);
    expect(await ids("provider=okta")).toEqual(["dept/ops+1", "sam@x.io"]);
    await call("PATCH", "/users/sam%40x.io", { Active: false });
    expect(await ids("active=false")).toEqual(["sam@x.io"]);
    expect(await ids("active=true&provider=Okta")).toEqual(["dept/ops+1"]);
    for (const [query, field] of [
      ["active=maybe", "active"],
      ["provider=bad%20name", "provider"],
      ["q=", "q"],
      ["limit=2000", "limit"],
    ]) {
      expect(problemFields(await call("GET", `/users?${query}`)), query).toEqual([field]);
    }
  });

  it("pages with cursors that stay stable while users are added and deleted", async () => {
    for (let i = 0; i < 5; i++) await call("POST", "/users", { Email: `page${i}@x.io` });
    const seen: string[] = [];
    let url = "/users?limit=3&q=page";
    let round = 0;
    for (;;) {
      const page = (await call("GET", url)).json() as Page<UserJson>;
      seen.push(...page.Items.map((u) => u.Id));
      if (round++ === 0) {
        await call("DELETE", "/users/page0%40x.io");
        await call("POST", "/users", { Email: "page9@x.io" });
      }
      if (page.Next === null) break;
      url = `/users?limit=3&q=page&cursor=${page.Next}`;
    }
    expect(seen).toEqual(["page0@x.io", "page1@x.io", "page2@x.io", "page3@x.io", "page4@x.io", "page9@x.io"]);
    const first = (await call("GET", "/users?limit=1&q=page")).json() as Page<UserJson>;
    expect(problemFields(await call("GET", `/users?limit=1&q=other&cursor=${first.Next}`))).toEqual(["cursor"]);
    expect(problemFields(await call("GET", "/users?cursor=%%%"))).toEqual(["cursor"]);
  });

  it("deletes a user: 204, then 404; If-Match guards it", async () => {
    await call("POST", "/users", { Email: "gone@x.io" });
    expect((await call("DELETE", "/users/gone%40x.io", undefined, { "if-match": 'W/"9"' })).statusCode).toBe(412);
    expect((await call("DELETE", "/users/gone%40x.io", undefined, { "if-match": 'W/"1"' })).statusCode).toBe(204);
    expect((await call("GET", "/users/gone%40x.io")).statusCode).toBe(404);
    expect((await call("DELETE", "/users/gone%40x.io")).statusCode).toBe(404);
  });
});
