/** The storage the web console adds (SPEC §13): sessions, the roles a user reaches and how, the nesting below a role. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ConsoleSessionRecord } from "../../domain/model.ts";
import type { Store } from "../../domain/ports.ts";
import { MAX_NESTING_DEPTH } from "../sql/user-queries.ts";
import { DATABASE_KINDS, openTestStore, type TestStore } from "../testing/test-databases.ts";
import { insertRole, insertUser, role, tick, user } from "./fixtures.ts";

describe.each(DATABASE_KINDS)("console storage contract on %s", (kind) => {
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
    tenant = `c${counter}`;
    await store.tenants.create(tenant, tick());
  });

  async function roles(...ids: string[]): Promise<void> {
    for (const id of ids) await insertRole(store, tenant, role(id, `Role ${id.toUpperCase()}`));
  }

  async function nest(parent: string, child: string): Promise<void> {
    await store.roles.addChild(tenant, parent, child);
  }

  async function holder(id: string, ...roleIds: string[]): Promise<void> {
    await insertUser(store, tenant, user(id));
    for (const roleId of roleIds) await store.users.assign(tenant, id, { roleId, source: "manual", provider: null });
  }

  describe("reachedRoles", () => {
    it("answers each role once, at its shortest depth, with the role one step up", async () => {
      // a → b → c → d, and a shortcut a → d; e held directly too.
      await roles("a", "b", "c", "d", "e");
      await nest("a", "b");
      await nest("b", "c");
      await nest("c", "d");
      await nest("a", "d");
      await holder("u@x.io", "a", "e");
      expect(await store.users.reachedRoles(tenant, "u@x.io")).toEqual([
        { id: "a", displayName: "Role A", depth: 0, viaId: null },
        { id: "e", displayName: "Role E", depth: 0, viaId: null },
        { id: "b", displayName: "Role B", depth: 1, viaId: "a" },
        { id: "d", displayName: "Role D", depth: 1, viaId: "a" },
        { id: "c", displayName: "Role C", depth: 2, viaId: "b" },
      ]);
    });

    it("picks the lowest Id among equally short ways, and keeps a role held directly at depth 0", async () => {
      await roles("p", "q", "r");
      await nest("q", "r");
      await nest("p", "r");
      await nest("p", "q");
      await holder("u@x.io", "q", "p");
      expect(await store.users.reachedRoles(tenant, "u@x.io")).toEqual([
        { id: "p", displayName: "Role P", depth: 0, viaId: null },
        { id: "q", displayName: "Role Q", depth: 0, viaId: null },
        { id: "r", displayName: "Role R", depth: 1, viaId: "p" },
      ]);
    });

    it("ends on a cycle", async () => {
      await roles("x", "y");
      await nest("x", "y");
      await nest("y", "x");
      await holder("u@x.io", "x");
      expect(await store.users.reachedRoles(tenant, "u@x.io")).toEqual([
        { id: "x", displayName: "Role X", depth: 0, viaId: null },
        { id: "y", displayName: "Role Y", depth: 1, viaId: "x" },
      ]);
    });

    it("follows a chain of nestings to its end", async () => {
      const ids = Array.from({ length: 12 }, (_, n) => `l${String(n).padStart(2, "0")}`);
      await roles(...ids);
      for (let n = 1; n < ids.length; n++) await nest(ids[n - 1]!, ids[n]!);
      await holder("u@x.io", ids[0]!);
      const reached = await store.users.reachedRoles(tenant, "u@x.io");
      expect(reached.map((r) => [r.id, r.depth])).toEqual(ids.map((id, n) => [id, n]));
      expect(MAX_NESTING_DEPTH).toBeGreaterThanOrEqual(100);
    });

    it("answers nothing for a user without roles, an unknown user, or another tenant's user", async () => {
      await roles("a");
      await holder("none@x.io");
      await holder("some@x.io", "a");
      expect(await store.users.reachedRoles(tenant, "none@x.io")).toEqual([]);
      expect(await store.users.reachedRoles(tenant, "nobody@x.io")).toEqual([]);
      await store.tenants.create(`${tenant}-other`, tick());
      expect(await store.users.reachedRoles(`${tenant}-other`, "some@x.io")).toEqual([]);
    });
  });

  describe("nestingBelow and parents", () => {
    it("answers every edge below a role once, at any depth, and none above it", async () => {
      await roles("top", "mid", "leaf", "side", "above");
      await nest("above", "top");
      await nest("top", "mid");
      await nest("top", "side");
      await nest("mid", "leaf");
      await nest("side", "leaf");
      const edges = await store.roles.nestingBelow(tenant, "top");
      expect(edges).toEqual([
        { parentId: "mid", child: { id: "leaf", displayName: "Role LEAF" } },
        { parentId: "side", child: { id: "leaf", displayName: "Role LEAF" } },
        { parentId: "top", child: { id: "mid", displayName: "Role MID" } },
        { parentId: "top", child: { id: "side", displayName: "Role SIDE" } },
      ]);
      expect(await store.roles.nestingBelow(tenant, "leaf")).toEqual([]);
      expect(await store.roles.parents(tenant, "leaf")).toEqual([
        { id: "mid", displayName: "Role MID" },
        { id: "side", displayName: "Role SIDE" },
      ]);
      expect(await store.roles.parents(tenant, "above")).toEqual([]);
    });

    it("ends on a cycle", async () => {
      await roles("x", "y");
      await nest("x", "y");
      await nest("y", "x");
      expect(await store.roles.nestingBelow(tenant, "x")).toHaveLength(2);
    });
  });

  describe("consoleSessions", () => {
    function session(id: string, fields: Partial<ConsoleSessionRecord> = {}): ConsoleSessionRecord {
      return {
        id,
        keyId: "ak_0000000000000001",
        createdAt: "2026-03-01T10:00:00.000Z",
        lastSeenAt: "2026-03-01T10:00:00.000Z",
        expiresAt: "2026-03-01T10:30:00.000Z",
        ...fields,
      };
    }

    it("finds a session with its key, and without one once the key is gone", async () => {
      const key = {
        id: `ak_${String(counter).padStart(16, "0")}`,
        name: "ops",
        tenantId: tenant,
        readOnly: true,
        createdAt: tick(),
        lastUsedAt: null,
      };
      await store.adminKeys.insert(key, `${"f".repeat(60)}${String(counter).padStart(4, "0")}`);
      await store.consoleSessions.insert(session(`s-${tenant}`, { keyId: key.id }));
      expect(await store.consoleSessions.find(`s-${tenant}`)).toEqual({
        session: session(`s-${tenant}`, { keyId: key.id }),
        key,
      });
      await store.adminKeys.delete(key.id);
      expect(await store.consoleSessions.find(`s-${tenant}`)).toEqual({
        session: session(`s-${tenant}`, { keyId: key.id }),
        key: undefined,
      });
      expect(await store.consoleSessions.find("no such session")).toBeUndefined();
    });

    it("touches, deletes, and prunes only what expired", async () => {
      await store.consoleSessions.insert(session(`a-${tenant}`, { expiresAt: "2020-01-01T00:00:00.000Z" }));
      await store.consoleSessions.insert(session(`b-${tenant}`, { expiresAt: "2999-01-01T00:00:00.000Z" }));
      await store.consoleSessions.touch(`b-${tenant}`, "2026-03-01T10:10:00.000Z", "2999-06-01T00:00:00.000Z");
      expect((await store.consoleSessions.find(`b-${tenant}`))?.session).toMatchObject({
        lastSeenAt: "2026-03-01T10:10:00.000Z",
        expiresAt: "2999-06-01T00:00:00.000Z",
      });
      expect(await store.consoleSessions.deleteExpired("2026-01-01T00:00:00.000Z")).toBeGreaterThanOrEqual(1);
      expect(await store.consoleSessions.find(`a-${tenant}`)).toBeUndefined();
      expect(await store.consoleSessions.delete(`b-${tenant}`)).toBe(true);
      expect(await store.consoleSessions.delete(`b-${tenant}`)).toBe(false);
    });
  });
});
