/** The migration audit on SQLite and PostgreSQL, with the seed's three common scenarios as fixtures. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASE_KINDS } from "../storage/testing/test-databases.ts";
import { AuditService, hasFindings } from "./audit-service.ts";
import { context, domainKit, ops, scimGroup, scimUser } from "./scim-test-kit.ts";

describe.each(DATABASE_KINDS)("AuditService on %s", (kind) => {
  let kit: Awaited<ReturnType<typeof domainKit>>;
  let audit: AuditService;

  beforeAll(async () => {
    kit = await domainKit(kind);
    audit = new AuditService(kit.store);
  });
  afterAll(() => kit.handle.dispose());

  it("existing user with manual roles: lists them before the pilot, as dropped at the next write after it, and none after", async () => {
    const t = await kit.tenant();
    for (const name of ["RoleA", "RoleB"]) await kit.identity.addRole(t, name);
    await kit.identity.addUser(t, "pat@acme.example");
    await kit.identity.grant(t, "pat@acme.example", "rolea");
    await kit.identity.grant(t, "pat@acme.example", "roleb");

    const before = await audit.audit(t);
    expect(before.manualRolesToDrop).toEqual([
      { userId: "pat@acme.example", roleIds: ["rolea", "roleb"], providers: [], when: "after-first-sync" },
    ]);
    expect(before.unlinkedUsers).toEqual(["pat@acme.example"]);

    const ctx = context(t, "EntraID");
    await kit.scim.createUser(ctx, scimUser("pat@corp", "pat@acme.example"));
    await kit.scim.createGroup(ctx, scimGroup("GroupX", { members: [{ value: "pat@acme.example" }] }), {
      includeMembers: false,
    });
    const pilot = await audit.audit(t);
    expect(pilot.manualRolesToDrop).toEqual([
      { userId: "pat@acme.example", roleIds: ["rolea", "roleb"], providers: ["EntraID"], when: "next-write" },
    ]);
    expect(pilot.unlinkedUsers).toEqual([]);
    expect(pilot.unadoptedRoles.map((r) => r.roleId)).toEqual(["rolea", "roleb"]);

    await kit.scim.patchUser(ctx, "pat@acme.example", ops({ op: "replace", path: "displayName", value: "Pat" }));
    const after = await audit.audit(t);
    expect(after.manualRolesToDrop).toEqual([]);
    expect(after.counts.manualRolesToDrop).toBe(0);
  });

  it("role name mismatch: the hand-made role stays unadopted, with the SCIM role that nearly matches", async () => {
    const t = await kit.tenant();
    await kit.identity.addRole(t, "Store Managers");
    await kit.identity.addRole(t, "Finance");
    const created = await kit.scim.createGroup(context(t), scimGroup("Store Manager", { externalId: "g-1" }), {
      includeMembers: false,
    });
    expect(created["id"]).toBe("storemanager");
    const report = await audit.audit(t);
    expect(report.unadoptedRoles).toEqual([
      { roleId: "finance", displayName: "Finance", nearMatches: [] },
      { roleId: "storemanagers", displayName: "Store Managers", nearMatches: ["storemanager"] },
    ]);
    expect(report.counts.unadoptedRoles).toBe(2);
  });

  it("nested roles: the adopted parent's assignment becomes SCIM's; the roles it contains are not assignments to drop", async () => {
    const t = await kit.tenant();
    for (const name of ["Regional Manager", "Store Manager", "Sales Team"]) await kit.identity.addRole(t, name);
    await kit.identity.nest(t, "regionalmanager", "storemanager");
    await kit.identity.nest(t, "regionalmanager", "salesteam");
    await kit.identity.addUser(t, "pat@acme.example");
    await kit.identity.grant(t, "pat@acme.example", "regionalmanager");
    const ctx = context(t, "EntraID");
    await kit.scim.createUser(ctx, scimUser("pat@corp", "pat@acme.example"));
    await kit.scim.createGroup(ctx, scimGroup("Regional Manager", { members: [{ value: "pat@acme.example" }] }), {
      includeMembers: false,
    });
    const access = await kit.identity.access(t, "pat@acme.example");
    expect(access.direct.map((r) => r.id)).toEqual(["regionalmanager"]);
    expect(access.indirect.map((r) => r.id)).toEqual(["salesteam", "storemanager"]);
    const report = await audit.audit(t);
    expect(report.manualRolesToDrop).toEqual([]);
    expect(report.unadoptedRoles.map((r) => [r.roleId, r.nearMatches])).toEqual([
      ["salesteam", []],
      ["storemanager", []],
    ]);
  });

  it("lists users and roles linked by several providers, and says nothing is dropped under keep", async () => {
    const t = await kit.tenant();
    await kit.scim.createUser(context(t, "EntraID"), scimUser("ada@corp", "ada@acme.example"));
    await kit.scim.createUser(context(t, "Okta"), scimUser("ada", "ada@acme.example"));
    await kit.scim.createGroup(context(t, "EntraID"), scimGroup("Ops", { externalId: "e-1" }), {
      includeMembers: false,
    });
    await kit.scim.createGroup(context(t, "Okta"), scimGroup("Ops", { externalId: "o-1" }), { includeMembers: false });
    await kit.identity.addRole(t, "Hand");
    await kit.identity.grant(t, "ada@acme.example", "hand");
    await kit.store.tenants.setSetting(t, "ManualRoles", "keep");
    const report = await audit.audit(t);
    expect(report).toMatchObject({
      manualRoles: "keep",
      manualRolesToDrop: [],
      multiProvider: [
        { kind: "Role", id: "ops", providers: ["EntraID", "Okta"] },
        { kind: "User", id: "ada@acme.example", providers: ["EntraID", "Okta"] },
      ],
      counts: { manualRolesToDrop: 0, unadoptedRoles: 1, unlinkedUsers: 0, multiProvider: 2 },
    });
    expect(hasFindings(report)).toBe(true);
  });

  it("finds nothing in a tenant fully provisioned by one provider, and refuses a bad limit or tenant", async () => {
    const t = await kit.tenant();
    await kit.scim.createUser(context(t), scimUser("a@corp", "a@acme.example"));
    await kit.scim.createGroup(context(t), scimGroup("Ops", { members: [{ value: "a@acme.example" }] }), {
      includeMembers: false,
    });
    expect(hasFindings(await audit.audit(t))).toBe(false);
    await expect(audit.audit(t, 0)).rejects.toMatchObject({ code: "invalidValue", field: "limit" });
    await expect(audit.audit("nobody")).rejects.toMatchObject({ code: "notFound" });
  });

  it("cuts every list at the limit in code-point order and counts them all", async () => {
    const t = await kit.tenant();
    for (const id of ["b@x.io", "A@x.io", "c@x.io", "é@x.io"]) await kit.identity.addUser(t, id);
    const report = await audit.audit(t, 2);
    expect(report.unlinkedUsers).toEqual(["A@x.io", "b@x.io"]);
    expect(report.counts.unlinkedUsers).toBe(4);
    expect((await audit.audit(t, 10)).unlinkedUsers).toEqual(["A@x.io", "b@x.io", "c@x.io", "é@x.io"]);
  });
});
