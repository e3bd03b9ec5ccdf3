/** SPEC §11 change events, written in the writing transaction, on every database. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASE_KINDS } from "../storage/testing/test-databases.ts";
import { adminActor, CLI_ACTOR } from "./actor.ts";
import type { EventRecord } from "./outbox-ports.ts";
import { context, domainKit, ops, scimGroup, scimUser } from "./scim-test-kit.ts";

const QUIET = { includeMembers: false } as const;

describe.each(DATABASE_KINDS)("change events on %s", (kind) => {
  let kit: Awaited<ReturnType<typeof domainKit>>;
  beforeAll(async () => {
    kit = await domainKit(kind);
  });
  afterAll(async () => {
    await kit.handle.dispose();
  });

  /** Every event of the tenant after `after`. */
  const events = async (t: string, after = 0): Promise<EventRecord[]> => [
    ...(await kit.store.events.read(t, { after, limit: 10_000 })),
  ];
  const last = async (t: string) => kit.store.events.lastSeq(t);
  const types = (list: readonly EventRecord[]) => list.map((e) => e.type);

  it("a SCIM create writes user.created with the §9 fields and the actor scim:<provider>", async () => {
    const t = await kit.tenant();
    await kit.scim.createUser(context(t, "Okta"), scimUser("pat@corp", "pat@x.io", { name: { givenName: "Pat" } }));
    const [event, ...rest] = await events(t);
    expect(rest).toEqual([]);
    expect(event).toMatchObject({
      seq: 1,
      type: "user.created",
      actor: "scim:Okta",
      data: {
        User: {
          Id: "pat@x.io",
          Email: "pat@x.io",
          FirstName: "Pat",
          ExternalIds: [{ Provider: "Okta", Value: "pat@corp" }],
          Active: true,
        },
      },
    });
  });

  it("group membership gives membership.added and access.changed; removal the reverse; Ids follow each other", async () => {
    const t = await kit.tenant();
    await kit.scim.createUser(context(t), scimUser("a@corp", "a@x.io"));
    await kit.scim.createGroup(context(t), scimGroup("Sales"), QUIET);
    const start = await last(t);
    await kit.scim.patchGroup(
      context(t),
      "sales",
      ops({ op: "add", path: "members", value: [{ value: "a@x.io" }] }),
      QUIET,
    );
    const added = await events(t, start);
    expect(types(added)).toEqual(["membership.added", "access.changed"]);
    expect(added.map((e) => e.seq)).toEqual([start + 1, start + 2]);
    expect(added[0]?.data).toEqual({ UserId: "a@x.io", RoleId: "sales", Source: "scim:EntraID" });
    expect(added[1]?.data).toEqual({
      UserId: "a@x.io",
      Before: { Active: true, Direct: [], Indirect: [] },
      After: { Active: true, Direct: ["sales"], Indirect: [] },
    });
    const mid = await last(t);
    await kit.scim.patchGroup(context(t), "sales", ops({ op: "remove", path: 'members[value eq "a@x.io"]' }), QUIET);
    const removed = await events(t, mid);
    expect(types(removed)).toEqual(["membership.removed", "access.changed"]);
    expect(removed[0]?.data).toEqual({ UserId: "a@x.io", RoleId: "sales", Source: "scim:EntraID" });
    expect(removed[1]?.data).toMatchObject({ After: { Active: true, Direct: [], Indirect: [] } });
  });

  it("writes no event for a no-op PATCH, a repeated membership, or a failed write", async () => {
    const t = await kit.tenant();
    await kit.scim.createUser(context(t), scimUser("a@corp", "a@x.io", { title: "Boss" }));
    await kit.scim.createGroup(context(t), scimGroup("Sales", { members: [{ value: "a@x.io" }] }), QUIET);
    const start = await last(t);
    await kit.scim.patchUser(context(t), "a@x.io", ops({ op: "replace", path: "title", value: "Boss" }));
    await kit.scim.patchGroup(
      context(t),
      "sales",
      ops({ op: "add", path: "members", value: [{ value: "a@x.io" }] }),
      QUIET,
    );
    await kit.scim.replaceGroup(context(t), "sales", scimGroup("Sales", { members: [{ value: "a@x.io" }] }), QUIET);
    // Fails after its first change (the second member does not exist): rolled back, events too.
    await expect(
      kit.scim.patchGroup(
        context(t),
        "sales",
        ops(
          { op: "remove", path: 'members[value eq "a@x.io"]' },
          { op: "add", path: "members", value: [{ value: "ghost@x.io" }] },
        ),
        QUIET,
      ),
    ).rejects.toMatchObject({ code: "invalidValue" });
    await expect(kit.scim.createUser(context(t), scimUser("a@corp", "a@x.io"))).rejects.toMatchObject({
      code: "uniqueness",
    });
    await expect(kit.identity.nest(t, "sales", "sales")).rejects.toMatchObject({ code: "conflict" });
    expect(await events(t, start)).toEqual([]);
    expect(await last(t)).toBe(start);
  });

  it("access.changed reaches users through two levels of nesting when a role is nested, unnested or deleted", async () => {
    const t = await kit.tenant();
    // regional ⊃ store ⊃ sales; pat holds regional directly, sam holds store directly.
    await kit.identity.addRole(t, "Regional");
    await kit.identity.addRole(t, "Store");
    await kit.identity.addRole(t, "Sales");
    await kit.identity.addUser(t, "pat@x.io");
    await kit.identity.addUser(t, "sam@x.io");
    await kit.identity.addUser(t, "lee@x.io");
    await kit.identity.grant(t, "pat@x.io", "regional");
    await kit.identity.grant(t, "sam@x.io", "store");
    await kit.identity.nest(t, "regional", "store");
    let start = await last(t);
    await kit.identity.nest(t, "store", "sales", adminActor("key1"));
    const nested = await events(t, start);
    expect(types(nested)).toEqual(["role.nested", "access.changed", "access.changed"]);
    expect(nested.every((e) => e.actor === "admin:key1")).toBe(true);
    const byUser = Object.fromEntries(nested.slice(1).map((e) => [e.data["UserId"], e.data]));
    expect(byUser["pat@x.io"]).toEqual({
      UserId: "pat@x.io",
      Before: { Active: true, Direct: ["regional"], Indirect: ["store"] },
      After: { Active: true, Direct: ["regional"], Indirect: ["sales", "store"] },
    });
    expect(byUser["sam@x.io"]).toMatchObject({ After: { Direct: ["store"], Indirect: ["sales"] } });
    expect(byUser["lee@x.io"]).toBeUndefined();

    start = await last(t);
    await kit.identity.unnest(t, "regional", "store");
    const unnested = await events(t, start);
    // sam still holds store (and sales through it) directly: only pat loses anything.
    expect(types(unnested)).toEqual(["role.unnested", "access.changed"]);
    expect(unnested[1]?.data).toMatchObject({
      UserId: "pat@x.io",
      After: { Active: true, Direct: ["regional"], Indirect: [] },
    });

    await kit.identity.nest(t, "regional", "store");
    start = await last(t);
    await kit.identity.deleteRole(t, "store", CLI_ACTOR);
    const deleted = await events(t, start);
    expect(types(deleted)).toEqual(["role.deleted", "membership.removed", "access.changed", "access.changed"]);
    expect(deleted[0]).toMatchObject({ actor: "cli", data: { Role: { Id: "store" } } });
    expect(deleted[1]?.data).toEqual({ UserId: "sam@x.io", RoleId: "store", Source: "manual" });
    const after = Object.fromEntries(deleted.slice(2).map((e) => [e.data["UserId"], e.data["After"]]));
    expect(after).toEqual({
      "pat@x.io": { Active: true, Direct: ["regional"], Indirect: [] },
      "sam@x.io": { Active: true, Direct: [], Indirect: [] },
    });
  });

  it("a rename is role.renamed and changes nobody's access (access is by role Id)", async () => {
    const t = await kit.tenant();
    await kit.scim.createUser(context(t), scimUser("a@corp", "a@x.io"));
    await kit.scim.createGroup(context(t), scimGroup("Sales", { members: [{ value: "a@x.io" }] }), QUIET);
    const start = await last(t);
    await kit.scim.patchGroup(
      context(t),
      "sales",
      ops({ op: "replace", path: "displayName", value: "Sales EU" }),
      QUIET,
    );
    const renamed = await events(t, start);
    expect(types(renamed)).toEqual(["role.renamed"]);
    expect(renamed[0]?.data).toMatchObject({
      Role: { Id: "sales", DisplayName: "Sales EU" },
      PreviousDisplayName: "Sales",
    });
  });

  it("deactivation and reactivation: user.deactivated / user.reactivated and access.changed", async () => {
    const t = await kit.tenant();
    await kit.scim.createUser(context(t), scimUser("a@corp", "a@x.io"));
    await kit.scim.createGroup(context(t), scimGroup("Sales", { members: [{ value: "a@x.io" }] }), QUIET);
    let start = await last(t);
    await kit.scim.patchUser(context(t), "a@x.io", ops({ op: "replace", path: "active", value: false }));
    const off = await events(t, start);
    expect(types(off)).toEqual(["user.updated", "user.deactivated", "access.changed"]);
    expect(off[0]?.data).toMatchObject({ Changed: [], ScimAttributes: ["active"] });
    expect(off[2]?.data).toEqual({
      UserId: "a@x.io",
      Before: { Active: true, Direct: ["sales"], Indirect: [] },
      After: { Active: false, Direct: [], Indirect: [] },
    });
    start = await last(t);
    await kit.identity.updateUser(t, "a@x.io", { active: true }, adminActor("k"));
    const on = await events(t, start);
    expect(types(on)).toEqual(["user.reactivated", "access.changed"]);
    expect(on[1]?.data).toMatchObject({ After: { Active: true, Direct: ["sales"] } });
  });

  it("user.updated names the changed fields; a hand-made user's grant and revoke are memberships with source manual", async () => {
    const t = await kit.tenant();
    await kit.identity.addUser(t, "pat@x.io", { firstName: "Pat" });
    await kit.identity.addRole(t, "Ops");
    let start = await last(t);
    await kit.identity.updateUser(t, "pat@x.io", { firstName: "Patricia", phone: "+1 555" }, CLI_ACTOR);
    const updated = await events(t, start);
    expect(types(updated)).toEqual(["user.updated"]);
    expect(updated[0]?.data).toMatchObject({ Changed: ["FirstName", "Phone"], User: { FirstName: "Patricia" } });
    start = await last(t);
    await kit.identity.grant(t, "pat@x.io", "ops");
    await kit.identity.grant(t, "pat@x.io", "ops");
    await kit.identity.revoke(t, "pat@x.io", "ops");
    expect(types(await events(t, start))).toEqual([
      "membership.added",
      "access.changed",
      "membership.removed",
      "access.changed",
    ]);
    expect((await events(t, start))[0]?.data).toEqual({ UserId: "pat@x.io", RoleId: "ops", Source: "manual" });
  });

  it("the first sync merges and the next write drops hand-made roles: membership.removed with source manual", async () => {
    const t = await kit.tenant();
    await kit.identity.addUser(t, "pat@x.io");
    await kit.identity.addRole(t, "RoleA");
    await kit.identity.grant(t, "pat@x.io", "rolea");
    await kit.scim.createUser(context(t), scimUser("pat@corp", "pat@x.io"));
    const start = await last(t);
    await kit.scim.patchUser(context(t), "pat@x.io", ops({ op: "replace", path: "title", value: "Lead" }));
    const next = await events(t, start);
    expect(types(next)).toEqual(["user.updated", "membership.removed", "access.changed"]);
    expect(next[1]?.data).toEqual({ UserId: "pat@x.io", RoleId: "rolea", Source: "manual" });
  });

  it("deleting a user: user.deleted, its memberships removed, access.changed to nothing", async () => {
    const t = await kit.tenant();
    await kit.scim.createUser(context(t), scimUser("a@corp", "a@x.io"));
    await kit.scim.createGroup(context(t), scimGroup("Sales", { members: [{ value: "a@x.io" }] }), QUIET);
    const start = await last(t);
    await kit.scim.deleteUser(context(t), "a@x.io");
    const deleted = await events(t, start);
    expect(types(deleted)).toEqual(["user.deleted", "membership.removed", "access.changed"]);
    expect(deleted[2]?.data).toEqual({
      UserId: "a@x.io",
      Before: { Active: true, Direct: ["sales"], Indirect: [] },
      After: { Active: false, Direct: [], Indirect: [] },
      Deleted: true,
    });
  });

  it("role.created for SCIM and hand-made roles; a SCIM create of a group with members adds each", async () => {
    const t = await kit.tenant();
    await kit.scim.createUser(context(t), scimUser("a@corp", "a@x.io"));
    await kit.scim.createUser(context(t), scimUser("b@corp", "b@x.io"));
    const start = await last(t);
    await kit.scim.createGroup(
      context(t),
      scimGroup("Sales", { members: [{ value: "a@x.io" }, { value: "b@x.io" }] }),
      QUIET,
    );
    await kit.identity.addRole(t, "Hand Made");
    expect(types(await events(t, start))).toEqual([
      "role.created",
      "membership.added",
      "membership.added",
      "access.changed",
      "access.changed",
      "role.created",
    ]);
  });
});

