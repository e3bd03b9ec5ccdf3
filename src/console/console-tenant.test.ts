import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashToken } from "../domain/token.ts";
import { DATABASE_KINDS } from "../storage/testing/test-databases.ts";
import { type ConsoleBrowser, type ConsoleTestApp, consoleTestApp } from "./console-test-kit.ts";

const HASH = hashToken("registered-elsewhere-token");

describe.each(DATABASE_KINDS)("a tenant in the console on %s", (kind) => {
  let t: ConsoleTestApp;
  let b: ConsoleBrowser;

  beforeAll(async () => {
    t = await consoleTestApp(kind);
    b = await t.signedIn(await t.key());
  });
  afterAll(() => t.close());

  it("creates a tenant with the CLI's checks, and refuses a bad or taken id with the reason", async () => {
    await b.get("/console/tenants");
    const created = await b.post("/console/tenants", { id: "acme" });
    expect(created.statusCode).toBe(303);
    expect(created.headers.location).toBe("/console/tenants/acme?done=tenant-created");
    expect((await b.get(String(created.headers.location))).body).toContain("Tenant created.");
    const bad = await b.post("/console/tenants", { id: "no spaces" });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain("invalid tenant id");
    expect(bad.body).toContain('value="no spaces"');
    const taken = await b.post("/console/tenants", { id: "acme" });
    expect(taken.statusCode).toBe(409);
    expect(taken.body).toContain("already exists");
    expect((await t.tenants.listTenants()).map((x) => x.id)).toEqual(["acme"]);
  });

  it("lists tenants a page at a time", async () => {
    for (let n = 0; n < 55; n++) await t.tenants.createTenant(`bulk-${String(n).padStart(2, "0")}`);
    const first = await b.get("/console/tenants");
    const next = /href="(\/console\/tenants\?cursor=[^"]+)" rel="next"/.exec(first.body)?.[1];
    expect(next).toBeDefined();
    const second = await b.get(next!.replaceAll("&amp;", "&"));
    expect(second.statusCode).toBe(200);
    expect(second.body).toContain("bulk-54");
    expect(second.body).not.toContain(">acme<");
    expect(second.body).toContain('href="/console/tenants">← First page');
  });

  it("shows the SCIM endpoint for a provider from the request's origin, and refuses a bad provider name", async () => {
    const page = await b.get("/console/tenants/acme?provider=EntraID", { host: "roster.test:8443" });
    expect(page.body).toContain('value="http://roster.test:8443/scim/v2/acme/EntraID"');
    const bad = await b.get("/console/tenants/acme?provider=not%20valid");
    expect(bad.statusCode).toBe(200);
    expect(bad.body).toContain("A provider name is 1–64 letters");
    expect(bad.body).not.toContain("/scim/v2/acme/not");
  });

  it("uses PUBLIC_BASE_URL for the endpoint when it is set", async () => {
    const other = await consoleTestApp("sqlite", { publicBaseUrl: "https://roster.example.com" });
    try {
      await other.tenants.createTenant("acme");
      const o = await other.signedIn(await other.key());
      expect((await o.get("/console/tenants/acme?provider=Okta")).body).toContain(
        'value="https://roster.example.com/scim/v2/acme/Okta"',
      );
    } finally {
      await other.close();
    }
  });

  it("creates a token shown once, whose hash is what Roster stores, and that opens SCIM", async () => {
    await b.get("/console/tenants/acme");
    const created = await b.post("/console/tenants/acme/tokens", { expiresAt: "2099-12-31" });
    expect(created.statusCode).toBe(200);
    expect(created.headers["cache-control"]).toBe("no-store");
    const secret = /id="new-token" value="([^"]+)"/.exec(created.body)?.[1];
    expect(secret).toBeDefined();
    expect(created.body).toContain("shown only once");
    const stored = (await t.store.scimTokens.page("acme", { limit: 10 })).items;
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ hash: hashToken(secret!), expiresAt: "2099-12-31T00:00:00.000Z" });
    const scim = await t.app.inject({
      url: "/scim/v2/acme/Okta/Users",
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(scim.statusCode).toBe(200);
    const again = await b.get("/console/tenants/acme");
    expect(again.body).not.toContain(secret!);
    expect(again.body).toContain(stored[0]!.id);
  });

  it("registers a token by its hash, and refuses a bad hash or a past expiry with the reason", async () => {
    await b.get("/console/tenants/acme");
    const registered = await b.post("/console/tenants/acme/tokens", { hash: HASH.toLowerCase() });
    expect(registered.statusCode).toBe(200);
    expect(registered.body).toContain("registered from its hash");
    expect(registered.body).not.toContain('id="new-token"');
    const badHash = await b.post("/console/tenants/acme/tokens", { hash: "abc" });
    expect(badHash.statusCode).toBe(400);
    expect(badHash.body).toContain("Hash must be a SHA-512 hash");
    const past = await b.post("/console/tenants/acme/tokens", { expiresAt: "2020-01-01" });
    expect(past.statusCode).toBe(400);
    expect(past.body).toContain("ExpiresAt must be in the future");
    expect((await t.store.scimTokens.page("acme", { limit: 10 })).items).toHaveLength(2);
  });

  it("revokes a token: it no longer opens SCIM", async () => {
    const [token] = (await t.store.scimTokens.page("acme", { limit: 10 })).items;
    await b.get("/console/tenants/acme");
    const revoked = await b.post(`/console/tenants/acme/tokens/${token!.id}/revoke`);
    expect(revoked.headers.location).toBe("/console/tenants/acme?done=token-revoked#tokens");
    expect((await t.store.scimTokens.page("acme", { limit: 10 })).items.map((x) => x.id)).not.toContain(token!.id);
    expect((await b.post(`/console/tenants/acme/tokens/${token!.id}/revoke`)).statusCode).toBe(404);
  });

  it("saves settings with the CLI's checks: a bad value changes nothing and says why", async () => {
    await b.get("/console/tenants/acme");
    const bad = await b.post("/console/tenants/acme/settings", {
      "setting.ScimEnabled": "false",
      "setting.DeactivateAction": "explode",
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain("DeactivateAction must be disable or delete");
    expect((await t.tenants.showTenant("acme")).settings).toEqual({});
    const saved = await b.post("/console/tenants/acme/settings", {
      "setting.HashedScimProvisioningToken": HASH.toLowerCase(),
      "setting.ScimEnabled": "false",
      "setting.DeactivateAction": "disable",
    });
    expect(saved.headers.location).toBe("/console/tenants/acme?done=settings-saved#settings");
    // The default DeactivateAction is not stored; the hash is stored as the CLI stores it.
    expect((await t.tenants.showTenant("acme")).settings).toEqual({
      HashedScimProvisioningToken: HASH,
      ScimEnabled: "false",
    });
    const page = await b.get("/console/tenants/acme");
    expect(page.body).toContain("SCIM provisioning is switched off");
    const unchanged = await b.post("/console/tenants/acme/settings", {
      "setting.HashedScimProvisioningToken": HASH,
      "setting.ScimEnabled": "false",
      "setting.DeactivateAction": "disable",
    });
    expect(unchanged.headers.location).toBe("/console/tenants/acme?done=settings-unchanged#settings");
    const removed = await b.post("/console/tenants/acme/settings", {
      "setting.HashedScimProvisioningToken": "",
      "setting.ScimEnabled": "true",
    });
    expect(removed.statusCode).toBe(303);
    expect((await t.tenants.showTenant("acme")).settings).toEqual({ ScimEnabled: "true" });
  });

  it("pauses and resumes, with the state shown on every page of the tenant", async () => {
    await b.get("/console/tenants/acme");
    const bad = await b.post("/console/tenants/acme/pause", { retryAfterSeconds: "soon" });
    expect(bad.statusCode).toBe(400);
    const tooLong = await b.post("/console/tenants/acme/pause", { retryAfterSeconds: "999999" });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.body).toContain("RetryAfterSeconds must be an integer from 1 to 86400");
    expect((await t.tenants.showTenant("acme")).pause).toBeNull();
    const paused = await b.post("/console/tenants/acme/pause", { retryAfterSeconds: "120" });
    expect(paused.headers.location).toBe("/console/tenants/acme?done=paused#pause");
    expect((await t.tenants.showTenant("acme")).pause?.retryAfterSeconds).toBe(120);
    for (const path of ["/console/tenants/acme", "/console/tenants/acme/users", "/console/tenants/acme/roles"]) {
      const page = await b.get(path);
      expect(page.body).toContain('aria-label="Provisioning paused"');
      expect(page.body).toContain("Retry-After: 120 s");
      expect(page.body).toContain('action="/console/tenants/acme/resume"');
    }
    expect((await b.get("/console/tenants")).body).toContain("Paused");
    const resumed = await b.post("/console/tenants/acme/resume");
    expect(resumed.headers.location).toBe("/console/tenants/acme?done=resumed#pause");
    expect((await t.tenants.showTenant("acme")).pause).toBeNull();
    expect((await b.get("/console/tenants/acme")).body).not.toContain('aria-label="Provisioning paused"');
  });
});
