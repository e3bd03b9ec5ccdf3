/** SPEC §5 and §6 through the SCIM service, on every database. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASE_KINDS } from "../storage/testing/test-databases.ts";
import { context, domainKit, ops, scimGroup, scimUser } from "./scim-test-kit.ts";

const MEMBERS = { includeMembers: true } as const;
const QUIET = { includeMembers: false } as const;

describe.each(DATABASE_KINDS)("SCIM groups on %s", (kind) => {
  let kit: Awaited<ReturnType<typeof domainKit>>;
  beforeAll(async () => {
    kit = await domainKit(kind);
  });
  afterAll(async () => {
    await kit.handle.dispose();
  });

  async function users(t: string, ...ids: string[]) {
    for (const id of ids) await kit.scim.createUser(context(t), scimUser(`${id}@corp`, `${id}@x.io`));
  }

  describe("create", () => {
    it("creates a role whose Id is the display name in lower case without any white space", async () => {
      const t = await kit.tenant();
      const group = await kit.scim.createGroup(context(t), scimGroup("Sales\u00a0Team \tNorth\u3000"), MEMBERS);
      expect(group).toMatchObject({ id: "salesteamnorth", displayName: "Sales\u00a0Team \tNorth\u3000" });
      expect((await kit.identity.showRole(t, "salesteamnorth")).role).toMatchObject({ roleType: "Group" });
      expect((await kit.identity.showRole(t, "salesteamnorth")).children).toEqual([]);
    });

    it("adopts a role made by hand with the same normalized name and stores the externalId with the provider", async () => {
      const t = await kit.tenant();
      await kit.identity.addRole(t, "Store Managers");
      const group = await kit.scim.createGroup(
        context(t, "EntraID"),
        scimGroup("store managers", { externalId: "g-1" }),
        MEMBERS,
      );
      expect(group).toMatchObject({ id: "storemanagers", externalId: "g-1" });
      const { role } = await kit.identity.showRole(t, "storemanagers");
      expect(role.externalIds).toEqual([{ provider: "EntraID", value: "g-1" }]);
    });

    it("refuses a create whose externalId this provider already linked with 409 uniqueness, changing nothing", async () => {
      const t = await kit.tenant();
      await users(t, "a");
      await kit.scim.createGroup(context(t), scimGroup("Alpha", { externalId: "g-a" }), MEMBERS);
      await kit.identity.addRole(t, "Beta");
      await expect(
        kit.scim.createGroup(
          context(t),
          scimGroup("Beta", { externalId: "g-a", members: [{ value: "a@x.io" }] }),
          MEMBERS,
        ),
      ).rejects.toMatchObject({ code: "uniqueness" });
      await expect(
        kit.scim.createGroup(context(t), scimGroup("Alpha", { externalId: "g-a" }), MEMBERS),
      ).rejects.toMatchObject({ code: "uniqueness" });
      expect(await kit.scim.getGroup(context(t), "alpha", MEMBERS)).toMatchObject({
        displayName: "Alpha",
        meta: { version: 'W/"1"' },
      });
      expect(await kit.scim.getGroup(context(t), "beta", MEMBERS)).not.toHaveProperty("members");
    });

    it("adopts by display name a role that another provider linked, keeping both external ids", async () => {
      const t = await kit.tenant();
      await kit.scim.createGroup(context(t, "Okta"), scimGroup("Alpha", { externalId: "g-a" }), MEMBERS);
      const adopted = await kit.scim.createGroup(context(t), scimGroup("alpha", { externalId: "g-a" }), MEMBERS);
      expect(adopted).toMatchObject({ id: "alpha", externalId: "g-a" });
      const { role } = await kit.identity.showRole(t, "alpha");
      expect(role.externalIds.map((x) => x.provider).sort()).toEqual(["EntraID", "Okta"]);
    });

    it("adopts the role of the display name again when the create has no externalId", async () => {
      const t = await kit.tenant();
      await kit.scim.createGroup(context(t), scimGroup("Alpha", { externalId: "g-a" }), MEMBERS);
      expect((await kit.scim.createGroup(context(t), scimGroup("ALPHA"), MEMBERS))["id"]).toBe("alpha");
    });

    it("suffixes -2, -3 when the name is taken by a role linked to another group of the provider", async () => {
      const t = await kit.tenant();
      await kit.scim.createGroup(context(t), scimGroup("Ops", { externalId: "g-1" }), MEMBERS);
      const second = await kit.scim.createGroup(context(t), scimGroup("OPS", { externalId: "g-2" }), MEMBERS);
      const third = await kit.scim.createGroup(context(t), scimGroup("o p s", { externalId: "g-3" }), MEMBERS);
      expect([second["id"], third["id"]]).toEqual(["ops-2", "ops-3"]);
    });

    it("refuses a blank display name and a member that is not a user, changing nothing", async () => {
      const t = await kit.tenant();
      await expect(kit.scim.createGroup(context(t), scimGroup(" \t "), MEMBERS)).rejects.toMatchObject({
        code: "invalidValue",
      });
      await expect(
        kit.scim.createGroup(context(t), scimGroup("Ghosts", { members: [{ value: "ghost" }] }), MEMBERS),
      ).rejects.toMatchObject({ code: "invalidValue" });
      await expect(kit.identity.showRole(t, "ghosts")).rejects.toMatchObject({ code: "notFound" });
    });
  });

  describe("rename and replace", () => {
    it("keeps the Id when the group is renamed", async () => {
      const t = await kit.tenant();
      await kit.scim.createGroup(context(t), scimGroup("Finance"), MEMBERS);
      await kit.scim.patchGroup(
        context(t),
        "finance",
        ops({ op: "replace", path: "displayName", value: "Finance & Control" }),
        QUIET,
      );
      expect(await kit.scim.getGroup(context(t), "finance", MEMBERS)).toMatchObject({
        id: "finance",
        displayName: "Finance & Control",
      });
    });

    it("PUT replaces the member set", async () => {
      const t = await kit.tenant();
      await users(t, "a", "b", "c");
      await kit.scim.createGroup(
        context(t),
        scimGroup("G", { members: [{ value: "a@x.io" }, { value: "b@x.io" }] }),
        MEMBERS,
      );
      const replaced = await kit.scim.replaceGroup(
        context(t),
        "g",
        scimGroup("G", { members: [{ value: "c@x.io" }] }),
        MEMBERS,
      );
      expect(replaced["members"]).toEqual([expect.objectContaining({ value: "c@x.io", type: "User" })]);
    });
  });

  describe("membership", () => {
    it("adds and removes members named by PATCH, in either provider's shape", async () => {
      const t = await kit.tenant();
      await users(t, "a", "b", "c");
      await kit.scim.createGroup(context(t), scimGroup("Team"), MEMBERS);
      await kit.scim.patchGroup(
        context(t),
        "team",
        ops({ op: "Add", path: "members", value: [{ value: "a@x.io" }, { value: "b@x.io" }, { value: "c@x.io" }] }),
        QUIET,
      );
      // Entra ID: remove with a value array removes only those members.
      await kit.scim.patchGroup(
        context(t),
        "team",
        ops({ op: "Remove", path: "members", value: [{ value: "a@x.io" }] }),
        QUIET,
      );
      // Okta: a value filter in the path.
      await kit.scim.patchGroup(context(t), "team", ops({ op: "remove", path: 'members[value eq "b@x.io"]' }), QUIET);
      const group = await kit.scim.getGroup(context(t), "team", MEMBERS);
      expect((group["members"] as { value: string }[]).map((m) => m.value)).toEqual(["c@x.io"]);
      expect(group["meta"]).toMatchObject({ version: 'W/"4"' });
    });

    it("shows a user's direct roles and the roles they contain", async () => {
      const t = await kit.tenant();
      await users(t, "n");
      await kit.scim.createGroup(
        context(t),
        scimGroup("Regional Manager", { members: [{ value: "n@x.io" }] }),
        MEMBERS,
      );
      await kit.identity.addRole(t, "Store Manager");
      await kit.identity.addRole(t, "Sales Team");
      await kit.identity.nest(t, "regionalmanager", "storemanager");
      await kit.identity.nest(t, "storemanager", "salesteam");
      const read = await kit.scim.getUser(context(t), "n@x.io");
      expect(read["groups"]).toEqual([
        expect.objectContaining({ value: "regionalmanager", display: "Regional Manager", type: "direct" }),
        expect.objectContaining({ value: "salesteam", type: "indirect" }),
        expect.objectContaining({ value: "storemanager", type: "indirect" }),
      ]);
      await expect(kit.identity.nest(t, "salesteam", "regionalmanager")).rejects.toMatchObject({
        code: "conflict",
      });
    });

    it("refuses to add a member that is not a user of the tenant and applies nothing of the PATCH", async () => {
      const t = await kit.tenant();
      await users(t, "ok");
      await kit.scim.createGroup(context(t), scimGroup("Strict"), MEMBERS);
      await expect(
        kit.scim.patchGroup(
          context(t),
          "strict",
          ops(
            { op: "replace", path: "displayName", value: "Renamed" },
            { op: "add", path: "members", value: [{ value: "ok@x.io" }, { value: "nobody" }] },
          ),
          QUIET,
        ),
      ).rejects.toMatchObject({ code: "invalidValue" });
      expect(await kit.scim.getGroup(context(t), "strict", MEMBERS)).not.toHaveProperty("members");
      expect((await kit.scim.getGroup(context(t), "strict", MEMBERS))["displayName"]).toBe("Strict");
    });

    it("does not read the members when they are not asked for", async () => {
      const t = await kit.tenant();
      await users(t, "m");
      await kit.scim.createGroup(context(t), scimGroup("Quiet", { members: [{ value: "m@x.io" }] }), MEMBERS);
      expect(await kit.scim.getGroup(context(t), "quiet", { includeMembers: false })).not.toHaveProperty("members");
    });

    it("deleting a group removes the role from every user and every parent role", async () => {
      const t = await kit.tenant();
      await users(t, "u");
      await kit.scim.createGroup(context(t), scimGroup("Child", { members: [{ value: "u@x.io" }] }), MEMBERS);
      await kit.identity.addRole(t, "Parent");
      await kit.identity.nest(t, "parent", "child");
      await kit.scim.deleteGroup(context(t), "child");
      expect((await kit.identity.showRole(t, "parent")).children).toEqual([]);
      expect(await kit.identity.access(t, "u@x.io")).toEqual({ active: true, direct: [], indirect: [] });
      await expect(kit.scim.getGroup(context(t), "child", MEMBERS)).rejects.toMatchObject({ code: "notFound" });
    });
  });

  describe("the seed's Common Scenarios (SPEC §7)", () => {
    it("Existing user with manual roles: [RoleA, RoleB] + IdP [GroupX] → merged on first sync, [GroupX] after", async () => {
      const t = await kit.tenant();
      await kit.identity.addUser(t, "pat@x.io");
      for (const name of ["RoleA", "RoleB"]) {
        const role = await kit.identity.addRole(t, name);
        await kit.identity.grant(t, "pat@x.io", role.id);
      }
      // First sync: the create (adoption), then the group membership.
      await kit.scim.createUser(context(t), scimUser("pat@corp", "pat@x.io"));
      await kit.scim.createGroup(context(t), scimGroup("GroupX", { members: [{ value: "pat@x.io" }] }), MEMBERS);
      expect((await kit.identity.access(t, "pat@x.io")).direct.map((r) => r.id)).toEqual(["groupx", "rolea", "roleb"]);
      // The next write of the user resource: only what SCIM groups give remains.
      await kit.scim.patchUser(context(t), "pat@x.io", ops({ op: "replace", path: "title", value: "Clerk" }));
      expect((await kit.identity.access(t, "pat@x.io")).direct.map((r) => r.id)).toEqual(["groupx"]);
    });

    it('Role name mismatch: "Store Managers" exists, IdP sends "Store Manager" → a new role, the old one not adopted', async () => {
      const t = await kit.tenant();
      await kit.identity.addRole(t, "Store Managers");
      const created = await kit.scim.createGroup(
        context(t),
        scimGroup("Store Manager", { externalId: "g-sm" }),
        MEMBERS,
      );
      expect(created["id"]).toBe("storemanager");
      expect((await kit.identity.showRole(t, "storemanagers")).role.externalIds).toEqual([]);
    });

    it('Nested roles: "Regional Manager" contains "Store Manager" and "Sales Team" → direct and indirect', async () => {
      const t = await kit.tenant();
      await users(t, "rm");
      await kit.identity.addRole(t, "Store Manager");
      await kit.identity.addRole(t, "Sales Team");
      await kit.identity.addRole(t, "Regional Manager");
      await kit.identity.nest(t, "regionalmanager", "storemanager");
      await kit.identity.nest(t, "regionalmanager", "salesteam");
      await kit.scim.createGroup(
        context(t),
        scimGroup("Regional Manager", { members: [{ value: "rm@x.io" }] }),
        MEMBERS,
      );
      expect(await kit.identity.access(t, "rm@x.io")).toEqual({
        active: true,
        direct: [{ id: "regionalmanager", displayName: "Regional Manager" }],
        indirect: [
          { id: "salesteam", displayName: "Sales Team" },
          { id: "storemanager", displayName: "Store Manager" },
        ],
      });
    });

    it("switching providers links the second provider to the same role and loses nothing", async () => {
      const t = await kit.tenant();
      await users(t, "s");
      await kit.scim.createGroup(
        context(t, "Okta"),
        scimGroup("Support", { externalId: "okta-1", members: [{ value: "s@x.io" }] }),
        MEMBERS,
      );
      const entra = await kit.scim.createGroup(
        context(t, "EntraID"),
        scimGroup("Support", { externalId: "entra-1" }),
        MEMBERS,
      );
      expect(entra["id"]).toBe("support");
      const { role } = await kit.identity.showRole(t, "support");
      expect(role.externalIds.map((e) => `${e.provider}:${e.value}`).sort()).toEqual([
        "EntraID:entra-1",
        "Okta:okta-1",
      ]);
      expect((await kit.identity.access(t, "s@x.io")).direct.map((r) => r.id)).toEqual(["support"]);
    });
  });
});
