/** A membership change touches only the members it names: the group's member list is never read. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASE_KINDS } from "../storage/testing/test-databases.ts";
import type { Store } from "./ports.ts";
import { ScimService } from "./scim-service.ts";
import { context, domainKit, ops, scimGroup, scimUser } from "./scim-test-kit.ts";

/** The store with every whole-group member operation made to fail. */
function withoutMemberScans(store: Store): Store {
  const refuse = () => {
    throw new Error("read or rewrote the whole member list");
  };
  const roles = { ...store.roles, members: refuse, removeAllMembers: refuse };
  return {
    ...store,
    roles,
    transaction: (fn) =>
      store.transaction((tx) => fn({ ...tx, roles: { ...tx.roles, members: refuse, removeAllMembers: refuse } })),
  };
}

/** The store, counting the calls that read members. */
function countingMemberReads(store: Store): { store: Store; calls: (readonly string[])[] } {
  const calls: (readonly string[])[] = [];
  const roles = {
    ...store.roles,
    members: (tenantId: string, roleIds: readonly string[]) => {
      calls.push(roleIds);
      return store.roles.members(tenantId, roleIds);
    },
  };
  return { store: { ...store, roles }, calls };
}

describe.each(DATABASE_KINDS)("membership cost on %s", (kind) => {
  let kit: Awaited<ReturnType<typeof domainKit>>;
  beforeAll(async () => {
    kit = await domainKit(kind);
  });
  afterAll(async () => {
    await kit.handle.dispose();
  });

  it("adds and removes one member of a large group without reading the others", async () => {
    const t = await kit.tenant();
    const ids: string[] = [];
    for (let i = 0; i < 50; i++) {
      ids.push((await kit.scim.createUser(context(t), scimUser(`u${i}@corp`, `u${i}@x.io`)))["id"] as string);
    }
    await kit.scim.createGroup(
      context(t),
      scimGroup("Big", { members: ids.slice(0, 49).map((value) => ({ value })) }),
      {
        includeMembers: false,
      },
    );
    const strict = new ScimService(withoutMemberScans(kit.store));
    const quiet = { includeMembers: false } as const;
    await strict.patchGroup(
      context(t),
      "big",
      ops({ op: "add", path: "members", value: [{ value: "u49@x.io" }] }),
      quiet,
    );
    await strict.patchGroup(context(t), "big", ops({ op: "remove", path: 'members[value eq "u0@x.io"]' }), quiet);
    await strict.patchGroup(
      context(t),
      "big",
      ops({ op: "remove", path: "members", value: [{ value: "u1@x.io" }] }),
      quiet,
    );
    const members = (await kit.store.roles.members(t, ["big"])).get("big") ?? [];
    expect(members).toHaveLength(48);
    expect(members.map((m) => m.id)).toContain("u49@x.io");
    expect(members.map((m) => m.id)).not.toContain("u0@x.io");
  });

  it("does not read a group's members when they are not asked for (excludedAttributes=members)", async () => {
    const t = await kit.tenant();
    await kit.scim.createUser(context(t), scimUser("only@corp", "only@x.io"));
    await kit.scim.createGroup(context(t), scimGroup("Unread", { members: [{ value: "only@x.io" }] }), {
      includeMembers: false,
    });
    const strict = new ScimService(withoutMemberScans(kit.store));
    expect(await strict.getGroup(context(t), "unread", { includeMembers: false })).not.toHaveProperty("members");
    const list = await strict.listGroups(
      context(t),
      { filter: undefined, sortBy: undefined, sortOrder: "ascending", startIndex: 1, count: 10 },
      { includeMembers: false },
    );
    expect(list.resources.map((g) => g["id"])).toEqual(["unread"]);
    await expect(strict.getGroup(context(t), "unread", { includeMembers: true })).rejects.toThrow(/member list/);
  });

  it("reads the members of every group of a list page at once", async () => {
    const t = await kit.tenant();
    for (let i = 0; i < 3; i++) await kit.scim.createUser(context(t), scimUser(`p${i}@corp`, `p${i}@x.io`));
    for (let g = 0; g < 5; g++) {
      const members = [0, 1, 2].filter((i) => i <= g % 3).map((i) => ({ value: `p${i}@x.io` }));
      await kit.scim.createGroup(context(t), scimGroup(`Page ${g}`, { members }), { includeMembers: false });
    }
    const counting = countingMemberReads(kit.store);
    const list = await new ScimService(counting.store).listGroups(
      context(t),
      { filter: undefined, sortBy: undefined, sortOrder: "ascending", startIndex: 1, count: 10 },
      { includeMembers: true },
    );
    expect(counting.calls).toEqual([["page0", "page1", "page2", "page3", "page4"]]);
    expect(list.resources.map((g) => (g["members"] as unknown[] | undefined)?.length ?? 0)).toEqual([1, 2, 3, 1, 2]);
    expect(list.resources[2]?.["members"]).toEqual([
      expect.objectContaining({ value: "p0@x.io" }),
      expect.objectContaining({ value: "p1@x.io" }),
      expect.objectContaining({ value: "p2@x.io" }),
    ]);
  });
});