describe.each(DATABASE_KINDS)("a batch writer's events (the import's API) on %s", (kind) => {
  let kit: Awaited<ReturnType<typeof domainKit>>;
  beforeAll(async () => {
    kit = await domainKit(kind);
  });
  afterAll(async () => {
    await kit.handle.dispose();
  });

  it("recordedTransaction with flushEvents between batches writes every event once, in order, with the write", async () => {
    const t = await kit.tenant();
    const { recordedTransaction } = await import("./recorded-write.ts");
    const { indexEntries } = await import("../protocol/resource/index-entries.ts");
    const { userIndex } = await import("./user-writes.ts");
    const now = new Date().toISOString();
    await recordedTransaction(
      kit.store,
      { tenantId: t, actor: CLI_ACTOR, now: () => new Date() },
      async (tx, at, changes) => {
        const role = {
          id: "ops",
          displayName: "Ops",
          externalIds: [],
          roleType: "Role",
          scim: null,
          scimProvider: null,
          createdAt: at,
          modifiedAt: at,
          version: 1,
        };
        await tx.roles.insert(t, role, "ops", indexEntries("Group", { displayName: "Ops" }));
        changes.roleCreated(role);
        for (const batch of [["a@x.io", "b@x.io"], ["c@x.io"]]) {
          for (const id of batch) {
            const user = {
              id,
              email: id,
              firstName: null,
              lastName: null,
              phone: null,
              b2cId: null,
              externalIds: [],
              active: true,
              scim: null,
              scimProvider: null,
              createdAt: now,
              modifiedAt: now,
              version: 1,
            };
            await tx.users.insert(t, user, userIndex(user));
            changes.userCreated(user);
          }
          await changes.watchUsers(batch);
          for (const id of batch) await tx.users.assign(t, id, { roleId: "ops", source: "manual", provider: null });
          await changes.flushEvents();
        }
      },
    );
    const written = await kit.store.events.read(t, { after: 0, limit: 100 });
    expect(written.map((e) => `${e.seq} ${e.type} ${String(e.data["UserId"] ?? "")}`)).toEqual([
      "1 role.created ",
      "2 user.created ",
      "3 user.created ",
      "4 membership.added a@x.io",
      "5 membership.added b@x.io",
      // Watched once inserted, as SCIM's create-then-add-to-group would be: their access changed.
      "6 access.changed a@x.io",
      "7 access.changed b@x.io",
      "8 user.created ",
      "9 membership.added c@x.io",
      "10 access.changed c@x.io",
    ]);
    await expect(
      recordedTransaction(
        kit.store,
        { tenantId: t, actor: CLI_ACTOR, now: () => new Date() },
        async (_tx, _at, changes) => {
          changes.roleCreated({
            id: "x",
            displayName: "X",
            externalIds: [],
            roleType: "Role",
            scim: null,
            scimProvider: null,
            createdAt: now,
            modifiedAt: now,
            version: 1,
          });
          await changes.flushEvents();
          throw new Error("the import failed half way");
        },
      ),
    ).rejects.toThrow("half way");
    expect(await kit.store.events.lastSeq(t)).toBe(10);
  });
});
