/** The tenant setting ManualRoles (SPEC §7, §12) through SCIM requests, on SQLite and PostgreSQL. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASE_KINDS } from "../storage/testing/test-databases.ts";
import { type ApiTestApp, apiTestApp } from "./api/api-test-kit.ts";
import { api, scim } from "./api/migration-test-kit.ts";

const TOKEN = "bWFudWFsLXJvbGVzLXRva2VuLTAxMjM0NTY3ODlhYmNk";
const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

describe.each(DATABASE_KINDS)("ManualRoles on %s", (kind) => {
  let t: ApiTestApp;
  let tenants = 0;

  beforeAll(async () => {
    t = await apiTestApp(kind);
  });
  afterAll(() => t.close());

  /**
   * A tenant with the seed's "existing user with manual roles": Pat holds RoleA and RoleB by
   * hand; Entra ID provisions Pat and puts Pat in GroupX (the first sync, which merges).
   */
  async function seedScenario(rule?: "replace" | "keep") {
    tenants += 1;
    const tenant = `mr${tenants}`;
    await t.addTenant(tenant, TOKEN);
    if (rule) await api(t, "PATCH", `/tenants/${tenant}`, { Settings: { ManualRoles: rule } });
    for (const name of ["RoleA", "RoleB"]) await api(t, "POST", `/tenants/${tenant}/roles`, { DisplayName: name });
    await api(t, "POST", `/tenants/${tenant}/users`, { Email: "pat@acme.example" });
    for (const role of ["rolea", "roleb"])
      await api(t, "PUT", `/tenants/${tenant}/users/pat%40acme.example/roles/${role}`);
    const send = (method: "POST" | "PUT" | "PATCH", path: string, body: unknown) =>
      scim(t, TOKEN, tenant, "EntraID", method, path, body);
    expect(
      (
        await send("POST", "/Users", {
          schemas: [USER],
          userName: "pat@corp.example",
          emails: [{ value: "pat@acme.example", type: "work", primary: true }],
        })
      ).statusCode,
    ).toBe(201);
    expect(
      (
        await send("POST", "/Groups", {
          schemas: [GROUP],
          displayName: "GroupX",
          members: [{ value: "pat@acme.example" }],
        })
      ).statusCode,
    ).toBe(201);
    const roles = async () =>
      (await api(t, "GET", `/tenants/${tenant}/users/pat%40acme.example`)).json() as {
        Roles: string[];
        RoleSources: Record<string, string>;
      };
    const patchUser = () =>
      send("PATCH", "/Users/pat%40acme.example", {
        schemas: [PATCH],
        Operations: [{ op: "replace", path: "name.givenName", value: `Pat ${Date.now()}` }],
      });
    return { tenant, send, roles, patchUser };
  }

  it("replace (the default): the first sync merges, the next write of the user keeps only what its groups give", async () => {
    const { roles, patchUser, send } = await seedScenario();
    expect((await roles()).Roles).toEqual(["groupx", "rolea", "roleb"]);
    expect((await patchUser()).statusCode).toBe(200);
    expect(await roles()).toEqual(
      expect.objectContaining({ Roles: ["groupx"], RoleSources: { groupx: "scim:EntraID" } }),
    );
    // A PUT of the user is a write of it too.
    expect(
      (await send("PUT", "/Users/pat%40acme.example", { schemas: [USER], userName: "pat@corp.example" })).statusCode,
    ).toBe(200);
    expect((await roles()).Roles).toEqual(["groupx"]);
  });

  it("keep: no write of the user drops a role granted by hand; SCIM-given roles still follow the provider", async () => {
    const { tenant, roles, patchUser, send } = await seedScenario("keep");
    expect((await patchUser()).statusCode).toBe(200);
    expect(await roles()).toEqual(
      expect.objectContaining({
        Roles: ["groupx", "rolea", "roleb"],
        RoleSources: { groupx: "scim:EntraID", rolea: "manual", roleb: "manual" },
      }),
    );
    // A PATCH that changes nothing is a write too.
    const same = await send("PATCH", "/Users/pat%40acme.example", {
      schemas: [PATCH],
      Operations: [{ op: "replace", path: "userName", value: "pat@corp.example" }],
    });
    expect(same.statusCode).toBe(200);
    expect((await roles()).Roles).toEqual(["groupx", "rolea", "roleb"]);
    // The provider takes its own group away: that role goes, the hand-granted ones stay.
    const groupx = await send("PATCH", "/Groups/groupx", {
      schemas: [PATCH],
      Operations: [{ op: "remove", path: 'members[value eq "pat@acme.example"]' }],
    });
    expect(groupx.statusCode).toBe(204);
    expect((await roles()).Roles).toEqual(["rolea", "roleb"]);
    // A group the provider adopted, holding a hand grant: its member writes leave the grant alone.
    const adopted = await send("POST", "/Groups", { schemas: [GROUP], displayName: "RoleA", members: [] });
    expect(adopted.json()).toMatchObject({ id: "rolea" });
    await send("PUT", "/Groups/rolea", { schemas: [GROUP], displayName: "RoleA", members: [] });
    await send("PATCH", "/Groups/rolea", { schemas: [PATCH], Operations: [{ op: "remove", path: "members" }] });
    await send("PATCH", "/Groups/rolea", {
      schemas: [PATCH],
      Operations: [{ op: "add", path: "members", value: [{ value: "pat@acme.example" }] }],
    });
    await send("PATCH", "/Groups/rolea", {
      schemas: [PATCH],
      Operations: [{ op: "remove", path: 'members[value eq "pat@acme.example"]' }],
    });
    expect(await roles()).toEqual(
      expect.objectContaining({ Roles: ["rolea", "roleb"], RoleSources: { rolea: "manual", roleb: "manual" } }),
    );
    const audit = (await api(t, "GET", `/tenants/${tenant}/audit`)).json();
    expect(audit).toMatchObject({ ManualRoles: "keep", ManualRolesToDrop: [], Counts: { ManualRolesToDrop: 0 } });
  });

  it("switching takes effect at the next write: keep, then replace drops the hand grants", async () => {
    const { tenant, roles, patchUser } = await seedScenario("keep");
    expect((await patchUser()).statusCode).toBe(200);
    expect((await roles()).Roles).toEqual(["groupx", "rolea", "roleb"]);
    const before = (await api(t, "GET", `/tenants/${tenant}/audit`)).json();
    expect(before).toMatchObject({ ManualRoles: "keep", ManualRolesToDrop: [] });
    await api(t, "PATCH", `/tenants/${tenant}`, { Settings: { ManualRoles: "replace" } });
    const audit = (await api(t, "GET", `/tenants/${tenant}/audit`)).json();
    expect(audit).toMatchObject({
      ManualRoles: "replace",
      ManualRolesToDrop: [{ UserId: "pat@acme.example", Roles: ["rolea", "roleb"], When: "next-write" }],
    });
    expect((await roles()).Roles).toEqual(["groupx", "rolea", "roleb"]);
    expect((await patchUser()).statusCode).toBe(200);
    expect((await roles()).Roles).toEqual(["groupx"]);
  });

  it("refuses a value that is neither replace nor keep, naming the setting", async () => {
    tenants += 1;
    await t.addTenant(`mr${tenants}`, TOKEN);
    const response = await t.call({
      method: "PATCH",
      url: `/api/v1/tenants/mr${tenants}`,
      key: t.rootKey,
      body: { Settings: { ManualRoles: "merge" } },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ errors: [{ field: "Settings.ManualRoles" }] });
    const shown = (await api(t, "GET", `/tenants/mr${tenants}`)).json();
    expect(shown).toMatchObject({ Settings: { ManualRoles: "replace" } });
  });
});
