/** The import's second pass on SQLite and PostgreSQL: all or nothing, merge rules, batches. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASE_KINDS, openTestStore, type TestStore } from "../storage/testing/test-databases.ts";
import { ExportService } from "./export-service.ts";
import { IdentityService } from "./identity-service.ts";
import { ImportService, type ImportSource } from "./import-service.ts";
import { ScimService } from "./scim-service.ts";
import { context, scimGroup, scimUser } from "./scim-test-kit.ts";

const header = (roles: number, users: number) =>
  JSON.stringify({
    Format: "roster-export",
    Version: 1,
    Tenant: "source",
    ExportedAt: "2026-03-01T00:00:00.000Z",
    Counts: { Users: users, Roles: roles },
  });
const role = (id: string, fields: object = {}) => JSON.stringify({ Kind: "Role", Id: id, DisplayName: id, ...fields });
const user = (id: string, fields: object = {}) => JSON.stringify({ Kind: "User", Id: id, Email: id, ...fields });

/** A document from text, handed over in small chunks so lines and characters cross them. */
function textSource(...versions: string[]): ImportSource {
  let opened = 0;
  return {
    async *open() {
      const text = versions[Math.min(opened, versions.length - 1)]!;
      opened += 1;
      const bytes = Buffer.from(text);
      for (let i = 0; i < bytes.length; i += 7) yield bytes.subarray(i, i + 7);
    },
  };
}

