/** SPEC §4 and §7 through the SCIM service, on every database. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASE_KINDS } from "../storage/testing/test-databases.ts";
import { context, domainKit, ops, scimUser } from "./scim-test-kit.ts";

describe.each(DATABASE_KINDS)("SCIM users on %s", (kind) => {
  let kit: Awaited<ReturnType<typeof domainKit>>;
  beforeAll(async () => {
    kit = await domainKit(kind);
  });
  afterAll(async () => {
    await kit.handle.dispose();
  });

  describe("mapping", () => {
    it("takes the Id from the primary email, then the work email, then the first", async () => {
      const t = await kit.tenant();
      const primary = await kit.scim.createUser(context(t), {
        ...scimUser("p@corp"),
        emails: [
          { value: "work@x.io", type: "work" },
          { value: "primary@x.io", type: "home", primary: true },
        ],
      });
      expect(primary["id"]).toBe("primary@x.io");
      const work = await kit.scim.createUser(context(t), {
        ...scimUser("w@corp"),
        emails: [
          { value: "home@y.io", type: "home" },
          { value: "work@y.io", type: "work" },
        ],
      });
      expect(work["id"]).toBe("work@y.io");
      const first = await kit.scim.createUser(context(t), {
        ...scimUser("f@corp"),
        emails: [{ value: "one@z.io" }, { value: "two@z.io" }],
      });
      expect(first["id"]).toBe("one@z.io");
    });

    it("falls back to userName for the Id when there is no email", async () => {
      const t = await kit.tenant();
      const created = await kit.scim.createUser(context(t), scimUser("no-mail-user"));
      expect(created["id"]).toBe("no-mail-user");
      expect(created["userName"]).toBe("no-mail-user");
    });

    it("maps names, the work phone, externalId and userName to the application user", async () => {
      const t = await kit.tenant();
      await kit.scim.createUser(context(t, "EntraID"), {
        ...scimUser("ada@corp.example", "ada@example.com"),
        externalId: "obj-1",
        name: { givenName: "Ada", familyName: "Lovelace" },
        phoneNumbers: [
          { value: "+1 mobile", type: "mobile", primary: true },
          { value: "+1 work", type: "work" },
        ],
      });
      const { user } = await kit.identity.showUser(t, "ada@example.com");
      expect(user).toMatchObject({
        email: "ada@example.com",
        firstName: "Ada",
        lastName: "Lovelace",
        phone: "+1 work",
        b2cId: "obj-1",
        externalIds: [{ provider: "EntraID", value: "ada@corp.example" }],
        active: true,
      });
    });

    it("returns what the provider wrote, including attributes Roster does not map", async () => {
      const t = await kit.tenant();
      const resource = {
        ...scimUser("kept@corp", "kept@x.io"),
        nickName: "K",
        "urn:example:custom:2.0:User": { shoeSize: 44 },
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { department: "R&D", manager: { value: "boss" } },
      };
      await kit.scim.createUser(context(t), resource);
      const read = await kit.scim.getUser(context(t), "kept@x.io");
      expect(read).toMatchObject({ ...resource, schemas: expect.arrayContaining(resource.schemas) });
      expect(read["schemas"]).toContain("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User");
      expect(read["meta"]).toMatchObject({
        resourceType: "User",
        version: 'W/"1"',
        location: expect.stringContaining("/Users/kept%40x.io"),
      });
    });
  });

  describe("create: matching and adoption", () => {
    it("answers 409 uniqueness to a second create of the same userName by the same provider", async () => {
      const t = await kit.tenant();
      await kit.scim.createUser(context(t), scimUser("dup@corp", "dup@x.io"));
      await expect(kit.scim.createUser(context(t), scimUser("DUP@corp", "other@x.io"))).rejects.toMatchObject({
        code: "uniqueness",
      });
    });

    it("answers 409 when the email matches a user this provider already linked", async () => {
      const t = await kit.tenant();
      await kit.scim.createUser(context(t), scimUser("one@corp", "same@x.io"));
      await expect(kit.scim.createUser(context(t), scimUser("two@corp", "SAME@x.io"))).rejects.toMatchObject({
        code: "uniqueness",
      });
    });

    it("adopts a user made by hand, matched by email case-insensitively, keeping its Id and roles", async () => {
      const t = await kit.tenant();
      await kit.identity.addUser(t, "Hand@X.io", { firstName: "Old" });
      const role = await kit.identity.addRole(t, "RoleA");
      await kit.identity.grant(t, "Hand@X.io", role.id);
      const adopted = await kit.scim.createUser(context(t), {
        ...scimUser("hand@corp", "hand@x.io"),
        name: { givenName: "New" },
      });
      expect(adopted["id"]).toBe("Hand@X.io");
      expect(adopted["groups"]).toEqual([expect.objectContaining({ value: "rolea", type: "direct" })]);
      const { user } = await kit.identity.showUser(t, "Hand@X.io");
      expect(user.firstName).toBe("New");
      expect(user.externalIds).toEqual([{ provider: "EntraID", value: "hand@corp" }]);
    });

    it("adopts by externalId against B2CId", async () => {
      const t = await kit.tenant();
      await kit.scim.createUser(context(t, "Okta"), { ...scimUser("okta-name", "b@x.io"), externalId: "obj-b" });
      const adopted = await kit.scim.createUser(context(t, "EntraID"), {
        ...scimUser("entra-name"),
        externalId: "obj-b",
      });
      expect(adopted["id"]).toBe("b@x.io");
    });

    it("refuses an ambiguous match where email and externalId point at different users", async () => {
      const t = await kit.tenant();
      await kit.scim.createUser(context(t, "Okta"), { ...scimUser("u1", "first@x.io"), externalId: "obj-1" });
      await kit.scim.createUser(context(t, "Okta"), { ...scimUser("u2", "second@x.io"), externalId: "obj-2" });
      await expect(
        kit.scim.createUser(context(t, "EntraID"), { ...scimUser("u3", "first@x.io"), externalId: "obj-2" }),
      ).rejects.toMatchObject({ code: "uniqueness" });
    });

    it("links a second provider to the same user and shows each its own userName", async () => {
      const t = await kit.tenant();
      await kit.scim.createUser(context(t, "Okta"), scimUser("grace.okta", "grace@x.io"));
      await kit.scim.createUser(context(t, "EntraID"), scimUser("grace@corp.onmicrosoft.com", "grace@x.io"));
      expect((await kit.scim.getUser(context(t, "okta"), "grace@x.io"))["userName"]).toBe("grace.okta");
      expect((await kit.scim.getUser(context(t, "EntraID"), "grace@x.io"))["userName"]).toBe(
        "grace@corp.onmicrosoft.com",
      );
      expect((await kit.scim.getUser(context(t, "OneLogin"), "grace@x.io"))["userName"]).toBe("grace@x.io");
      const { user } = await kit.identity.showUser(t, "grace@x.io");
      expect(user.externalIds.map((e) => e.provider).sort()).toEqual(["EntraID", "Okta"]);
    });
  });

  describe("update", () => {
    it("PUT replaces the attributes, the mapped fields follow and the Id stays", async () => {
      const t = await kit.tenant();
      await kit.scim.createUser(context(t), {
        ...scimUser("put@corp", "put@x.io"),
        title: "Old",
        name: { givenName: "A" },
      });
      const replaced = await kit.scim.replaceUser(context(t), "put@x.io", scimUser("put2@corp", "new@x.io"));
      expect(replaced).toMatchObject({ id: "put@x.io", userName: "put2@corp" });
      expect(replaced["title"]).toBeUndefined();
      const { user } = await kit.identity.showUser(t, "put@x.io");
      expect(user).toMatchObject({ email: "new@x.io", firstName: null, version: 2 });
    });

    it("PATCH replaces a value-path attribute and the mapped email follows", async () => {
      const t = await kit.tenant();
      await kit.scim.createUser(context(t), scimUser("p@corp", "p@x.io"));
      const patched = await kit.scim.patchUser(
        context(t),
        "p@x.io",
        ops(
          { op: "Replace", path: 'emails[type eq "work"].value', value: "p2@x.io" },
          { op: "Replace", value: { "name.givenName": "Pat", active: "False" } },
        ),
      );
      expect(patched).toMatchObject({ id: "p@x.io", active: false, name: { givenName: "Pat" } });
      const { user } = await kit.identity.showUser(t, "p@x.io");
      expect(user).toMatchObject({ email: "p2@x.io", firstName: "Pat", active: false });
    });

    it("applies a PATCH atomically: a failing operation leaves the user untouched", async () => {
      const t = await kit.tenant();
      await kit.scim.createUser(context(t), scimUser("atomic@corp", "atomic@x.io"));
      await expect(
        kit.scim.patchUser(
          context(t),
          "atomic@x.io",
          ops({ op: "replace", path: "title", value: "T" }, { op: "replace", path: "id", value: "x" }),
        ),
      ).rejects.toMatchObject({ code: "mutability" });
      const read = await kit.scim.getUser(context(t), "atomic@x.io");
      expect(read["title"]).toBeUndefined();
      expect(read["meta"]).toMatchObject({ version: 'W/"1"' });
    });

    it("refuses a userName that belongs to another user of the provider", async () => {
      const t = await kit.tenant();
      await kit.scim.createUser(context(t), scimUser("a@corp", "a@x.io"));
      await kit.scim.createUser(context(t), scimUser("b@corp", "b@x.io"));
      await expect(
        kit.scim.patchUser(context(t), "b@x.io", ops({ op: "replace", path: "userName", value: "A@corp" })),
      ).rejects.toMatchObject({ code: "uniqueness" });
    });

    it("answers 404 for writes to a user that does not exist", async () => {
      const t = await kit.tenant();
      await expect(kit.scim.replaceUser(context(t), "ghost", scimUser("g"))).rejects.toMatchObject({
        code: "notFound",
      });
      await expect(
        kit.scim.patchUser(context(t), "ghost", ops({ op: "replace", path: "title", value: "x" })),
      ).rejects.toMatchObject({
        code: "notFound",
      });
      await expect(kit.scim.deleteUser(context(t), "ghost")).rejects.toMatchObject({ code: "notFound" });
    });
  });

  describe("deactivation and deletion", () => {
    it("keeps a deactivated user readable without access, and restores it", async () => {
      const t = await kit.tenant();
      await kit.scim.createUser(context(t), scimUser("d@corp", "d@x.io"));
      const role = await kit.identity.addRole(t, "Viewers");
      await kit.scim.patchGroup(
        context(t),
        role.id,
        ops({ op: "add", path: "members", value: [{ value: "d@x.io" }] }),
        {
          includeMembers: false,
        },
      );
      await kit.scim.patchUser(context(t), "d@x.io", ops({ op: "replace", value: { active: false } }));
      expect(await kit.identity.access(t, "d@x.io")).toEqual({ active: false, direct: [], indirect: [] });
      expect((await kit.scim.getUser(context(t), "d@x.io"))["active"]).toBe(false);
      await kit.scim.patchUser(context(t), "d@x.io", ops({ op: "replace", path: "active", value: true }));
      expect(await kit.identity.access(t, "d@x.io")).toMatchObject({ active: true, direct: [{ id: "viewers" }] });
    });

    describe("an unassigned active (RFC 7644 §3.5.2.2) keeps the user's access as it is", () => {
      /** A user `u@x.io` in the role `viewers`, deactivated when `active` is false. */
      async function member(t: string, active: boolean) {
        await kit.scim.createUser(context(t), scimUser("u@corp", "u@x.io", { active }));
        const role = await kit.identity.addRole(t, "Viewers");
        await kit.scim.patchGroup(
          context(t),
          role.id,
          ops({ op: "add", path: "members", value: [{ value: "u@x.io" }] }),
          {
            includeMembers: false,
          },
        );
      }

      it("PATCH remove active on an active user: absent from the resource, the user keeps its roles", async () => {
        const t = await kit.tenant();
        await member(t, true);
        const answer = await kit.scim.patchUser(context(t), "u@x.io", ops({ op: "remove", path: "active" }));
        expect(answer).not.toHaveProperty("active");
        expect(await kit.scim.getUser(context(t), "u@x.io")).not.toHaveProperty("active");
        expect(await kit.identity.access(t, "u@x.io")).toMatchObject({ active: true, direct: [{ id: "viewers" }] });
      });

      it("PATCH remove active on a deactivated user: absent from the resource, and the user is not reactivated", async () => {
        const t = await kit.tenant();
        await member(t, false);
        expect(await kit.identity.access(t, "u@x.io")).toEqual({ active: false, direct: [], indirect: [] });
        const answer = await kit.scim.patchUser(context(t), "u@x.io", ops({ op: "remove", path: "active" }));
        expect(answer).not.toHaveProperty("active");
        expect(await kit.scim.getUser(context(t), "u@x.io")).not.toHaveProperty("active");
        expect(await kit.identity.access(t, "u@x.io")).toEqual({ active: false, direct: [], indirect: [] });
        // replace with null is the same unassignment; a later active: true restores the roles.
        await kit.scim.patchUser(context(t), "u@x.io", ops({ op: "replace", path: "active", value: null }));
        expect(await kit.identity.access(t, "u@x.io")).toMatchObject({ active: false });
        const back = await kit.scim.patchUser(context(t), "u@x.io", ops({ op: "add", path: "active", value: true }));
        expect(back["active"]).toBe(true);
        expect(await kit.identity.access(t, "u@x.io")).toMatchObject({ active: true, direct: [{ id: "viewers" }] });
      });

      it("a PUT or POST without active keeps the state and shows it as the default", async () => {
        const t = await kit.tenant();
        await member(t, false);
        const { active: _, ...withoutActive } = scimUser("u@corp", "u@x.io");
        const replaced = await kit.scim.replaceUser(context(t), "u@x.io", withoutActive);
        expect(replaced["active"]).toBe(false);
        expect(await kit.identity.access(t, "u@x.io")).toMatchObject({ active: false });
        const created = await kit.scim.createUser(context(t), withoutActiveUser("new@corp"));
        expect(created["active"]).toBe(true);
      });

      it("never deletes under DeactivateAction delete", async () => {
        const t = await kit.tenant();
        await kit.store.tenants.setSetting(t, "DeactivateAction", "delete");
        await member(t, true);
        await kit.scim.patchUser(context(t), "u@x.io", ops({ op: "remove", path: "active" }));
        expect(await kit.identity.access(t, "u@x.io")).toMatchObject({ active: true });
      });
    });

    it("deletes on deactivation when the tenant's DeactivateAction is delete", async () => {
      const t = await kit.tenant();
      await kit.store.tenants.setSetting(t, "DeactivateAction", "delete");
      await kit.scim.createUser(context(t), scimUser("gone@corp", "gone@x.io"));
      const answer = await kit.scim.patchUser(
        context(t),
        "gone@x.io",
        ops({ op: "replace", path: "active", value: false }),
      );
      expect(answer["active"]).toBe(false);
      await expect(kit.scim.getUser(context(t), "gone@x.io")).rejects.toMatchObject({ code: "notFound" });
    });

    it("hard-deletes a user: 404 afterwards, its memberships gone", async () => {
      const t = await kit.tenant();
      await kit.scim.createUser(context(t), scimUser("del@corp", "del@x.io"));
      await kit.scim.deleteUser(context(t), "del@x.io");
      await expect(kit.scim.getUser(context(t), "del@x.io")).rejects.toMatchObject({ code: "notFound" });
      await expect(kit.scim.deleteUser(context(t), "del@x.io")).rejects.toMatchObject({ code: "notFound" });
    });
  });

  it("never reaches another tenant's users", async () => {
    const a = await kit.tenant();
    const b = await kit.tenant();
    await kit.scim.createUser(context(a), scimUser("iso@corp", "iso@x.io"));
    await expect(kit.scim.getUser(context(b), "iso@x.io")).rejects.toMatchObject({ code: "notFound" });
    await expect(kit.scim.deleteUser(context(b), "iso@x.io")).rejects.toMatchObject({ code: "notFound" });
    const list = await kit.scim.listUsers(context(b), {
      filter: undefined,
      sortBy: undefined,
      sortOrder: "ascending",
      startIndex: 1,
      count: 10,
    });
    expect(list.totalResults).toBe(0);
  });
});

function withoutActiveUser(userName: string) {
  const { active: _, ...user } = scimUser(userName);
  return user;
}
