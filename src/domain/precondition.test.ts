/** RFC 7644 §3.14 conditional writes through the SCIM service, checked in the write's transaction, on every database. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASE_KINDS } from "../storage/testing/test-databases.ts";
import type { WritePrecondition } from "./scim-operations.ts";
import { context, domainKit, ops, scimGroup, scimUser } from "./scim-test-kit.ts";

const QUIET = { includeMembers: false } as const;
const ifMatch = (...tags: string[]): WritePrecondition => ({ ifMatch: tags });
const ANY: WritePrecondition = { ifMatch: "*" };

describe.each(DATABASE_KINDS)("conditional writes on %s", (kind) => {
  let kit: Awaited<ReturnType<typeof domainKit>>;
  beforeAll(async () => {
    kit = await domainKit(kind);
  });
  afterAll(async () => {
    await kit.handle.dispose();
  });

  async function userVersion(t: string, id: string): Promise<string> {
    const meta = (await kit.scim.getUser(context(t), id))["meta"] as { version: string };
    return meta.version.replace(/^W\/"(.*)"$/, "$1");
  }

  it("replaces and patches a user only when If-Match names its current version", async () => {
    const t = await kit.tenant();
    await kit.scim.createUser(context(t), scimUser("ada@corp", "ada@x.io"));
    const replace = (precondition: WritePrecondition) =>
      kit.scim.replaceUser(context(t), "ada@x.io", scimUser("ada@corp", "ada@x.io", { nickName: "a" }), precondition);
    await expect(replace(ifMatch("7"))).rejects.toMatchObject({ code: "preconditionFailed" });
    const replaced = await replace(ifMatch("0", await userVersion(t, "ada@x.io")));
    expect(replaced["nickName"]).toBe("a");
    await expect(
      kit.scim.patchUser(context(t), "ada@x.io", ops({ op: "replace", path: "nickName", value: "b" }), ifMatch("1")),
    ).rejects.toMatchObject({ code: "preconditionFailed" });
    const patched = await kit.scim.patchUser(
      context(t),
      "ada@x.io",
      ops({ op: "replace", path: "nickName", value: "b" }),
      ifMatch(await userVersion(t, "ada@x.io")),
    );
    expect(patched["nickName"]).toBe("b");
    expect((await kit.scim.getUser(context(t), "ada@x.io"))["nickName"]).toBe("b");
  });

  it("takes If-Match * as any existing version, and answers 404 before 412 for a missing resource", async () => {
    const t = await kit.tenant();
    await kit.scim.createUser(context(t), scimUser("eve@corp", "eve@x.io"));
    await kit.scim.patchUser(context(t), "eve@x.io", ops({ op: "add", path: "title", value: "x" }), ANY);
    await expect(
      kit.scim.patchUser(context(t), "nobody@x.io", ops({ op: "add", path: "title", value: "x" }), ifMatch("1")),
    ).rejects.toMatchObject({ code: "notFound" });
    await expect(kit.scim.deleteUser(context(t), "nobody@x.io", ANY)).rejects.toMatchObject({ code: "notFound" });
  });

  it("refuses a write whose If-None-Match matches the current version", async () => {
    const t = await kit.tenant();
    await kit.scim.createUser(context(t), scimUser("bob@corp", "bob@x.io"));
    const version = await userVersion(t, "bob@x.io");
    const body = scimUser("bob@corp", "bob@x.io");
    await expect(kit.scim.replaceUser(context(t), "bob@x.io", body, { ifNoneMatch: "*" })).rejects.toMatchObject({
      code: "preconditionFailed",
    });
    await expect(kit.scim.replaceUser(context(t), "bob@x.io", body, { ifNoneMatch: [version] })).rejects.toMatchObject({
      code: "preconditionFailed",
    });
    await kit.scim.replaceUser(context(t), "bob@x.io", body, { ifNoneMatch: ["999"] });
  });

  it("deletes a user or a group only from the version If-Match names", async () => {
    const t = await kit.tenant();
    await kit.scim.createUser(context(t), scimUser("del@corp", "del@x.io"));
    await kit.scim.createGroup(context(t), scimGroup("Doomed"), QUIET);
    await expect(kit.scim.deleteUser(context(t), "del@x.io", ifMatch("2"))).rejects.toMatchObject({
      code: "preconditionFailed",
    });
    await expect(kit.scim.deleteGroup(context(t), "doomed", ifMatch("2"))).rejects.toMatchObject({
      code: "preconditionFailed",
    });
    await kit.scim.getUser(context(t), "del@x.io");
    await kit.scim.deleteUser(context(t), "del@x.io", ifMatch("1"));
    await kit.scim.deleteGroup(context(t), "doomed", ANY);
    await expect(kit.scim.getUser(context(t), "del@x.io")).rejects.toMatchObject({ code: "notFound" });
    await expect(kit.scim.getGroup(context(t), "doomed", QUIET)).rejects.toMatchObject({ code: "notFound" });
  });

  it("checks group writes, membership-only patches included, and moves the version on", async () => {
    const t = await kit.tenant();
    await kit.scim.createUser(context(t), scimUser("m@corp", "m@x.io"));
    await kit.scim.createGroup(context(t), scimGroup("Crew"), QUIET);
    const addMember = ops({ op: "add", path: "members", value: [{ value: "m@x.io" }] });
    const patch = (precondition: WritePrecondition) =>
      kit.scim.patchGroup(context(t), "crew", addMember, { includeMembers: true }, precondition);
    await expect(patch(ifMatch("5"))).rejects.toMatchObject({ code: "preconditionFailed" });
    const patched = await patch(ifMatch("1"));
    expect(patched?.["meta"]).toMatchObject({ version: 'W/"2"' });
    await expect(patch(ifMatch("1"))).rejects.toMatchObject({ code: "preconditionFailed" });
    await expect(
      kit.scim.replaceGroup(context(t), "crew", scimGroup("Crew 2"), QUIET, ifMatch("1")),
    ).rejects.toMatchObject({ code: "preconditionFailed" });
    const replaced = await kit.scim.replaceGroup(context(t), "crew", scimGroup("Crew 2"), QUIET, ifMatch("2"));
    expect(replaced["displayName"]).toBe("Crew 2");
  });

  it("lets exactly one of two writers holding the same version win", async () => {
    const t = await kit.tenant();
    await kit.scim.createUser(context(t), scimUser("race@corp", "race@x.io"));
    const version = await userVersion(t, "race@x.io");
    const write = (nick: string) =>
      kit.scim.replaceUser(
        context(t),
        "race@x.io",
        scimUser("race@corp", "race@x.io", { nickName: nick }),
        ifMatch(version),
      );
    const outcomes = await Promise.allSettled([write("one"), write("two")]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    expect(outcomes.find((o) => o.status === "rejected")).toMatchObject({ reason: { code: "preconditionFailed" } });
  });
});
