/** The storage contract of the management API (SPEC §9): keys, tokens, pause, tenant lifecycle, user pages, role holders. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AdminKeyRecord, ScimTokenRecord } from "../../domain/model.ts";
import type { Store } from "../../domain/ports.ts";
import { DATABASE_KINDS, openTestStore, type TestStore } from "../testing/test-databases.ts";
import { insertRole, insertUser, role, tick, user } from "./fixtures.ts";

function adminKey(id: string, fields: Partial<AdminKeyRecord> = {}): AdminKeyRecord {
  return { id, name: `key ${id}`, tenantId: null, readOnly: false, createdAt: tick(), lastUsedAt: null, ...fields };
}

function scimToken(id: string, fields: Partial<ScimTokenRecord> = {}): ScimTokenRecord {
  return {
    id,
    hash: id.toUpperCase().padEnd(128, "A"),
    createdAt: tick(),
    expiresAt: null,
    lastUsedAt: null,
    ...fields,
  };
}

describe.each(DATABASE_KINDS)("management storage contract on %s", (kind) => {
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
    tenant = `m${counter}`;
    await store.tenants.create(tenant, tick());
  });

  describe("tenants", () => {
    it("starts unpaused at version 1, pauses, resumes and bumps its version", async () => {
      expect(await store.tenants.get(tenant)).toMatchObject({ pause: null, version: 1 });
      await store.tenants.setPause(tenant, { since: "2026-02-01T00:00:00.000Z", retryAfterSeconds: 120 });
      await store.tenants.touch(tenant);
      expect(await store.tenants.get(tenant)).toMatchObject({
        pause: { since: "2026-02-01T00:00:00.000Z", retryAfterSeconds: 120 },
        version: 2,
      });
      await store.tenants.setPause(tenant, null);
      await store.tenants.touch(tenant, 2);
      expect(await store.tenants.get(tenant)).toMatchObject({ pause: null, version: 3 });
    });

    it("refuses a touch from a stale version with conflict", async () => {
      await expect(store.tenants.touch(tenant, 7)).rejects.toMatchObject({ code: "conflict" });
      expect((await store.tenants.get(tenant))?.version).toBe(1);
    });

    it("pages tenants in creation order", async () => {
      const ids = [`${tenant}-a`, `${tenant}-b`, `${tenant}-c`];
      for (const id of ids) await store.tenants.create(id, tick());
      const all = [];
      let after: { createdAt: string; id: string } | undefined;
      for (;;) {
        const page = await store.tenants.page({ after, limit: 2 });
        all.push(...page.items.map((t) => t.id));
        const last = page.items.at(-1);
        if (!page.more || !last) break;
        after = { createdAt: last.createdAt, id: last.id };
      }
      expect(all.filter((id) => id.startsWith(tenant))).toEqual([tenant, ...ids]);
      expect(new Set(all).size).toBe(all.length);
    });

    it("deletes a tenant with everything it holds, and no other tenant's rows", async () => {
      const other = `${tenant}-other`;
      await store.tenants.create(other, tick());
      for (const t of [tenant, other]) {
        await insertUser(store, t, user("ada@x.io", { externalIds: [{ provider: "Okta", value: "ada" }] }));
        await insertRole(store, t, role("admins"));
        await insertRole(store, t, role("staff"));
        await store.users.assign(t, "ada@x.io", { roleId: "admins", source: "manual", provider: null });
        await store.roles.addChild(t, "admins", "staff");
        await store.tenants.setSetting(t, "ScimEnabled", "true");
        await store.scimTokens.insert(t, scimToken(`tok-${t}`));
      }
      await store.adminKeys.insert(adminKey(`k-${tenant}`, { tenantId: tenant }), `hash-${tenant}`);
      expect(await store.tenants.delete(tenant)).toBe(true);
      expect(await store.tenants.get(tenant)).toBeUndefined();
      expect(await store.users.get(tenant, "ada@x.io")).toBeUndefined();
      expect(await store.roles.get(tenant, "admins")).toBeUndefined();
      expect(await store.scimTokens.findByHash(tenant, scimToken(`tok-${tenant}`).hash)).toBeUndefined();
      expect(await store.adminKeys.get(`k-${tenant}`)).toBeUndefined();
      expect(await store.tenants.delete(tenant)).toBe(false);
      // The other tenant keeps all of its rows.
      expect(await store.users.access(other, "ada@x.io")).toMatchObject({
        active: true,
        direct: [{ id: "admins" }],
        indirect: [{ id: "staff" }],
      });
      expect(await store.scimTokens.findByHash(other, scimToken(`tok-${other}`).hash)).toBeDefined();
    });
  });

  describe("admin keys", () => {
    it("stores a key, finds it by hash only, records its use and deletes it", async () => {
      const key = adminKey(`k1-${tenant}`, { tenantId: tenant, readOnly: true });
      await store.adminKeys.insert(key, `h1-${tenant}`);
      expect(await store.adminKeys.get(key.id)).toEqual(key);
      expect(await store.adminKeys.findByHash(`h1-${tenant}`)).toEqual({ key, keyHash: `h1-${tenant}` });
      expect(await store.adminKeys.findByHash(`h2-${tenant}`)).toBeUndefined();
      await store.adminKeys.markUsed(key.id, "2026-03-01T00:00:00.000Z");
      expect((await store.adminKeys.get(key.id))?.lastUsedAt).toBe("2026-03-01T00:00:00.000Z");
      expect(await store.adminKeys.delete(key.id)).toBe(true);
      expect(await store.adminKeys.findByHash(`h1-${tenant}`)).toBeUndefined();
      expect(await store.adminKeys.delete(key.id)).toBe(false);
    });

    it("refuses a duplicate hash with uniqueness", async () => {
      await store.adminKeys.insert(adminKey(`d1-${tenant}`), `dup-${tenant}`);
      await expect(store.adminKeys.insert(adminKey(`d2-${tenant}`), `dup-${tenant}`)).rejects.toMatchObject({
        code: "uniqueness",
      });
    });

    it("pages keys in creation order", async () => {
      const ids = [1, 2, 3].map((n) => `p${n}-${tenant}`);
      for (const id of ids) await store.adminKeys.insert(adminKey(id), `hash-${id}`);
      const first = await store.adminKeys.page({ limit: 1000 });
      expect(first.items.map((k) => k.id).filter((id) => ids.includes(id))).toEqual(ids);
      const start = first.items.find((k) => k.id === ids[0])!;
      const next = await store.adminKeys.page({ after: { createdAt: start.createdAt, id: start.id }, limit: 1 });
      expect(next.items.map((k) => k.id)).toEqual([ids[1]]);
      expect(next.more).toBe(true);
    });
  });

  describe("SCIM tokens", () => {
    it("stores tokens per tenant, finds them by hash within the tenant only, and deletes them", async () => {
      const other = `${tenant}-o`;
      await store.tenants.create(other, tick());
      const token = scimToken("t1", { expiresAt: "2030-01-01T00:00:00.000Z" });
      await store.scimTokens.insert(tenant, token);
      expect(await store.scimTokens.findByHash(tenant, token.hash)).toEqual(token);
      expect(await store.scimTokens.findByHash(other, token.hash)).toBeUndefined();
      await store.scimTokens.insert(other, token);
      await expect(store.scimTokens.insert(tenant, { ...token, id: "t2" })).rejects.toMatchObject({
        code: "uniqueness",
      });
      await store.scimTokens.markUsed(tenant, "t1", "2026-03-02T00:00:00.000Z");
      expect((await store.scimTokens.findByHash(tenant, token.hash))?.lastUsedAt).toBe("2026-03-02T00:00:00.000Z");
      expect((await store.scimTokens.findByHash(other, token.hash))?.lastUsedAt).toBeNull();
      expect(await store.scimTokens.delete(tenant, "t1")).toBe(true);
      expect(await store.scimTokens.delete(tenant, "t1")).toBe(false);
      expect(await store.scimTokens.findByHash(other, token.hash)).toBeDefined();
    });

    it("pages a tenant's tokens in creation order", async () => {
      for (const id of ["a", "b", "c"]) await store.scimTokens.insert(tenant, scimToken(id));
      const first = await store.scimTokens.page(tenant, { limit: 2 });
      expect(first.items.map((t) => t.id)).toEqual(["a", "b"]);
      expect(first.more).toBe(true);
      const b = first.items[1]!;
      const rest = await store.scimTokens.page(tenant, { after: { createdAt: b.createdAt, id: b.id }, limit: 2 });
      expect(rest).toMatchObject({ items: [{ id: "c" }], more: false });
    });
  });

  describe("user pages", () => {
    beforeEach(async () => {
      await insertRole(store, tenant, role("sales"));
      await insertUser(
        store,
        tenant,
        user("pat.smith@x.io", {
          scim: { name: { givenName: "Pat", familyName: "Smith" }, emails: [{ value: "pat.smith@x.io" }] },
        }),
      );
      await insertUser(
        store,
        tenant,
        user("lee@x.io", {
          active: false,
          externalIds: [{ provider: "Okta", value: "lee" }],
          scim: { name: { givenName: "Lee", familyName: "Patel" }, emails: [{ value: "lee@x.io" }] },
        }),
      );
      await insertUser(
        store,
        tenant,
        user("a-z@x.io", { scim: { emails: [{ value: "a-z@x.io" }, { value: "Ölaf@Corp.io" }] } }),
      );
      await insertUser(store, tenant, user("sam@x.io", { externalIds: [{ provider: "okta", value: "sam" }] }));
      await store.users.assign(tenant, "lee@x.io", { roleId: "sales", source: "manual", provider: null });
      await store.users.assign(tenant, "sam@x.io", { roleId: "sales", source: "scim", provider: "Okta" });
    });

    const ids = async (query: Parameters<Store["users"]["page"]>[1]) =>
      (await store.users.page(tenant, query)).items.map((u) => u.id);

    it("lists every user in creation order without filters", async () => {
      expect(await ids({ limit: 10 })).toEqual(["pat.smith@x.io", "lee@x.io", "a-z@x.io", "sam@x.io"]);
    });

    it("matches q against the start of an email, first or last name, case-insensitively", async () => {
      expect(await ids({ limit: 10, q: "PAT" })).toEqual(["pat.smith@x.io", "lee@x.io"]);
      expect(await ids({ limit: 10, q: "pat.s" })).toEqual(["pat.smith@x.io"]);
      expect(await ids({ limit: 10, q: "smi" })).toEqual(["pat.smith@x.io"]);
      expect(await ids({ limit: 10, q: "a-" })).toEqual(["a-z@x.io"]);
      expect(await ids({ limit: 10, q: "ölaf@" })).toEqual(["a-z@x.io"]);
      expect(await ids({ limit: 10, q: "mith" })).toEqual([]);
      expect(await ids({ limit: 10, q: "%" })).toEqual([]);
    });

    it("filters by direct role, active and provider, all together", async () => {
      expect(await ids({ limit: 10, roleId: "sales" })).toEqual(["lee@x.io", "sam@x.io"]);
      expect(await ids({ limit: 10, active: false })).toEqual(["lee@x.io"]);
      expect(await ids({ limit: 10, active: true, roleId: "sales" })).toEqual(["sam@x.io"]);
      expect(await ids({ limit: 10, provider: "OKTA" })).toEqual(["lee@x.io", "sam@x.io"]);
      expect(await ids({ limit: 10, provider: "EntraID" })).toEqual([]);
      expect(await ids({ limit: 10, provider: "okta", q: "sam" })).toEqual(["sam@x.io"]);
    });

    it("pages after a key, and a user created meanwhile appears at the end", async () => {
      const first = await store.users.page(tenant, { limit: 2 });
      expect(first.more).toBe(true);
      const last = first.items[1]!;
      await insertUser(store, tenant, user("new@x.io"));
      await store.users.delete(tenant, "pat.smith@x.io");
      const rest = await store.users.page(tenant, { limit: 10, after: { createdAt: last.createdAt, id: last.id } });
      expect(rest.items.map((u) => u.id)).toEqual(["a-z@x.io", "sam@x.io", "new@x.io"]);
      expect(rest.more).toBe(false);
    });

    it("reads the sources of many users' assignments at once", async () => {
      const byUser = await store.users.assignmentsByUser(tenant, ["lee@x.io", "sam@x.io", "a-z@x.io"]);
      expect(byUser.get("lee@x.io")).toEqual([{ roleId: "sales", source: "manual", provider: null }]);
      expect(byUser.get("sam@x.io")).toEqual([{ roleId: "sales", source: "scim", provider: "Okta" }]);
      expect(byUser.get("a-z@x.io")).toEqual([]);
    });

    it("bumps a user's version, refusing a stale one", async () => {
      await store.users.touch(tenant, ["sam@x.io"], "2026-04-01T00:00:00.000Z");
      expect(await store.users.get(tenant, "sam@x.io")).toMatchObject({
        version: 2,
        modifiedAt: "2026-04-01T00:00:00.000Z",
      });
      await expect(store.users.touch(tenant, ["sam@x.io"], "2026-04-02T00:00:00.000Z", 1)).rejects.toMatchObject({
        code: "conflict",
      });
      await store.users.touch(tenant, ["sam@x.io"], "2026-04-02T00:00:00.000Z", 2);
      expect((await store.users.get(tenant, "sam@x.io"))?.version).toBe(3);
    });
  });

  describe("role holders", () => {
    // regional contains store, store contains floor; users hold them at different levels.
    beforeEach(async () => {
      for (const id of ["regional", "store", "floor", "other"]) await insertRole(store, tenant, role(id));
      await store.roles.addChild(tenant, "regional", "store");
      await store.roles.addChild(tenant, "store", "floor");
      for (const id of ["a@x.io", "b@x.io", "c@x.io", "d@x.io", "e@x.io"]) await insertUser(store, tenant, user(id));
      const grant = (userId: string, roleId: string) =>
        store.users.assign(tenant, userId, { roleId, source: "manual", provider: null });
      await grant("a@x.io", "regional");
      await grant("b@x.io", "floor");
      await grant("c@x.io", "store");
      await grant("c@x.io", "floor");
      await grant("d@x.io", "other");
      await grant("e@x.io", "regional");
    });

    it("lists direct holders only without indirect", async () => {
      const page = await store.roles.holders(tenant, "floor", { limit: 10, indirect: false });
      expect(page).toEqual({
        items: [
          { id: "b@x.io", email: "b@x.io", direct: true },
          { id: "c@x.io", email: "c@x.io", direct: true },
        ],
        more: false,
      });
    });

    it("lists holders through nesting at any depth with indirect, each once, direct when held directly too", async () => {
      const page = await store.roles.holders(tenant, "floor", { limit: 10, indirect: true });
      expect(page.items).toEqual([
        { id: "a@x.io", email: "a@x.io", direct: false },
        { id: "b@x.io", email: "b@x.io", direct: true },
        { id: "c@x.io", email: "c@x.io", direct: true },
        { id: "e@x.io", email: "e@x.io", direct: false },
      ]);
    });

    it("pages holders by user Id", async () => {
      const first = await store.roles.holders(tenant, "floor", { limit: 3, indirect: true });
      expect(first.items.map((h) => h.id)).toEqual(["a@x.io", "b@x.io", "c@x.io"]);
      expect(first.more).toBe(true);
      const rest = await store.roles.holders(tenant, "floor", { limit: 3, indirect: true, afterUserId: "c@x.io" });
      expect(rest).toEqual({ items: [{ id: "e@x.io", email: "e@x.io", direct: false }], more: false });
    });

    it("reads the children of many roles at once", async () => {
      const byRole = await store.roles.childrenByRole(tenant, ["regional", "store", "floor"]);
      expect(Object.fromEntries(byRole)).toEqual({ regional: ["store"], store: ["floor"], floor: [] });
    });
  });
});
