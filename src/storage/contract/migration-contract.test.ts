/** The storage contract of SPEC §12 on every adapter: snapshots, bulk writes, audit reads. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Store } from "../../domain/ports.ts";
import { roleIndex } from "../../domain/role-index.ts";
import { userIndex } from "../../domain/user-writes.ts";
import { DATABASE_KINDS, openTestStore, type TestStore } from "../testing/test-databases.ts";
import { role, tick, user } from "./fixtures.ts";

describe.each(DATABASE_KINDS)("migration storage contract on %s", (kind) => {
  let handle: TestStore;
  let store: Store;
  let tenant = "";
  let counter = 0;

  beforeAll(async () => {
    handle = await openTestStore(kind);
    store = handle.store;
  });
  afterAll(() => handle.dispose());
  beforeEach(async () => {
    counter += 1;
    tenant = `m${counter}`;
    await store.tenants.create(tenant, tick());
  });

  it("reads through a snapshot and refuses to write through it", async () => {
    await store.transaction((tx) => tx.users.insert(tenant, user("a@x.io"), []));
    await expect(
      store.snapshot(async (reader) => {
        expect((await reader.users.get(tenant, "a@x.io"))?.id).toBe("a@x.io");
        await reader.users.insert(tenant, user("b@x.io"), []);
      }),
    ).rejects.toThrow();
    expect(await store.users.get(tenant, "b@x.io")).toBeUndefined();
  });

  it("bulk-inserts users that read back exactly as users.insert writes them, found by the same lookups", async () => {
    const other = `${tenant}b`;
    await store.tenants.create(other, tick());
    const records = ["Ada@X.io", "lee@x.io"].map((id, i) =>
      user(id, {
        email: id,
        firstName: `F${i}`,
        b2cId: `oid-${i}`,
        externalIds: [
          { provider: "EntraID", value: `UPN${i}` },
          { provider: "Okta", value: `o${i}` },
        ],
        scim: { userName: `UPN${i}`, emails: [{ value: id, type: "work", primary: true }] },
        scimProvider: "EntraID",
      }),
    );
    await store.transaction((tx) =>
      tx.bulk.insertUsers(
        tenant,
        records.map((record) => ({ user: record, index: userIndex(record) })),
      ),
    );
    await store.transaction(async (tx) => {
      for (const record of records) await tx.users.insert(other, record, userIndex(record));
    });
    for (const record of records) {
      expect(await store.users.get(tenant, record.id)).toEqual(await store.users.get(other, record.id));
    }
    expect((await store.users.findByExternalId(tenant, "entraid", "upn0"))?.id).toBe("Ada@X.io");
    expect((await store.users.findByEmail(tenant, "ada@x.io")).map((u) => u.id)).toEqual(["Ada@X.io"]);
    expect((await store.users.findByB2CId(tenant, "oid-1")).map((u) => u.id)).toEqual(["lee@x.io"]);
    await expect(
      store.transaction((tx) => tx.bulk.insertUsers(tenant, [{ user: user("ada@x.io"), index: [] }])),
    ).rejects.toMatchObject({ code: "uniqueness" });
    expect(await store.bulk.counts(tenant)).toEqual({ users: 2, roles: 0 });
  });

  it("bulk-updates at the expected version, assigns, nests and reads users back by Id case-insensitively", async () => {
    const roles = [role("ops"), role("sales")];
    await store.transaction(async (tx) => {
      await tx.bulk.insertRoles(
        tenant,
        roles.map((r) => ({ role: r, normalizedName: r.id, index: roleIndex(r) })),
      );
      await tx.bulk.insertUsers(tenant, [{ user: user("pat@x.io"), index: [] }]);
      await tx.bulk.assign(tenant, [
        { userId: "pat@x.io", assignment: { roleId: "ops", source: "manual", provider: null } },
      ]);
      await tx.bulk.assign(tenant, [
        { userId: "pat@x.io", assignment: { roleId: "ops", source: "scim", provider: "Okta" } },
        { userId: "pat@x.io", assignment: { roleId: "sales", source: "manual", provider: null } },
      ]);
      await tx.bulk.nest(tenant, [{ parentId: "ops", childId: "sales" }]);
      await tx.bulk.nest(tenant, [{ parentId: "ops", childId: "sales" }]);
    });
    const found = await store.bulk.usersByIds(tenant, ["PAT@x.io", "nobody@x.io"]);
    expect([...found.keys()]).toEqual(["pat@x.io"]);
    expect(found.get("pat@x.io")?.roles).toEqual([
      { roleId: "ops", source: "scim", provider: "Okta" },
      { roleId: "sales", source: "manual", provider: null },
    ]);
    expect(await store.bulk.nestings(tenant)).toEqual([{ parentId: "ops", childId: "sales" }]);
    const stored = found.get("pat@x.io")!.user;
    const changed = {
      ...stored,
      firstName: "Pat",
      externalIds: [{ provider: "Okta", value: "pat" }],
      version: stored.version + 1,
    };
    await store.transaction((tx) => tx.bulk.updateUsers(tenant, [{ user: changed, index: userIndex(changed) }]));
    expect(await store.users.get(tenant, "pat@x.io")).toEqual(changed);
    expect(await store.bulk.userExternalIdHolders(tenant, [{ provider: "OKTA", value: "PAT" }])).toEqual([
      { provider: "okta", value: "pat", ownerId: "pat@x.io" },
    ]);
    await expect(
      store.transaction((tx) => tx.bulk.updateUsers(tenant, [{ user: changed, index: [] }])),
    ).rejects.toMatchObject({ code: "conflict" });
  });

  it("answers the audit's reads in code-point order with totals", async () => {
    await store.transaction(async (tx) => {
      await tx.bulk.insertRoles(
        tenant,
        [role("r1"), role("r2", "R2", { scim: {}, scimProvider: "Okta" })].map((r) => ({
          role: r,
          normalizedName: r.id,
          index: [],
        })),
      );
      await tx.bulk.insertUsers(
        tenant,
        ["é@x.io", "b@x.io", "A@x.io"].map((id, i) => ({
          user: user(id, {
            externalIds:
              i === 0
                ? [
                    { provider: "Okta", value: "e" },
                    { provider: "EntraID", value: "e" },
                  ]
                : [],
          }),
          index: [],
        })),
      );
      await tx.bulk.assign(tenant, [
        { userId: "b@x.io", assignment: { roleId: "r1", source: "manual", provider: null } },
        { userId: "é@x.io", assignment: { roleId: "r2", source: "manual", provider: null } },
        { userId: "é@x.io", assignment: { roleId: "r1", source: "manual", provider: null } },
        { userId: "A@x.io", assignment: { roleId: "r2", source: "scim", provider: "Okta" } },
      ]);
    });
    expect(await store.audit.manualHolders(tenant, 10)).toEqual({
      total: 2,
      items: [
        { userId: "b@x.io", roleIds: ["r1"], providers: [] },
        { userId: "é@x.io", roleIds: ["r1", "r2"], providers: ["EntraID", "Okta"] },
      ],
    });
    expect(await store.audit.unlinkedUsers(tenant, 1)).toEqual({ total: 2, items: ["A@x.io"] });
    expect(await store.audit.multiProvider(tenant, "User", 10)).toEqual({
      total: 1,
      items: [{ id: "é@x.io", providers: ["EntraID", "Okta"] }],
    });
    expect(await store.audit.multiProvider(tenant, "Role", 10)).toEqual({ total: 0, items: [] });
    expect(await store.audit.roleSummaries(tenant)).toEqual([
      { id: "r1", displayName: "r1", adopted: false },
      { id: "r2", displayName: "R2", adopted: true },
    ]);
  });
});
