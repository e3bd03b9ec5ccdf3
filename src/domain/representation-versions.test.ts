/**
 * RFC 7644 §3.14: a representation that changed never keeps its ETag. Direct memberships bump
 * the versions of the users (and roles) they change, and only those; what other writes change
 * in a user's `groups` (renames, nesting) shows in its ETag digest without rewriting anyone.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASE_KINDS } from "../storage/testing/test-databases.ts";
import { context, domainKit, ops, scimGroup, scimUser } from "./scim-test-kit.ts";

const QUIET = { includeMembers: false } as const;

describe.each(DATABASE_KINDS)("representation versions on %s", (kind) => {
  let kit: Awaited<ReturnType<typeof domainKit>>;
  beforeAll(async () => {
    kit = await domainKit(kind);
  });
  afterAll(async () => {
    await kit.handle.dispose();
  });

  async function users(t: string, ...names: string[]) {
    for (const name of names) await kit.scim.createUser(context(t), scimUser(`${name}@corp`, `${name}@x.io`));
  }
  /** The stored version and modification time of each user. */
  async function stored(t: string, ...names: string[]) {
    const out: Record<string, [number, string]> = {};
    for (const name of names) {
      const user = await kit.store.users.get(t, `${name}@x.io`);
      out[name] = [user?.version ?? -1, user?.modifiedAt ?? ""];
    }
    return out;
  }
  async function userTag(t: string, name: string): Promise<string> {
    return ((await kit.scim.getUser(context(t), `${name}@x.io`))["meta"] as { version: string }).version;
  }
  async function groupVersion(t: string, id: string): Promise<number> {
    return (await kit.store.roles.get(t, id))?.version ?? -1;
  }

  it("bumps the version and lastModified of exactly the users a group PATCH adds or removes", async () => {
    const t = await kit.tenant();
    await users(t, "a", "b", "c");
    await kit.scim.createGroup(context(t), scimGroup("Team", { members: [{ value: "a@x.io" }] }), QUIET);
    const before = await stored(t, "a", "b", "c");
    expect(before["a"]?.[0]).toBe(2);
    await kit.scim.patchGroup(
      context(t),
      "team",
      ops({ op: "add", path: "members", value: [{ value: "b@x.io" }] }),
      QUIET,
    );
    await kit.scim.patchGroup(context(t), "team", ops({ op: "remove", path: 'members[value eq "a@x.io"]' }), QUIET);
    const after = await stored(t, "a", "b", "c");
    expect(after["a"]?.[0]).toBe(3);
    expect(after["b"]?.[0]).toBe(2);
    expect(after["a"]?.[1]).not.toBe(before["a"]?.[1]);
    expect(after["b"]?.[1]).not.toBe(before["b"]?.[1]);
    expect(after["c"]).toEqual(before["c"]);
    // Adding a member again, or removing a non-member, changes nobody.
    await kit.scim.patchGroup(
      context(t),
      "team",
      ops({ op: "add", path: "members", value: [{ value: "b@x.io" }] }),
      QUIET,
    );
    await kit.scim.patchGroup(context(t), "team", ops({ op: "remove", path: 'members[value eq "c@x.io"]' }), QUIET);
    expect(await stored(t, "a", "b", "c")).toEqual(after);
  });

  it("bumps only the members that a PUT of the group makes leave or arrive", async () => {
    const t = await kit.tenant();
    await users(t, "a", "b", "c");
    const members = (...names: string[]) => names.map((n) => ({ value: `${n}@x.io` }));
    await kit.scim.createGroup(context(t), scimGroup("Crew", { members: members("a", "b") }), QUIET);
    const before = await stored(t, "a", "b", "c");
    await kit.scim.replaceGroup(context(t), "crew", scimGroup("Crew", { members: members("a", "b") }), QUIET);
    expect(await stored(t, "a", "b", "c")).toEqual(before);
    await kit.scim.replaceGroup(context(t), "crew", scimGroup("Crew", { members: members("b", "c") }), QUIET);
    const after = await stored(t, "a", "b", "c");
    expect([after["a"]?.[0], after["b"]?.[0], after["c"]?.[0]]).toEqual([3, 2, 2]);
  });

  it("changes the ETag of every member on a rename of their group, writing none of them", async () => {
    const t = await kit.tenant();
    await users(t, "a", "b");
    await kit.scim.createGroup(
      context(t),
      scimGroup("Old Name", { members: [{ value: "a@x.io" }, { value: "b@x.io" }] }),
      QUIET,
    );
    const tags = [await userTag(t, "a"), await userTag(t, "b")];
    const before = await stored(t, "a", "b");
    await kit.scim.patchGroup(
      context(t),
      "oldname",
      ops({ op: "replace", path: "displayName", value: "New Name" }),
      QUIET,
    );
    const renamed = [await userTag(t, "a"), await userTag(t, "b")];
    expect(renamed[0]).not.toBe(tags[0]);
    expect(renamed[1]).not.toBe(tags[1]);
    expect(await stored(t, "a", "b")).toEqual(before);
    const user = await kit.scim.getUser(context(t), "a@x.io");
    expect(user["groups"]).toEqual([expect.objectContaining({ value: "oldname", display: "New Name" })]);
  });

  it("changes a user's ETag when nesting adds or removes the roles it holds indirectly", async () => {
    const t = await kit.tenant();
    await users(t, "n");
    await kit.scim.createGroup(context(t), scimGroup("Parent", { members: [{ value: "n@x.io" }] }), QUIET);
    await kit.identity.addRole(t, "Child");
    const direct = await userTag(t, "n");
    await kit.identity.nest(t, "parent", "child");
    const nested = await userTag(t, "n");
    expect(nested).not.toBe(direct);
    const user = await kit.scim.getUser(context(t), "n@x.io");
    expect(user["groups"]).toContainEqual(expect.objectContaining({ value: "child", type: "indirect" }));
    await kit.identity.unnest(t, "parent", "child");
    expect(await userTag(t, "n")).not.toBe(nested);
  });

  it("refuses a user write whose If-Match holds the ETag from before its groups changed", async () => {
    const t = await kit.tenant();
    await users(t, "w");
    await kit.scim.createGroup(context(t), scimGroup("Writers", { members: [{ value: "w@x.io" }] }), QUIET);
    const old = (await userTag(t, "w")).replace(/^W\/"(.*)"$/, "$1");
    await kit.scim.patchGroup(
      context(t),
      "writers",
      ops({ op: "replace", path: "displayName", value: "Authors" }),
      QUIET,
    );
    const write = (tag: string) =>
      kit.scim.patchUser(context(t), "w@x.io", ops({ op: "replace", path: "nickName", value: tag }), {
        ifMatch: [tag],
      });
    await expect(write(old)).rejects.toMatchObject({ code: "preconditionFailed" });
    await expect(kit.scim.deleteUser(context(t), "w@x.io", { ifMatch: [old] })).rejects.toMatchObject({
      code: "preconditionFailed",
    });
    const current = (await userTag(t, "w")).replace(/^W\/"(.*)"$/, "$1");
    expect((await write(current))["nickName"]).toBe(current);
  });

  it("bumps the former members of a deleted group", async () => {
    const t = await kit.tenant();
    await users(t, "a", "b");
    await kit.scim.createGroup(context(t), scimGroup("Gone", { members: [{ value: "a@x.io" }] }), QUIET);
    const before = await stored(t, "a", "b");
    await kit.scim.deleteGroup(context(t), "gone");
    const after = await stored(t, "a", "b");
    expect(after["a"]?.[0]).toBe((before["a"]?.[0] ?? 0) + 1);
    expect(after["b"]).toEqual(before["b"]);
  });

  it("bumps the groups of a member whose display changes or who is deleted, not for other changes", async () => {
    const t = await kit.tenant();
    await users(t, "m");
    await kit.scim.createGroup(context(t), scimGroup("Shown", { members: [{ value: "m@x.io" }] }), QUIET);
    await kit.scim.createGroup(context(t), scimGroup("Other"), QUIET);
    const start = await groupVersion(t, "shown");
    await kit.scim.patchUser(context(t), "m@x.io", ops({ op: "replace", path: "title", value: "Boss" }), undefined);
    expect(await groupVersion(t, "shown")).toBe(start);
    await kit.scim.patchUser(context(t), "m@x.io", ops({ op: "replace", path: "displayName", value: "Em" }), undefined);
    expect(await groupVersion(t, "shown")).toBe(start + 1);
    const group = await kit.scim.getGroup(context(t), "shown", { includeMembers: true });
    expect(group["members"]).toEqual([expect.objectContaining({ value: "m@x.io", display: "Em" })]);
    await kit.scim.deleteUser(context(t), "m@x.io");
    expect(await groupVersion(t, "shown")).toBe(start + 2);
    expect(await groupVersion(t, "other")).toBe(1);
  });

  it("bumps the user and the role of a grant and a revoke by hand", async () => {
    const t = await kit.tenant();
    await users(t, "h");
    await kit.identity.addRole(t, "Manual");
    await kit.identity.grant(t, "h@x.io", "manual");
    expect([(await stored(t, "h"))["h"]?.[0], await groupVersion(t, "manual")]).toEqual([2, 2]);
    await kit.identity.grant(t, "h@x.io", "manual");
    expect([(await stored(t, "h"))["h"]?.[0], await groupVersion(t, "manual")]).toEqual([2, 2]);
    await kit.identity.revoke(t, "h@x.io", "manual");
    expect([(await stored(t, "h"))["h"]?.[0], await groupVersion(t, "manual")]).toEqual([3, 3]);
  });

  it("bumps a user whose PATCH changes nothing but drops its hand-assigned roles (SPEC §7)", async () => {
    const t = await kit.tenant();
    await kit.identity.addUser(t, "k@x.io");
    await kit.identity.addRole(t, "By Hand");
    await kit.identity.grant(t, "k@x.io", "byhand");
    await kit.scim.createUser(context(t), scimUser("k@corp", "k@x.io"));
    const linked = await kit.scim.getUser(context(t), "k@x.io");
    expect(linked["groups"]).toHaveLength(1);
    const noop = ops({ op: "replace", path: "userName", value: "k@corp" });
    const patched = await kit.scim.patchUser(context(t), "k@x.io", noop, undefined);
    expect(patched).not.toHaveProperty("groups");
    expect((patched["meta"] as { version: string }).version).not.toBe((linked["meta"] as { version: string }).version);
    expect(await kit.scim.getUser(context(t), "k@x.io")).toEqual(patched);
    expect(await groupVersion(t, "byhand")).toBe(3);
    // Nothing left to drop: the next no-op PATCH keeps the version.
    expect(await kit.scim.patchUser(context(t), "k@x.io", noop, undefined)).toEqual(patched);
  });
});