describe.each(DATABASE_KINDS)("ImportService on %s", (kind) => {
  let handle: TestStore;
  let imports: ImportService;
  let identity: IdentityService;
  let scim: ScimService;
  let tenants = 0;
  const NOW = "2026-06-01T12:00:00.000Z";

  beforeAll(async () => {
    handle = await openTestStore(kind);
    imports = new ImportService(handle.store, { now: () => new Date(NOW) });
    identity = new IdentityService(handle.store);
    scim = new ScimService(handle.store);
  });
  afterAll(() => handle.dispose());

  async function tenant(): Promise<string> {
    tenants += 1;
    const id = `imp${tenants}`;
    await handle.store.tenants.create(id, new Date().toISOString());
    return id;
  }

  const counts = (tenantId: string) => handle.store.bulk.counts(tenantId);

  it("writes nothing when the document changed between the check and the write", async () => {
    const t = await tenant();
    const first = [header(1, 2), role("ops"), user("a@x.io", { Roles: ["ops"] }), user("b@x.io")].join("\n");
    const second = first.replace('"Id":"b@x.io","Email":"b@x.io"', '"Id":"b@x.io","Email":"c@x.io"');
    await expect(imports.import(t, textSource(first, second), { batchSize: 1 })).rejects.toMatchObject({
      code: "conflict",
      message: "the document changed while it was imported; nothing was written",
    });
    expect(await counts(t)).toEqual({ users: 0, roles: 0 });
  });

  it("writes nothing when a late batch of a merge meets an external id another user holds", async () => {
    const t = await tenant();
    await scim.createUser(context(t, "Okta"), scimUser("taken", "holder@x.io"));
    const lines = [
      header(1, 5),
      role("ops"),
      ...[1, 2, 3, 4].map((i) => user(`u${i}@x.io`, { Roles: ["ops"] })),
      user("u5@x.io", { ExternalIds: [{ Provider: "okta", Value: "TAKEN" }] }),
    ];
    await expect(imports.import(t, textSource(lines.join("\n")), { merge: true, batchSize: 2 })).rejects.toMatchObject({
      code: "invalidValue",
      message: 'line 7: ExternalIds: okta "TAKEN" belongs to user "holder@x.io" of the tenant',
    });
    expect(await counts(t)).toEqual({ users: 1, roles: 0 });
  });

  it("refuses in the transaction a nesting that closes a cycle with the tenant's", async () => {
    const t = await tenant();
    await identity.addRole(t, "a");
    await identity.addRole(t, "b");
    await identity.nest(t, "a", "b");
    const document = [header(1, 1), role("b", { Roles: ["a"] }), user("u@x.io")].join("\n");
    await expect(imports.import(t, textSource(document), { merge: true })).rejects.toMatchObject({
      message: 'line 2: Roles nest in a cycle: "a" contains "b" contains "a"',
    });
    expect(await counts(t)).toEqual({ users: 0, roles: 2 });
  });

  it("merges by Id: the document wins for what it carries, nothing is deleted, changed records get a new version", async () => {
    const t = await tenant();
    await identity.addRole(t, "Ops");
    await identity.addRole(t, "Sales");
    await identity.addUser(t, "pat@x.io", { firstName: "Pat", lastName: "Smith" });
    await identity.grant(t, "pat@x.io", "ops");
    await scim.createUser(context(t, "EntraID"), scimUser("pat@corp", "pat@x.io"));
    await identity.addUser(t, "lee@x.io", { firstName: "Lee" });
    const before = await identity.showUser(t, "pat@x.io");
    const lee = await identity.showUser(t, "lee@x.io");
    const salesBefore = await identity.showRole(t, "sales");

    const document = [
      header(3, 3),
      role("ops", { DisplayName: "Operations", Roles: ["sales"] }),
      role("sales", { DisplayName: "Sales" }),
      role("new", { ExternalIds: [{ Provider: "Okta", Value: "g-new" }], Scim: { Okta: {} } }),
      user("PAT@x.io", {
        LastName: null,
        ExternalIds: [{ Provider: "Okta", Value: "pat" }],
        Roles: ["sales", "new"],
        RoleSources: { new: "scim:Okta" },
      }),
      JSON.stringify({ Kind: "User", Id: "lee@x.io", FirstName: "Lee" }),
      user("new@x.io", { Roles: ["ops"], Active: false, CreatedAt: "2025-01-01T00:00:00.000Z" }),
    ].join("\n");
    const report = await imports.import(t, textSource(document), { merge: true, batchSize: 2 });
    expect(report).toMatchObject({
      roles: { created: { count: 1, first: ["new"] }, changed: { count: 1, first: ["ops"] }, unchanged: { count: 1 } },
      users: {
        created: { count: 1, first: ["new@x.io"] },
        changed: { count: 1, first: ["pat@x.io"] },
        unchanged: { count: 1, first: ["lee@x.io"] },
      },
    });

    const pat = await identity.showUser(t, "pat@x.io");
    expect(pat.user).toMatchObject({
      id: "pat@x.io",
      firstName: before.user.firstName,
      lastName: null,
      externalIds: [
        { provider: "EntraID", value: "pat@corp" },
        { provider: "Okta", value: "pat" },
      ],
      scim: before.user.scim,
      scimProvider: "EntraID",
      createdAt: before.user.createdAt,
      modifiedAt: NOW,
      version: before.user.version + 1,
    });
    expect(pat.roles).toEqual([
      { roleId: "new", source: "scim", provider: "Okta" },
      { roleId: "ops", source: "manual", provider: null },
      { roleId: "sales", source: "manual", provider: null },
    ]);
    expect((await identity.showUser(t, "lee@x.io")).user).toEqual(lee.user);
    expect((await identity.showUser(t, "new@x.io")).user).toMatchObject({
      active: false,
      createdAt: "2025-01-01T00:00:00.000Z",
      version: 1,
    });
    expect(await identity.showRole(t, "ops")).toMatchObject({
      role: { displayName: "Operations", modifiedAt: NOW },
      children: ["sales"],
    });
    // Sales existed and gained a member: a new version, as a grant by hand gives it.
    expect((await identity.showRole(t, "sales")).role.version).toBe(salesBefore.role.version + 1);
    expect((await handle.store.roles.findByExternalId(t, "okta", "g-new"))?.id).toBe("new");
    // Found by SCIM as the provider linked it.
    expect((await handle.store.users.findByExternalId(t, "OKTA", "PAT"))?.id).toBe("pat@x.io");
  });

  it("dry-runs a merge over a snapshot: the same report, nothing written", async () => {
    const t = await tenant();
    await identity.addUser(t, "pat@x.io", { firstName: "Pat" });
    const document = [header(0, 2), user("pat@x.io", { FirstName: "Patricia" }), user("new@x.io")].join("\n");
    const report = await imports.import(t, textSource(document), { merge: true, dryRun: true });
    expect(report).toMatchObject({
      dryRun: true,
      users: { created: { count: 1, first: ["new@x.io"] }, changed: { count: 1, first: ["pat@x.io"] } },
    });
    expect(await counts(t)).toEqual({ users: 1, roles: 0 });
    expect((await identity.showUser(t, "pat@x.io")).user.firstName).toBe("Pat");
  });

  it("round-trips SCIM-made groups and users of several providers through the export", async () => {
    const t = await tenant();
    await scim.createUser(context(t, "EntraID"), scimUser("ada@corp", "ada@x.io", { externalId: "oid-1" }));
    await scim.createUser(context(t, "Okta"), scimUser("ada", "ada@x.io"));
    await scim.createGroup(
      context(t, "EntraID"),
      scimGroup("Engineering", { externalId: "g-1", members: [{ value: "ada@x.io" }] }),
      {
        includeMembers: false,
      },
    );
    const exports = new ExportService(handle.store);
    const read = async (tenantId: string) => {
      let text = "";
      await exports.export(
        tenantId,
        async (chunk) => {
          text += chunk;
        },
        { format: "ndjson", pageSize: 1 },
      );
      return text.split("\n").slice(1);
    };
    const copy = await tenant();
    let document = "";
    await exports.export(
      t,
      async (chunk) => {
        document += chunk;
      },
      { format: "ndjson" },
    );
    await imports.import(copy, textSource(document), { batchSize: 1 });
    expect(await read(copy)).toEqual(await read(t));
  });
});
