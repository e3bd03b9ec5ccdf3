/** The storage contract: every adapter (SQLite, PostgreSQL) must pass the same suite. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Store } from "../../domain/ports.ts";
import { RosterError } from "../../protocol/errors.ts";
import { DATABASE_KINDS, openTestStore, type TestStore } from "../testing/test-databases.ts";
import { insertRole, insertUser, role, tick, user } from "./fixtures.ts";

describe.each(DATABASE_KINDS)("store contract on %s", (kind) => {
  let handle: TestStore;
  let store: Store;
  let tenant = "";
  let counter = 0;

  beforeAll(async () => {
    handle = await openTestStore(kind);
    store = handle.store;
  });
  afterAll(async () => {
    await handle.dispose();
  });
  beforeEach(async () => {
    counter += 1;
    tenant = `t${counter}`;
    await store.tenants.create(tenant, tick());
  });

  describe("tenants", () => {
    it("creates, lists and refuses a duplicate tenant", async () => {
      await expect(store.tenants.create(tenant, tick())).rejects.toMatchObject({ code: "conflict" });
      expect((await store.tenants.list()).map((t) => t.id)).toContain(tenant);
      expect(await store.tenants.get("nobody")).toBeUndefined();
    });

    it("sets, overwrites and removes settings", async () => {
      await store.tenants.setSetting(tenant, "ScimEnabled", "true");
      await store.tenants.setSetting(tenant, "ScimEnabled", "false");
      await store.tenants.setSetting(tenant, "DeactivateAction", "delete");
      expect((await store.tenants.get(tenant))?.settings).toEqual({ ScimEnabled: "false", DeactivateAction: "delete" });
      await store.tenants.setSetting(tenant, "DeactivateAction", null);
      expect((await store.tenants.get(tenant))?.settings).toEqual({ ScimEnabled: "false" });
    });

    it("reports the schema as migrated", async () => {
      expect(await store.isMigrated()).toBe(true);
    });
  });

  describe("users", () => {
    it("round-trips every field of a user", async () => {
      const record = user("ada@example.com", {
        firstName: "Ada",
        lastName: "Lovelace",
        phone: "+47 1234",
        b2cId: "obj-1",
        externalIds: [{ provider: "EntraID", value: "Ada@Example.com" }],
        active: false,
        scim: { userName: "Ada@Example.com", nickName: "ada", "urn:x:custom": { a: [1, true, null] } },
      });
      await insertUser(store, tenant, record);
      expect(await store.users.get(tenant, record.id)).toEqual(record);
    });

    it("finds users by email and external id case-insensitively, and by B2CId exactly", async () => {
      const record = await insertUser(
        store,
        tenant,
        user("Bob@Example.com", { b2cId: "Obj-2", externalIds: [{ provider: "Okta", value: "BOB" }] }),
      );
      expect((await store.users.findByEmail(tenant, "bob@EXAMPLE.com")).map((u) => u.id)).toEqual([record.id]);
      expect((await store.users.findByExternalId(tenant, "okta", "bob"))?.id).toBe(record.id);
      expect(await store.users.findByExternalId(tenant, "EntraID", "bob")).toBeUndefined();
      expect((await store.users.findByB2CId(tenant, "Obj-2")).length).toBe(1);
      expect((await store.users.findByB2CId(tenant, "obj-2")).length).toBe(0);
    });

    it("answers a create's four lookups at once: linked, by email, by B2C id, Id taken", async () => {
      const older = await insertUser(
        store,
        tenant,
        user("Eve@X.io", { b2cId: "B-1", externalIds: [{ provider: "Okta", value: "EVE" }] }),
      );
      tick();
      const newer = await insertUser(store, tenant, user("eve2@x.io", { email: "EVE@x.io", b2cId: "B-2" }));
      const lookup = { provider: "okta", userName: "eve", email: "eve@X.IO", b2cId: "B-2", id: "fresh@x.io" };
      const found = await store.users.createMatches(tenant, lookup);
      expect(found.linked).toBe(true);
      expect(found.byEmail.map((u) => u.id)).toEqual([older.id, newer.id]);
      expect(found.byEmail[0]?.externalIds).toEqual(older.externalIds);
      expect(found.byB2CId.map((u) => u.id)).toEqual([newer.id]);
      expect(found.idTaken).toBe(false);
      expect((await store.users.createMatches(tenant, { ...lookup, id: older.id })).idTaken).toBe(true);
      // Another provider, no email, no B2C id: nothing matches (a null email matches no user without one).
      await insertUser(store, tenant, user("noemail", { email: null }));
      const none = { provider: "EntraID", userName: "eve", email: null, b2cId: "b-2", id: "NOEMAIL" };
      expect(await store.users.createMatches(tenant, none)).toEqual({
        linked: false,
        byEmail: [],
        byB2CId: [],
        idTaken: false,
      });
      expect(await store.users.createMatches(`${tenant}-other`, lookup)).toEqual({
        linked: false,
        byEmail: [],
        byB2CId: [],
        idTaken: false,
      });
    });

    it("refuses a second user with the same Id or the same external id for a provider", async () => {
      await insertUser(store, tenant, user("a@x.io", { externalIds: [{ provider: "Okta", value: "a" }] }));
      await expect(insertUser(store, tenant, user("A@X.io"))).rejects.toMatchObject({ code: "uniqueness" });
      await expect(
        insertUser(store, tenant, user("b@x.io", { externalIds: [{ provider: "okta", value: "A" }] })),
      ).rejects.toMatchObject({ code: "uniqueness" });
      await insertUser(store, tenant, user("c@x.io", { externalIds: [{ provider: "EntraID", value: "a" }] }));
    });

    it("updates only from the expected version", async () => {
      const record = await insertUser(store, tenant, user("v@x.io"));
      const next = { ...record, firstName: "V", version: 2 };
      await store.users.update(tenant, next, 1, []);
      await expect(store.users.update(tenant, { ...next, version: 3 }, 1, [])).rejects.toBeInstanceOf(RosterError);
      expect((await store.users.get(tenant, record.id))?.firstName).toBe("V");
    });

    it("deletes a user with its assignments", async () => {
      const record = await insertUser(store, tenant, user("d@x.io"));
      await insertRole(store, tenant, role("r"));
      await store.users.assign(tenant, record.id, { roleId: "r", source: "manual", provider: null });
      expect(await store.users.delete(tenant, record.id)).toBe(true);
      expect(await store.users.delete(tenant, record.id)).toBe(false);
      expect((await store.roles.members(tenant, ["r"])).get("r")).toEqual([]);
    });

    it("never shows one tenant's users to another", async () => {
      await insertUser(store, tenant, user("same@x.io"));
      await store.tenants.create(`${tenant}-other`, tick());
      expect(await store.users.get(`${tenant}-other`, "same@x.io")).toBeUndefined();
      expect(await store.users.findByEmail(`${tenant}-other`, "same@x.io")).toEqual([]);
      await insertUser(store, `${tenant}-other`, user("same@x.io"));
      const page = await store.users.list(`${tenant}-other`, listAll());
      expect(page.total).toBe(1);
    });

    it("rolls a transaction back entirely when it fails", async () => {
      await expect(
        store.transaction(async (tx) => {
          await insertUser(tx, tenant, user("t1@x.io"));
          await insertUser(tx, tenant, user("t1@x.io"));
        }),
      ).rejects.toMatchObject({ code: "uniqueness" });
      expect(await store.users.get(tenant, "t1@x.io")).toBeUndefined();
    });

    it("pages in creation order and counts all matches", async () => {
      for (const id of ["p1", "p2", "p3", "p4", "p5"]) await insertUser(store, tenant, user(`${id}@x.io`));
      const page = await store.users.list(tenant, { ...listAll(), offset: 1, limit: 2 });
      expect(page.total).toBe(5);
      expect(page.items.map((u) => u.id)).toEqual(["p2@x.io", "p3@x.io"]);
      expect((await store.users.list(tenant, { ...listAll(), limit: 0 })).items).toEqual([]);
    });
  });

  describe("roles", () => {
    it("finds roles by external id for a provider and by normalized name", async () => {
      await insertRole(store, tenant, role("sales", "Sales", { externalIds: [{ provider: "EntraID", value: "g-1" }] }));
      expect((await store.roles.findByExternalId(tenant, "entraid", "g-1"))?.id).toBe("sales");
      expect(await store.roles.findByExternalId(tenant, "okta", "g-1")).toBeUndefined();
      expect((await store.roles.findByNormalizedName(tenant, "sales")).map((r) => r.id)).toEqual(["sales"]);
    });

    it("lists the ids taken by a base name and its numbered suffixes", async () => {
      await insertRole(store, tenant, role("team"));
      await insertRole(store, tenant, role("team-2"));
      await insertRole(store, tenant, role("teams"));
      expect([...(await store.roles.idsLike(tenant, "team"))].sort()).toEqual(["team", "team-2"]);
    });

    it("adds, removes and replaces members touching only the named rows, answering who changed", async () => {
      await insertRole(store, tenant, role("g"));
      for (const id of ["m1", "m2", "m3"]) await insertUser(store, tenant, user(`${id}@x.io`));
      expect(
        [...(await store.roles.addMembers(tenant, "g", ["m2@x.io", "m1@x.io", "m2@x.io"], "Okta"))].sort(),
      ).toEqual(["m1@x.io", "m2@x.io"]);
      expect(await store.roles.addMembers(tenant, "g", ["m3@x.io", "m1@x.io"], "Okta")).toEqual(["m3@x.io"]);
      expect(await store.roles.addMembers(tenant, "g", ["m1@x.io"], "EntraID")).toEqual(["m1@x.io"]);
      expect(await store.roles.removeMembers(tenant, "g", ["m1@x.io", "nobody"])).toEqual(["m1@x.io"]);
      expect((await store.roles.members(tenant, ["g"])).get("g")?.map((m) => m.id)).toEqual(["m2@x.io", "m3@x.io"]);
      expect(await store.users.assignments(tenant, "m2@x.io")).toEqual([
        { roleId: "g", source: "scim", provider: "Okta" },
      ]);
      expect([...(await store.roles.removeAllMembers(tenant, "g"))].sort()).toEqual(["m2@x.io", "m3@x.io"]);
      expect((await store.roles.members(tenant, ["g"])).get("g")).toEqual([]);
    });

    it("reads the members of many roles at once", async () => {
      for (const id of ["r1", "r2", "r3"]) await insertRole(store, tenant, role(id));
      for (const id of ["b", "a"]) await insertUser(store, tenant, user(`${id}@x.io`));
      await store.roles.addMembers(tenant, "r1", ["b@x.io", "a@x.io"], "Okta");
      await store.roles.addMembers(tenant, "r3", ["b@x.io"], "Okta");
      const members = await store.roles.members(tenant, ["r1", "r2", "r3", "ghost"]);
      expect(Object.fromEntries([...members].map(([id, list]) => [id, list.map((m) => m.id)]))).toEqual({
        r1: ["a@x.io", "b@x.io"],
        r2: [],
        r3: ["b@x.io"],
        ghost: [],
      });
      expect(members.get("r1")?.[0]).toEqual({ id: "a@x.io", display: "a@x.io" });
    });

    it("turns a hand assignment into a SCIM one and drops only hand assignments", async () => {
      await insertRole(store, tenant, role("a"));
      await insertRole(store, tenant, role("b"));
      await insertUser(store, tenant, user("h@x.io"));
      await store.users.assign(tenant, "h@x.io", { roleId: "a", source: "manual", provider: null });
      await store.users.assign(tenant, "h@x.io", { roleId: "b", source: "manual", provider: null });
      await store.roles.addMembers(tenant, "b", ["h@x.io"], "EntraID");
      expect(await store.users.removeManualAssignments(tenant, "h@x.io")).toEqual(["a"]);
      expect(await store.users.removeManualAssignments(tenant, "h@x.io")).toEqual([]);
      expect(await store.users.assignments(tenant, "h@x.io")).toEqual([
        { roleId: "b", source: "scim", provider: "EntraID" },
      ]);
    });

    it("resolves direct and indirect roles at any depth in one query, surviving cycles", async () => {
      for (const id of ["r1", "r2", "r3", "r4"]) await insertRole(store, tenant, role(id, id.toUpperCase()));
      await store.roles.addChild(tenant, "r1", "r2");
      await store.roles.addChild(tenant, "r2", "r3");
      await store.roles.addChild(tenant, "r3", "r1");
      await insertUser(store, tenant, user("n@x.io"));
      await insertUser(store, tenant, user("none@x.io"));
      await store.users.assign(tenant, "n@x.io", { roleId: "r1", source: "manual", provider: null });
      const roles = await store.users.roles(tenant, ["n@x.io", "none@x.io"]);
      expect(roles.get("n@x.io")).toEqual({
        direct: [{ id: "r1", displayName: "R1" }],
        indirect: [
          { id: "r2", displayName: "R2" },
          { id: "r3", displayName: "R3" },
        ],
      });
      expect(roles.get("none@x.io")).toEqual({ direct: [], indirect: [] });
      expect(await store.users.access(tenant, "n@x.io")).toEqual({ active: true, ...roles.get("n@x.io") });
      expect(await store.users.access(tenant, "none@x.io")).toEqual({ active: true, direct: [], indirect: [] });
      expect(await store.users.access(tenant, "ghost@x.io")).toBeUndefined();
      expect(await store.roles.contains(tenant, "r1", "r3")).toBe(true);
      expect(await store.roles.contains(tenant, "r4", "r1")).toBe(false);
    });

    it("reports an inactive user as holding no roles", async () => {
      await insertRole(store, tenant, role("held"));
      await insertUser(store, tenant, user("off@x.io", { active: false }));
      await store.users.assign(tenant, "off@x.io", { roleId: "held", source: "manual", provider: null });
      expect(await store.users.access(tenant, "off@x.io")).toEqual({ active: false, direct: [], indirect: [] });
    });

    it("deletes a role from every user and every parent", async () => {
      await insertRole(store, tenant, role("parent"));
      await insertRole(store, tenant, role("child"));
      await store.roles.addChild(tenant, "parent", "child");
      await insertUser(store, tenant, user("u@x.io"));
      await store.users.assign(tenant, "u@x.io", { roleId: "child", source: "scim", provider: "Okta" });
      expect(await store.roles.delete(tenant, "child")).toBe(true);
      expect(await store.roles.children(tenant, "parent")).toEqual([]);
      expect(await store.users.assignments(tenant, "u@x.io")).toEqual([]);
    });

    it("bumps the version of a touched role", async () => {
      await insertRole(store, tenant, role("touched"));
      await store.roles.touch(tenant, ["touched"], tick());
      expect((await store.roles.get(tenant, "touched"))?.version).toBe(2);
    });

    it("refuses a role whose Id is taken with conflict, and an external id taken with uniqueness", async () => {
      await insertRole(store, tenant, role("held", "Held", { externalIds: [{ provider: "Okta", value: "x-1" }] }));
      await expect(insertRole(store, tenant, role("held"))).rejects.toMatchObject({ code: "conflict" });
      await expect(
        store.transaction((tx) =>
          insertRole(tx, tenant, role("other", "Other", { externalIds: [{ provider: "okta", value: "x-1" }] })),
        ),
      ).rejects.toMatchObject({ code: "uniqueness" });
      expect(await store.roles.get(tenant, "other")).toBeUndefined();
    });
  });

  describe("touching versions", () => {
    it("bumps every listed user once, in batches, and only those", async () => {
      const ids = Array.from({ length: 1203 }, (_, i) => `t${i}@x.io`);
      await store.transaction(async (tx) => {
        for (const id of [...ids, "untouched@x.io"]) await insertUser(tx, tenant, user(id));
      });
      const at = tick();
      await store.users.touch(tenant, [...ids, ids[0] as string, "nobody@x.io"], at);
      const page = await store.users.list(tenant, { ...listAll(), limit: 2000 });
      const touched = page.items.filter((u) => u.version === 2 && u.modifiedAt === at).map((u) => u.id);
      expect(touched.sort()).toEqual([...ids].sort());
      expect((await store.users.get(tenant, "untouched@x.io"))?.version).toBe(1);
    });

    it("touches only from the expected version when one is given", async () => {
      await insertUser(store, tenant, user("e1@x.io"));
      await insertUser(store, tenant, user("e2@x.io", { version: 4 }));
      await expect(
        store.transaction((tx) => tx.users.touch(tenant, ["e1@x.io", "e2@x.io"], tick(), 1)),
      ).rejects.toMatchObject({ code: "conflict" });
      expect((await store.users.get(tenant, "e1@x.io"))?.version).toBe(1);
      await store.users.touch(tenant, ["e1@x.io"], tick(), 1);
      expect((await store.users.get(tenant, "e1@x.io"))?.version).toBe(2);
    });

    it("bumps the direct members of a role, and the roles a user holds directly", async () => {
      for (const id of ["parent", "held", "free"]) await insertRole(store, tenant, role(id));
      await store.roles.addChild(tenant, "parent", "held");
      for (const id of ["in", "out"]) await insertUser(store, tenant, user(`${id}@x.io`));
      await store.roles.addMembers(tenant, "held", ["in@x.io"], "Okta");
      await store.users.touchMembers(tenant, "held", tick());
      expect((await store.users.get(tenant, "in@x.io"))?.version).toBe(2);
      expect((await store.users.get(tenant, "out@x.io"))?.version).toBe(1);
      await store.roles.touchHeldBy(tenant, "in@x.io", tick());
      const versions = await Promise.all(["parent", "held", "free"].map((id) => store.roles.get(tenant, id)));
      expect(versions.map((r) => r?.version)).toEqual([1, 2, 1]);
    });
  });

  describe("locks", () => {
    it("makes a second transaction locking a key wait until the first one ends", async () => {
      const order: string[] = [];
      let release = () => {};
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let locked = () => {};
      const firstLocked = new Promise<void>((resolve) => {
        locked = resolve;
      });
      const first = store.transaction(async (tx) => {
        await tx.locks.lock(tenant, ["role-name:x"]);
        order.push("first locked");
        locked();
        await held;
        order.push("first ends");
      });
      await firstLocked;
      const second = store.transaction(async (tx) => {
        await tx.locks.lock(tenant, ["role-name:x", "role-xid:okta:1"]);
        order.push("second locked");
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
      release();
      await Promise.all([first, second]);
      expect(order).toEqual(["first locked", "first ends", "second locked"]);
    });

    it("never deadlocks transactions that lock the same keys listed in different orders", async () => {
      const keys = Array.from({ length: 6 }, (_, i) => `user-email:k${i}@x.io`);
      await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          store.transaction(async (tx) => {
            await tx.locks.lock(tenant, i % 2 ? keys : [...keys].reverse());
            await insertUser(tx, tenant, user(`lock${i}@x.io`));
          }),
        ),
      );
      expect((await store.users.list(tenant, listAll())).total).toBe(8);
    });

    it("keeps tenants apart: one tenant's key never waits for another's", async () => {
      await store.tenants.create(`${tenant}-b`, tick());
      let release = () => {};
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let locked = () => {};
      const firstLocked = new Promise<void>((resolve) => {
        locked = resolve;
      });
      const first = store.transaction(async (tx) => {
        await tx.locks.lock(tenant, ["role-name:shared"]);
        locked();
        await held;
      });
      await firstLocked;
      if (store.dialect === "postgres") {
        // SQLite has one writer at a time anyway; PostgreSQL must not serialize other tenants.
        await store.transaction((tx) => tx.locks.lock(`${tenant}-b`, ["role-name:shared"]));
      }
      release();
      await first;
    });
  });

  function listAll() {
    return {
      filter: undefined,
      provider: "EntraID",
      sortBy: undefined,
      sortOrder: "ascending" as const,
      offset: 0,
      limit: 100,
    };
  }
});
