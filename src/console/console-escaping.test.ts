import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashToken } from "../domain/token.ts";
import { DATABASE_KINDS } from "../storage/testing/test-databases.ts";
import { type ConsoleBrowser, type ConsoleTestApp, consoleTestApp } from "./console-test-kit.ts";

const SCRIPT = "<script>alert(1)</script>";
const ATTRIBUTE = `"><img src=x onerror=alert(1)>`;
const TOKEN = "ZXNjYXBpbmctdGVzdC10b2tlbi0wMTIzNDU2Nzg5";

/** True when the raw HTML holds markup an attacker wrote, rather than its text. */
function injected(body: string): boolean {
  return body.includes("<script>alert") || body.includes("<img src=x") || body.includes('"><img');
}

describe.each(DATABASE_KINDS)("escaping in the console on %s", (kind) => {
  let t: ConsoleTestApp;
  let b: ConsoleBrowser;
  let userId = "";
  let groupId = "";

  async function scim(method: string, path: string, body: unknown) {
    return t.app.inject({
      method: method as "POST",
      url: `/scim/v2/acme/Okta${path}`,
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/scim+json" },
      payload: JSON.stringify(body),
    });
  }

  beforeAll(async () => {
    t = await consoleTestApp(kind);
    await t.tenants.createTenant("acme");
    await t.tenants.setSetting("acme", "HashedScimProvisioningToken", hashToken(TOKEN));
    const user = await scim("POST", "/Users", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName: `x${ATTRIBUTE}@evil.example`,
      displayName: SCRIPT,
      name: { givenName: ATTRIBUTE, familyName: SCRIPT },
      emails: [{ value: "mallory@evil.example", type: "work", primary: true }],
      externalId: ATTRIBUTE,
    });
    expect(user.statusCode).toBe(201);
    userId = user.json().id;
    const group = await scim("POST", "/Groups", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
      displayName: SCRIPT,
      externalId: ATTRIBUTE,
      members: [{ value: userId }],
    });
    expect(group.statusCode).toBe(201);
    groupId = group.json().id;
    const parent = await scim("POST", "/Groups", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
      displayName: `Parent ${ATTRIBUTE}`,
      members: [{ value: userId }],
    });
    const { IdentityService } = await import("../domain/identity-service.ts");
    await new IdentityService(t.store).nest("acme", parent.json().id, groupId);
    b = await t.signedIn(await t.key());
  });
  afterAll(() => t.close());

  it("renders a user's displayName and names as text on the user list and the user page", async () => {
    const list = await b.get("/console/tenants/acme/users");
    expect(list.statusCode).toBe(200);
    expect(injected(list.body)).toBe(false);
    expect(list.body).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    const page = await b.get(`/console/tenants/acme/users/${encodeURIComponent(userId)}`);
    expect(page.statusCode).toBe(200);
    expect(injected(page.body)).toBe(false);
    expect(page.body).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(page.body).toContain("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
  });

  it("renders role names and external ids as text in lists, trees, paths and titles", async () => {
    for (const path of [
      "/console/tenants/acme/roles",
      `/console/tenants/acme/roles/${encodeURIComponent(groupId)}`,
      `/console/tenants/acme/users/${encodeURIComponent(userId)}`,
    ]) {
      const response = await b.get(path);
      expect({ path, status: response.statusCode }).toEqual({ path, status: 200 });
      expect({ path, injected: injected(response.body) }).toEqual({ path, injected: false });
    }
  });

  it("reflects a search and a provider name as text", async () => {
    const search = await b.get(`/console/tenants/acme/users?q=${encodeURIComponent(ATTRIBUTE)}`);
    expect(injected(search.body)).toBe(false);
    expect(search.body).toContain('value="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"');
    const provider = await b.get(`/console/tenants/acme?provider=${encodeURIComponent(ATTRIBUTE)}`);
    expect(injected(provider.body)).toBe(false);
  });

  it("shows a refused form's input and the domain's message as text", async () => {
    await b.get("/console/tenants/acme/roles");
    const refused = await b.post(`/console/tenants/acme/roles/${encodeURIComponent(groupId)}/children`, {
      childId: `${SCRIPT}-missing`,
    });
    expect(refused.statusCode).toBe(400);
    expect(injected(refused.body)).toBe(false);
    const tenant = await b.post("/console/tenants", { id: SCRIPT });
    expect(tenant.statusCode).toBe(400);
    expect(injected(tenant.body)).toBe(false);
  });

  it("never quotes an unknown path back unescaped", async () => {
    const response = await b.get(`/console/tenants/acme/users/${encodeURIComponent(SCRIPT)}`);
    expect(response.statusCode).toBe(404);
    expect(injected(response.body)).toBe(false);
  });

  it("renders the provisioning log's values and the events' data as text", async () => {
    await scim("GET", `/Users/${encodeURIComponent(SCRIPT)}`, undefined);
    const log = await b.get("/console/tenants/acme/log?outcome=created");
    expect(log.statusCode).toBe(200);
    expect(injected(log.body)).toBe(false);
    // The group's Id (its displayName), shown by its row and encoded in its link.
    expect(log.body).toContain("</span> &lt;script&gt;alert(1)&lt;/script&gt;</a>");
    for (const path of [
      "/console/tenants/acme/log",
      "/console/tenants/acme/log/rows",
      "/console/tenants/acme/events",
      "/console/tenants/acme/migration",
    ]) {
      const response = await b.get(path);
      expect({ path, status: response.statusCode }).toEqual({ path, status: 200 });
      expect({ path, injected: injected(response.body) }).toEqual({ path, injected: false });
    }
    const events = await b.get("/console/tenants/acme/events");
    expect(events.body).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it("reflects the log's filters as text, refused or not", async () => {
    for (const query of [
      `provider=${encodeURIComponent(ATTRIBUTE)}`,
      `status=${encodeURIComponent(SCRIPT)}`,
      `since=${encodeURIComponent(ATTRIBUTE)}`,
      `resourceId=${encodeURIComponent(ATTRIBUTE)}&resourceType=User`,
    ]) {
      const response = await b.get(`/console/tenants/acme/log?${query}`);
      expect({ query, injected: injected(response.body) }).toEqual({ query, injected: false });
    }
  });

  it("shows an import document given back in its field as text, even one that closes the field", async () => {
    await b.get("/console/tenants/acme/migration");
    const document = `</textarea>${SCRIPT}`;
    const response = await b.post("/console/tenants/acme/import", { document, mode: "dry-run", merge: "true" });
    expect(response.statusCode).toBe(400);
    expect(injected(response.body)).toBe(false);
    expect(response.body).toContain("&lt;/textarea&gt;&lt;script&gt;");
  });
});
