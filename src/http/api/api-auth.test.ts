import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASE_KINDS } from "../../storage/testing/test-databases.ts";
import { type ApiTestApp, apiTestApp, type ProblemBody } from "./api-test-kit.ts";

const SCIM_TOKEN = "c2NpbS10b2tlbi1vZi1hY21lLTAxMjM0NTY3ODlhYmNkZWY=";

describe.each(DATABASE_KINDS)("management API authentication and scoping on %s", (kind) => {
  let t: ApiTestApp;
  let keys: Record<"global" | "globalRo" | "acme" | "acmeRo", string>;

  beforeAll(async () => {
    t = await apiTestApp(kind);
    await t.addTenant("acme", SCIM_TOKEN);
    await t.addTenant("globex");
    keys = {
      global: t.rootKey,
      globalRo: await t.key({ readOnly: true }),
      acme: await t.key({ tenantId: "acme" }),
      acmeRo: await t.key({ tenantId: "acme", readOnly: true }),
    };
  });
  afterAll(() => t.close());

  it("answers every failure of the key with the same 401 problem and WWW-Authenticate", async () => {
    const cases = [
      t.call({ url: "/api/v1/tenants" }),
      t.call({ url: "/api/v1/tenants", headers: { authorization: "Basic dXNlcjpwYXNz" } }),
      t.call({ url: "/api/v1/tenants", key: "rk_not-a-key" }),
      t.call({ url: "/api/v1/tenants", key: "" }),
      t.call({ url: "/api/v1/tenants/acme/users", key: SCIM_TOKEN }),
    ];
    const responses = await Promise.all(cases);
    for (const response of responses) {
      expect(response.statusCode).toBe(401);
      expect(response.headers["content-type"]).toBe("application/problem+json; charset=utf-8");
      expect(response.headers["www-authenticate"]).toBe('Bearer realm="roster"');
      expect(response.body).toBe(responses[0]?.body);
    }
    expect(responses[0]?.json()).toMatchObject({ type: "urn:roster:problem:unauthorized", status: 401 });
  });

  it("never lets an admin key open /scim", async () => {
    const response = await t.call({ url: "/scim/v2/acme/Okta/Users", key: keys.global });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "401" });
    expect((await t.call({ url: "/scim/v2/acme/Okta/Users", key: SCIM_TOKEN })).statusCode).toBe(200);
  });

  // [key, method, url, expected status]
  const matrix: readonly [keyof typeof keys, "GET" | "POST" | "DELETE" | "PATCH", string, number][] = [
    ["global", "GET", "/api/v1/tenants", 200],
    ["global", "GET", "/api/v1/admin-keys", 200],
    ["global", "GET", "/api/v1/tenants/globex", 200],
    ["globalRo", "GET", "/api/v1/tenants", 200],
    ["globalRo", "GET", "/api/v1/admin-keys", 200],
    ["globalRo", "GET", "/api/v1/tenants/acme/users", 200],
    ["globalRo", "POST", "/api/v1/tenants", 403],
    ["globalRo", "POST", "/api/v1/tenants/acme/roles", 403],
    ["globalRo", "PATCH", "/api/v1/tenants/acme", 403],
    ["globalRo", "POST", "/api/v1/admin-keys", 403],
    ["acme", "GET", "/api/v1/tenants/acme", 200],
    ["acme", "GET", "/api/v1/tenants/acme/users", 200],
    ["acme", "GET", "/api/v1/tenants", 403],
    ["acme", "POST", "/api/v1/tenants", 403],
    ["acme", "GET", "/api/v1/admin-keys", 403],
    ["acme", "POST", "/api/v1/admin-keys", 403],
    ["acme", "GET", "/api/v1/tenants/globex", 404],
    ["acme", "GET", "/api/v1/tenants/globex/users", 404],
    ["acme", "POST", "/api/v1/tenants/globex/roles", 404],
    ["acme", "DELETE", "/api/v1/tenants/globex", 404],
    ["acme", "GET", "/api/v1/tenants/nobody", 404],
    ["acmeRo", "GET", "/api/v1/tenants/acme/roles", 200],
    ["acmeRo", "POST", "/api/v1/tenants/acme/roles", 403],
    ["acmeRo", "POST", "/api/v1/tenants/acme/pause", 403],
    ["acmeRo", "GET", "/api/v1/tenants/globex", 404],
    ["acmeRo", "POST", "/api/v1/tenants/globex/roles", 404],
  ];

  it.each(matrix)("%s key: %s %s answers %i", async (name, method, url, status) => {
    const body = method === "POST" || method === "PATCH" ? {} : undefined;
    const response = await t.call({ method, url, key: keys[name], body });
    expect(response.statusCode).toBe(status);
    if (status >= 400) expect(response.headers["content-type"]).toMatch(/^application\/problem\+json/);
  });

  it("answers another tenant exactly as a tenant that does not exist", async () => {
    const other = await t.call({ url: "/api/v1/tenants/globex", key: keys.acme });
    const absent = await t.call({ url: "/api/v1/tenants/initech", key: keys.global });
    expect(other.json()).toEqual({ ...(absent.json() as ProblemBody), detail: 'tenant "globex" does not exist' });
    expect((other.json() as ProblemBody).type).toBe("urn:roster:problem:not-found");
  });

  it("lists only the tenant-scoped key's writes as forbidden, not its reads, and says why", async () => {
    const response = await t.call({ method: "POST", url: "/api/v1/tenants/acme/roles", key: keys.acmeRo, body: {} });
    expect(response.json()).toMatchObject({ status: 403, detail: "this admin key is read-only" });
  });

  it("refuses a revoked key at once", async () => {
    const secret = await t.key();
    expect((await t.call({ url: "/api/v1/tenants", key: secret })).statusCode).toBe(200);
    const list = (await t.call({ url: "/api/v1/admin-keys?limit=1000", key: keys.global })).json() as {
      Items: { Id: string; LastUsedAt: string | null }[];
    };
    const id = list.Items.at(-1)!.Id;
    expect((await t.call({ method: "DELETE", url: `/api/v1/admin-keys/${id}`, key: keys.global })).statusCode).toBe(
      204,
    );
    expect((await t.call({ url: "/api/v1/tenants", key: secret })).statusCode).toBe(401);
    expect((await t.call({ method: "DELETE", url: `/api/v1/admin-keys/${id}`, key: keys.global })).statusCode).toBe(
      404,
    );
  });

  it("records LastUsedAt of a key that was used", async () => {
    const secret = await t.key();
    await t.call({ url: "/api/v1/tenants", key: secret });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const list = (await t.call({ url: "/api/v1/admin-keys?limit=1000", key: keys.global })).json() as {
      Items: { LastUsedAt: string | null }[];
    };
    expect(list.Items.at(-1)!.LastUsedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it("makes keys through the API: the secret once, then only its record", async () => {
    const created = await t.call({
      method: "POST",
      url: "/api/v1/admin-keys",
      key: keys.global,
      body: { Name: "ci", Tenant: "acme", ReadOnly: true },
    });
    expect(created.statusCode).toBe(201);
    const body = created.json() as Record<string, unknown>;
    expect(body).toMatchObject({ Name: "ci", Tenant: "acme", ReadOnly: true, LastUsedAt: null });
    expect(body["Key"]).toMatch(/^rk_[A-Za-z0-9_-]{43}$/);
    expect(body["Id"]).toMatch(/^ak_[0-9a-f]{16}$/);
    expect((await t.call({ url: "/api/v1/tenants/acme", key: String(body["Key"]) })).statusCode).toBe(200);
    const listed = (await t.call({ url: "/api/v1/admin-keys?limit=1000", key: keys.global })).body;
    expect(listed).not.toContain(String(body["Key"]));
    const unknownTenant = await t.call({
      method: "POST",
      url: "/api/v1/admin-keys",
      key: keys.global,
      body: { Name: "x", Tenant: "initech" },
    });
    expect(unknownTenant.statusCode).toBe(404);
    const blank = await t.call({ method: "POST", url: "/api/v1/admin-keys", key: keys.global, body: { Name: "  " } });
    expect(blank.statusCode).toBe(400);
    expect((blank.json() as ProblemBody).errors).toEqual([{ field: "Name", detail: "Name must not be blank" }]);
  });
});
