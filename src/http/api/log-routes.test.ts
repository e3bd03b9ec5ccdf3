/** SPEC §11's provisioning log: a row per SCIM request of a known tenant, every outcome, read back filtered. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASE_KINDS } from "../../storage/testing/test-databases.ts";
import { type ApiTestApp, apiTestApp, problemFields } from "./api-test-kit.ts";

const TOKEN = "log-test-token-0123456789";
const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

interface Row {
  Id: string;
  At: string;
  Provider: string;
  Method: string;
  Path: string;
  Status: number;
  ScimType: string | null;
  ResourceType: string | null;
  ResourceId: string | null;
  Outcome: string;
  Changes: string[];
  DurationMs: number;
  RequestId: string;
}

describe.each(DATABASE_KINDS)("the provisioning log on %s", (kind) => {
  let t: ApiTestApp;
  beforeAll(async () => {
    t = await apiTestApp(kind);
    await t.addTenant("acme", TOKEN);
    await t.addTenant("other", TOKEN);
  });
  afterAll(() => t.close());

  const scim = (
    method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
    path: string,
    body?: unknown,
    token = TOKEN,
    tenant = "acme",
  ) =>
    t.app.inject({
      method,
      url: `/scim/v2/${tenant}/Okta${path}`,
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": "application/scim+json",
        "x-request-id": `req-${path.length}-${method}`,
      },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
  const rows = async (query = "", tenant = "acme"): Promise<Row[]> => {
    await t.log.flush();
    const response = await t.call({ url: `/api/v1/tenants/${tenant}/provisioning-log${query}`, key: t.rootKey });
    expect(response.statusCode).toBe(200);
    return (response.json() as { Items: Row[] }).Items;
  };

  it("records one row per request with each outcome, newest first, without values, bodies, queries or tokens", async () => {
    await t.call({ method: "POST", url: "/api/v1/tenants/acme/users", key: t.rootKey, body: { Email: "hand@x.io" } });
    const user = {
      schemas: [USER],
      userName: "pat@corp",
      emails: [{ value: "pat@x.io", primary: true }],
      name: { givenName: "Pat" },
    };
    expect((await scim("POST", "/Users", user)).statusCode).toBe(201);
    const adopt = { schemas: [USER], userName: "hand@corp", emails: [{ value: "hand@x.io", primary: true }] };
    expect((await scim("POST", "/Users", adopt)).statusCode).toBe(201);
    const title = { schemas: [PATCH], Operations: [{ op: "replace", path: "title", value: "Secret Title" }] };
    expect((await scim("PATCH", "/Users/pat%40x.io", title)).statusCode).toBe(200);
    expect((await scim("PATCH", "/Users/pat%40x.io", title)).statusCode).toBe(200);
    expect((await scim("GET", `/Users?filter=${encodeURIComponent('userName eq "pat@corp"')}`)).statusCode).toBe(200);
    expect((await scim("POST", "/Users", user)).statusCode).toBe(409);
    expect((await scim("POST", "/Users", { schemas: [USER] })).statusCode).toBe(400);
    expect((await scim("GET", "/Users", undefined, "wrong-token")).statusCode).toBe(401);
    const group = { schemas: [GROUP], displayName: "Sales", members: [{ value: "pat@x.io" }, { value: "hand@x.io" }] };
    expect((await scim("POST", "/Groups", group)).statusCode).toBe(201);
    expect((await scim("DELETE", "/Users/hand%40x.io")).statusCode).toBe(204);
    await t.call({ method: "POST", url: "/api/v1/tenants/acme/pause", key: t.rootKey, body: {} });
    expect((await scim("POST", "/Users", user)).statusCode).toBe(503);
    await t.call({ method: "POST", url: "/api/v1/tenants/acme/resume", key: t.rootKey });

    const all = await rows();
    expect(all.map((row) => `${row.Method} ${row.Status} ${row.Outcome}`)).toEqual([
      "POST 503 paused",
      "DELETE 204 deleted",
      "POST 201 created",
      "GET 401 unauthorized",
      "POST 400 rejected",
      "POST 409 rejected",
      "GET 200 read",
      "PATCH 200 unchanged",
      "PATCH 200 updated",
      "POST 201 adopted",
      "POST 201 created",
    ]);
    const [paused, deleted, groupRow, unauthorized, invalid, duplicate, read, unchanged, updated, adopted, created] =
      all as Row[] & { length: 11 };
    expect(created).toMatchObject({
      Provider: "Okta",
      Path: "/Users",
      ResourceType: "User",
      ResourceId: "pat@x.io",
      Changes: expect.arrayContaining(["emails", "name.givenName", "userName"]),
      RequestId: "req-6-POST",
    });
    expect(adopted).toMatchObject({ ResourceId: "hand@x.io", Outcome: "adopted" });
    expect(updated).toMatchObject({ Path: "/Users/pat%40x.io", ResourceId: "pat@x.io", Changes: ["title"] });
    expect(unchanged?.Changes).toEqual([]);
    expect(read).toMatchObject({ Path: "/Users", ResourceType: "User", ResourceId: null });
    expect(duplicate).toMatchObject({ ScimType: "uniqueness" });
    expect(invalid).toMatchObject({ ScimType: "invalidValue" });
    expect(unauthorized).toMatchObject({ ScimType: null, Provider: "Okta" });
    expect(groupRow).toMatchObject({
      ResourceType: "Group",
      ResourceId: "sales",
      Changes: ["displayName", "members+2"],
    });
    expect(deleted).toMatchObject({ ResourceId: "hand@x.io", Changes: [] });
    expect(paused).toMatchObject({ ResourceType: "User" });
    for (const row of all) {
      expect(row.DurationMs).toBeGreaterThanOrEqual(0);
      expect(Date.parse(row.At)).not.toBeNaN();
    }
    const text = JSON.stringify(all);
    for (const secret of ["Secret Title", TOKEN, "wrong-token", "filter", 'Pat"']) expect(text).not.toContain(secret);
  });

  it("filters by time, provider, status class, outcome, resource, and pages with a cursor", async () => {
    expect((await rows("?status=4xx")).map((r) => r.Status)).toEqual([401, 400, 409]);
    expect((await rows("?status=401")).map((r) => r.Outcome)).toEqual(["unauthorized"]);
    expect((await rows("?outcome=created")).map((r) => r.ResourceId)).toEqual(["sales", "pat@x.io"]);
    expect((await rows("?resourceType=Group")).length).toBe(1);
    expect((await rows("?resourceId=pat%40x.io")).map((r) => r.Outcome)).toEqual(["unchanged", "updated", "created"]);
    expect(await rows("?provider=okta")).toHaveLength(11);
    expect(await rows("?provider=EntraID")).toHaveLength(0);
    expect(await rows("?since=1h")).toHaveLength(11);
    expect(await rows(`?until=${encodeURIComponent("2000-01-01T00:00:00Z")}`)).toHaveLength(0);
    const seen: string[] = [];
    let cursor = "";
    for (let page = 0; page < 10; page++) {
      const response = await t.call({ url: `/api/v1/tenants/acme/provisioning-log?limit=4${cursor}`, key: t.rootKey });
      const body = response.json() as { Items: Row[]; Next: string | null };
      seen.push(...body.Items.map((r) => r.Id));
      if (body.Next === null) break;
      cursor = `&cursor=${encodeURIComponent(body.Next)}`;
    }
    expect(seen).toEqual((await rows()).map((r) => r.Id));
  });

  it("refuses bad filters with 400 naming them, an unknown tenant with 404, another tenant's key with 404", async () => {
    const bad = await t.call({ url: "/api/v1/tenants/acme/provisioning-log?status=4x", key: t.rootKey });
    expect(bad.statusCode).toBe(400);
    expect(problemFields(bad)).toContain("status");
    const since = await t.call({ url: "/api/v1/tenants/acme/provisioning-log?since=yesterday", key: t.rootKey });
    expect(since.statusCode).toBe(400);
    expect(problemFields(since)).toEqual(["since"]);
    const outcome = await t.call({ url: "/api/v1/tenants/acme/provisioning-log?outcome=exploded", key: t.rootKey });
    expect(outcome.statusCode).toBe(400);
    expect((await t.call({ url: "/api/v1/tenants/nope/provisioning-log", key: t.rootKey })).statusCode).toBe(404);
    const scoped = await t.key({ tenantId: "other", readOnly: true });
    expect((await t.call({ url: "/api/v1/tenants/acme/provisioning-log", key: scoped })).statusCode).toBe(404);
    expect((await t.call({ url: "/api/v1/tenants/other/provisioning-log", key: scoped })).statusCode).toBe(200);
  });

  it("logs each operation of a Bulk request as its own row, failures included", async () => {
    const bulk = {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
      Operations: [
        { method: "POST", path: "/Users", bulkId: "u1", data: { schemas: [USER], userName: "bulk@corp" } },
        {
          method: "PATCH",
          path: "/Users/nobody",
          data: { schemas: [PATCH], Operations: [{ op: "replace", path: "title", value: "x" }] },
        },
      ],
    };
    const response = await t.app.inject({
      method: "POST",
      url: "/scim/v2/other/Okta/Bulk",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/scim+json" },
      payload: JSON.stringify(bulk),
    });
    expect(response.statusCode).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const logged = await rows("", "other");
    expect(logged.map((r) => `${r.Method} ${r.Path} ${r.Status} ${r.Outcome}`).sort()).toEqual([
      "PATCH /Users/nobody 404 rejected",
      "POST /Users 201 created",
    ]);
  });
});
