import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASE_KINDS } from "../../storage/testing/test-databases.ts";
import { type ApiTestApp, apiTestApp, problemFields } from "./api-test-kit.ts";

const HASH = "AB".repeat(64);

describe.each(DATABASE_KINDS)("tenant routes on %s", (kind) => {
  let t: ApiTestApp;

  beforeAll(async () => {
    t = await apiTestApp(kind);
  });
  afterAll(() => t.close());

  const call = (
    method: "GET" | "POST" | "PATCH" | "DELETE",
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ) => t.call({ method, url: `/api/v1${url}`, key: t.rootKey, body, ...(headers ? { headers } : {}) });

  it("creates a tenant: 201, the §9 shape, an ETag", async () => {
    const response = await call("POST", "/tenants", { Id: "acme" });
    expect(response.statusCode).toBe(201);
    expect(response.headers["etag"]).toBe('W/"1"');
    expect(response.json()).toEqual({
      Id: "acme",
      Settings: {
        HashedScimProvisioningToken: null,
        ScimEnabled: "true",
        DeactivateAction: "disable",
        ManualRoles: "replace",
        ProvisioningLogRetentionDays: "30",
      },
      Paused: false,
      RetryAfterSeconds: null,
      PausedAt: null,
      CreatedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
    });
    expect((await call("POST", "/tenants", { Id: "acme" })).statusCode).toBe(409);
  });

  it.each([[{ Id: "acme corp" }], [{ Id: "" }], [{}], [{ Id: 7 }]])("refuses %j with a 400 naming Id", async (body) => {
    const response = await call("POST", "/tenants", body);
    expect(response.statusCode).toBe(400);
    expect(problemFields(response)).toEqual(["Id"]);
  });

  it("sets settings all together, checked as the CLI checks them, and null removes one", async () => {
    const set = await call("PATCH", "/tenants/acme", {
      Settings: { hashedscimprovisioningtoken: HASH.toLowerCase(), ScimEnabled: false, DeactivateAction: "Delete" },
    });
    expect(set.statusCode).toBe(200);
    expect(set.headers["etag"]).toBe('W/"2"');
    expect(set.json()).toMatchObject({
      Settings: { HashedScimProvisioningToken: HASH, ScimEnabled: "false", DeactivateAction: "delete" },
    });
    const unset = await call("PATCH", "/tenants/acme", { Settings: { DeactivateAction: null } });
    expect(unset.json()).toMatchObject({ Settings: { DeactivateAction: "disable" } });
  });

  it("applies none of a PATCH with one bad setting, and names it", async () => {
    const response = await call("PATCH", "/tenants/acme", {
      Settings: { ScimEnabled: true, DeactivateAction: "purge" },
    });
    expect(response.statusCode).toBe(400);
    expect(problemFields(response)).toEqual(["Settings.DeactivateAction"]);
    expect((await call("GET", "/tenants/acme")).json()).toMatchObject({ Settings: { ScimEnabled: "false" } });
    const unknown = await call("PATCH", "/tenants/acme", { Settings: { Colour: "blue" } });
    expect(problemFields(unknown)).toEqual(["Settings.Colour"]);
    const shape = await call("PATCH", "/tenants/acme", { Settings: { ScimEnabled: { on: true } } });
    expect(problemFields(shape)).toEqual(["Settings.ScimEnabled"]);
    expect(problemFields(await call("PATCH", "/tenants/acme", {}))).toEqual(["Settings"]);
  });

  it("honours If-Match: 412 when stale, the write when current", async () => {
    const current = (await call("GET", "/tenants/acme")).headers["etag"] as string;
    const stale = await call("PATCH", "/tenants/acme", { Settings: { ScimEnabled: true } }, { "if-match": 'W/"1"' });
    expect(stale.statusCode).toBe(412);
    expect(stale.json()).toMatchObject({ type: "urn:roster:problem:precondition-failed", status: 412 });
    const fresh = await call("PATCH", "/tenants/acme", { Settings: { ScimEnabled: true } }, { "if-match": current });
    expect(fresh.statusCode).toBe(200);
    expect((await call("POST", "/tenants/acme/pause", {}, { "if-match": current })).statusCode).toBe(412);
  });

  it("lists tenants in pages with a Next cursor", async () => {
    for (const id of ["t1", "t2", "t3"]) await call("POST", "/tenants", { Id: id });
    const first = (await call("GET", "/tenants?limit=2")).json() as { Items: { Id: string }[]; Next: string };
    expect(first.Items.map((x) => x.Id)).toEqual(["acme", "t1"]);
    const second = (await call("GET", `/tenants?limit=2&cursor=${first.Next}`)).json() as {
      Items: { Id: string }[];
      Next: string | null;
    };
    expect(second.Items.map((x) => x.Id)).toEqual(["t2", "t3"]);
    expect(second.Next).toBeNull();
    expect(problemFields(await call("GET", `/tenants?cursor=${first.Next.slice(0, -2)}`))).toEqual(["cursor"]);
    expect(problemFields(await call("GET", "/tenants?limit=1001"))).toEqual(["limit"]);
    expect(problemFields(await call("GET", "/tenants?limit=0"))).toEqual(["limit"]);
    expect(problemFields(await call("GET", "/tenants?limit=ten"))).toEqual(["limit"]);
    expect(problemFields(await call("GET", "/tenants?colour=red"))).toEqual(["colour"]);
  });

  it("deletes a tenant with all its data; then it is 404", async () => {
    await call("POST", "/tenants/t3/users", { Email: "a@x.io" });
    expect((await call("DELETE", "/tenants/t3")).statusCode).toBe(204);
    expect((await call("GET", "/tenants/t3")).statusCode).toBe(404);
    expect((await call("GET", "/tenants/t3/users")).statusCode).toBe(404);
    expect((await call("DELETE", "/tenants/t3")).statusCode).toBe(404);
    expect(await t.store.users.get("t3", "a@x.io")).toBeUndefined();
  });

  it("answers a malformed tenant id with a 400 naming tenantId", async () => {
    const response = await call("GET", "/tenants/a%20b");
    expect(response.statusCode).toBe(400);
    expect(problemFields(response)).toEqual(["tenantId"]);
  });
});
