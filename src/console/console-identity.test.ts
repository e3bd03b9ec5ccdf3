import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_ACTOR } from "../domain/actor.ts";
import { IdentityService } from "../domain/identity-service.ts";
import { hashToken } from "../domain/token.ts";
import { DATABASE_KINDS } from "../storage/testing/test-databases.ts";
import { type ConsoleBrowser, type ConsoleTestApp, consoleTestApp } from "./console-test-kit.ts";

const TOKEN = "aWRlbnRpdHktY29uc29sZS10ZXN0LXRva2VuLTAx";
const JANE = "jane@acme.example";
const JANE_PATH = `/console/tenants/acme/users/${encodeURIComponent(JANE)}`;

/** The text of an element with this id (tags removed, white space collapsed). */
function section(body: string, headingId: string): string {
  const start = body.indexOf(`aria-labelledby="${headingId}"`);
  const end = body.indexOf("</section>", start);
  return body
    .slice(start, end)
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

describe.each(DATABASE_KINDS)("users and roles in the console on %s", (kind) => {
  let t: ConsoleTestApp;
  let b: ConsoleBrowser;
  let identity: IdentityService;

  async function scim(method: "POST" | "PATCH", path: string, body: unknown) {
    const response = await t.app.inject({
      method,
      url: `/scim/v2/acme/Okta${path}`,
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/scim+json" },
      payload: JSON.stringify(body),
    });
    expect(response.statusCode).toBeLessThan(300);
    return response.json();
  }

  beforeAll(async () => {
    t = await consoleTestApp(kind);
    identity = new IdentityService(t.store);
    await t.tenants.createTenant("acme");
    await t.tenants.setSetting("acme", "HashedScimProvisioningToken", hashToken(TOKEN));
    const user = await scim("POST", "/Users", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName: "JDoe",
      name: { givenName: "Jane", familyName: "Doe" },
      emails: [{ value: JANE, type: "work", primary: true }],
      phoneNumbers: [{ value: "+1 555 0100", type: "work" }],
      externalId: "00u-jane",
    });
    await scim("POST", "/Groups", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
      displayName: "Regional Manager",
      externalId: "grp-1",
      members: [{ value: user.id }],
    });
    await identity.addRole("acme", "Store Manager");
    await identity.addRole("acme", "Cashier");
    await identity.addRole("acme", "Auditor");
    await identity.nest("acme", "regionalmanager", "storemanager");
    await identity.nest("acme", "storemanager", "cashier");
    await identity.grant("acme", JANE, "auditor", CLI_ACTOR);
    for (let n = 0; n < 55; n++) {
      await identity.addUser("acme", `bulk${String(n).padStart(2, "0")}@acme.example`, { firstName: "Bulk" });
    }
    b = await t.signedIn(await t.key());
  });
  afterAll(() => t.close());

  it("shows a user's mapped fields, external ids per provider, and active state", async () => {
    const page = await b.get(JANE_PATH);
    expect(page.statusCode).toBe(200);
    const fields = section(page.body, "fields-title");
    for (const text of [JANE, "Jane", "Doe", "+1 555 0100", "00u-jane", "Active yes"]) expect(fields).toContain(text);
    expect(section(page.body, "external-title")).toContain("Okta JDoe");
  });

  it("shows direct roles with their source and indirect roles with one shortest path", async () => {
    const page = await b.get(JANE_PATH);
    const direct = section(page.body, "direct-title");
    expect(direct).toMatch(/Regional Manager regionalmanager scim:Okta/);
    expect(direct).toMatch(/Auditor auditor manual/);
    const indirect = section(page.body, "indirect-title");
    expect(indirect).toContain("Store Manager via Regional Manager");
    expect(indirect).toContain("Cashier via Regional Manager → Store Manager");
  });

  it("grants and revokes by hand; a missing role is refused with the reason", async () => {
    await b.get(JANE_PATH);
    const granted = await b.post(`${JANE_PATH}/roles`, { roleId: "cashier" });
    expect(granted.headers.location).toBe(`${JANE_PATH}?done=granted`);
    expect((await identity.showUser("acme", JANE)).roles).toContainEqual({
      roleId: "cashier",
      source: "manual",
      provider: null,
    });
    const missing = await b.post(`${JANE_PATH}/roles`, { roleId: "nosuchrole" });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain("role &quot;nosuchrole&quot; does not exist");
    const empty = await b.post(`${JANE_PATH}/roles`, { roleId: " " });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain("Choose the role to grant");
    const revoked = await b.post(`${JANE_PATH}/roles/cashier/revoke`);
    expect(revoked.headers.location).toBe(`${JANE_PATH}?done=revoked`);
    expect((await identity.showUser("acme", JANE)).roles.map((r) => r.roleId)).not.toContain("cashier");
    expect((await b.post("/console/tenants/acme/users/nobody%40x.io/roles", { roleId: "cashier" })).statusCode).toBe(
      404,
    );
  });

  it("shows an inactive user's state at a glance", async () => {
    await identity.updateUser("acme", "bulk00@acme.example", { active: false }, CLI_ACTOR);
    const page = await b.get("/console/tenants/acme/users/bulk00%40acme.example");
    expect(page.body).toContain("this user holds no role while inactive");
    expect((await b.get("/console/tenants/acme/users?q=bulk00")).body).toContain("Inactive");
  });

  it("searches users by the start of an email or a name, paged with a cursor", async () => {
    const byName = await b.get("/console/tenants/acme/users?q=jan");
    expect(byName.body).toContain(JANE_PATH);
    expect(byName.body).not.toContain("bulk01");
    const byLastName = await b.get("/console/tenants/acme/users?q=DOE");
    expect(byLastName.body).toContain(JANE_PATH);
    const none = await b.get("/console/tenants/acme/users?q=zzz");
    expect(none.body).toContain("No user whose email or name starts with “zzz”.");
    const first = await b.get("/console/tenants/acme/users?q=bulk");
    const rows = (body: string) =>
      [...body.matchAll(/href="\/console\/tenants\/acme\/users\/(bulk\d\d)%40/g)].map((m) => m[1]);
    expect(rows(first.body)).toHaveLength(50);
    const next = /href="([^"]+)" rel="next"/.exec(first.body)?.[1]?.replaceAll("&amp;", "&");
    expect(next).toContain("q=bulk");
    const second = await b.get(next!);
    expect(rows(second.body)).toEqual(["bulk50", "bulk51", "bulk52", "bulk53", "bulk54"]);
    expect(second.body).not.toContain('rel="next"');
  });

  it("answers an htmx search with the whole page, whose results part htmx swaps in", async () => {
    const response = await b.get("/console/tenants/acme/users?q=jane", { "hx-request": "true" });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('id="user-results"');
    expect(response.body).toContain('hx-select="#user-results"');
  });

  it("draws the nesting below a role as nested lists, with its members direct and indirect", async () => {
    const page = await b.get("/console/tenants/acme/roles/regionalmanager");
    expect(page.statusCode).toBe(200);
    const start = page.body.indexOf('<ul class="tree"');
    const tree = page.body.slice(start, page.body.indexOf("\n", start));
    const shape = tree
      .replace(/<form.*?<\/form>/gs, "")
      .replace(/<a [^>]*>([^<]*)<\/a>/g, "$1")
      .replace(/<span[^>]*>|<\/span>/g, "")
      .replace(/\s+/g, "")
      .replace(/<ulclass="tree"aria-label="RolescontainedinRegionalManager">/, "<ul>");
    expect(shape).toBe("<ul><li>RegionalManager<ul><li>StoreManager<ul><li>Cashier</li></ul></li></ul></li></ul>");
    expect(section(page.body, "members-title")).toContain(`${JANE} Directly`);
    const cashier = await b.get("/console/tenants/acme/roles/cashier");
    expect(section(cashier.body, "members-title")).toContain(`${JANE} Through nesting`);
    expect(section(cashier.body, "parents-title")).toContain("Store Manager");
    expect(section(page.body, "links-title")).toContain("Okta grp-1");
  });

  it("nests and unnests; a cycle is refused with a clear message and nothing changes", async () => {
    await b.get("/console/tenants/acme/roles/auditor");
    const nested = await b.post("/console/tenants/acme/roles/auditor/children", { childId: "cashier" });
    expect(nested.headers.location).toBe("/console/tenants/acme/roles/auditor?done=nested");
    expect((await identity.showRole("acme", "auditor")).children).toEqual(["cashier"]);
    const cycle = await b.post("/console/tenants/acme/roles/cashier/children", { childId: "regionalmanager" });
    expect(cycle.statusCode).toBe(409);
    expect(cycle.body).toContain("would make a cycle");
    expect(cycle.body).toContain('role="alert"');
    const self = await b.post("/console/tenants/acme/roles/cashier/children", { childId: "cashier" });
    expect(self.statusCode).toBe(409);
    expect((await identity.showRole("acme", "cashier")).children).toEqual([]);
    const unnested = await b.post("/console/tenants/acme/roles/auditor/children/cashier/remove");
    expect(unnested.headers.location).toBe("/console/tenants/acme/roles/auditor?done=unnested");
    expect((await identity.showRole("acme", "auditor")).children).toEqual([]);
  });

  it("adds a role by hand, and refuses an empty name", async () => {
    await b.get("/console/tenants/acme/roles");
    const added = await b.post("/console/tenants/acme/roles", { displayName: "Night Shift" });
    expect(added.headers.location).toBe("/console/tenants/acme/roles/nightshift?done=role-created");
    const empty = await b.post("/console/tenants/acme/roles", { displayName: "   " });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain("Not done:");
  });

  it("reaches roles and users whose ids hold a slash, a percent sign or a question mark", async () => {
    const role = await identity.addRole("acme", "Sales/EMEA 100%?");
    expect(role.id).toBe("sales/emea100%?");
    await identity.addUser("acme", "odd/100%?@acme.example");
    const rolePath = `/console/tenants/acme/roles/${encodeURIComponent(role.id)}`;
    expect((await b.get(rolePath)).statusCode).toBe(200);
    await b.get(rolePath);
    expect((await b.post(`${rolePath}/children`, { childId: "cashier" })).headers.location).toBe(
      `${rolePath}?done=nested`,
    );
    const userPath = `/console/tenants/acme/users/${encodeURIComponent("odd/100%?@acme.example")}`;
    await b.get(userPath);
    expect((await b.post(`${userPath}/roles`, { roleId: role.id })).headers.location).toBe(`${userPath}?done=granted`);
    const page = await b.get(userPath);
    expect(page.body).toContain(`href="${rolePath}"`);
    expect(page.body).toContain(`action="${userPath}/roles/${encodeURIComponent(role.id)}/revoke"`);
    expect((await b.post(`${userPath}/roles/${encodeURIComponent(role.id)}/revoke`)).statusCode).toBe(303);
    expect((await identity.showUser("acme", "odd/100%?@acme.example")).roles).toEqual([]);
  });

  it("lists roles with their type, who linked them and what they contain", async () => {
    const page = await b.get("/console/tenants/acme/roles");
    const text = page.body.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
    expect(text).toContain("Regional Manager regionalmanager SCIM group Okta Store Manager");
    expect(text).toContain("Cashier cashier By hand");
  });

  it("pages a role's members", async () => {
    for (let n = 0; n < 55; n++)
      await identity.grant("acme", `bulk${String(n).padStart(2, "0")}@acme.example`, "auditor");
    const first = await b.get("/console/tenants/acme/roles/auditor");
    const next = /href="([^"]+)" rel="next"/.exec(first.body)?.[1]?.replaceAll("&amp;", "&");
    expect(next).toContain("members=");
    const second = await b.get(next!);
    expect(second.statusCode).toBe(200);
    expect(second.body).toContain("jane@acme.example");
    expect(second.body).not.toContain("bulk00@acme.example");
  });
});
