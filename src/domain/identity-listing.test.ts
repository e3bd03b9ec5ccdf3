import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASE_KINDS, openTestStore, type TestStore } from "../storage/testing/test-databases.ts";
import { IdentityService } from "./identity-service.ts";
import { TenantService } from "./tenant-service.ts";

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

describe.each(DATABASE_KINDS)("listing a whole tenant a page at a time on %s", (kind) => {
  let db: TestStore;
  let identity: IdentityService;
  const emails = ["a@x.io", "b@x.io", "c@x.io", "d@x.io", "e@x.io"];

  beforeAll(async () => {
    db = await openTestStore(kind);
    identity = new IdentityService(db.store);
    const tenants = new TenantService(db.store);
    await tenants.createTenant("acme");
    await tenants.createTenant("globex");
    for (const email of emails) await identity.addUser("acme", email);
    await identity.addUser("globex", "z@x.io");
    for (const name of ["One", "Two", "Three"]) await identity.addRole("acme", name);
    await identity.grant("acme", "c@x.io", "two");
  });
  afterAll(() => db.dispose());

  it("yields every user of the tenant once across pages, and no other tenant's", async () => {
    const users = await collect(identity.eachUser("acme", 2));
    expect(users.map((d) => d.user.id).sort()).toEqual(emails);
    expect(users.find((d) => d.user.id === "c@x.io")?.roles).toEqual([
      { roleId: "two", source: "manual", provider: null },
    ]);
  });

  it("yields every role across pages, with the roles each contains", async () => {
    await identity.nest("acme", "one", "three");
    const roles = await collect(identity.eachRole("acme", 2));
    // Creation order, ties (the same millisecond) by Id.
    expect(roles.map((d) => [d.role.id, d.children]).sort()).toEqual([
      ["one", ["three"]],
      ["three", []],
      ["two", []],
    ]);
  });

  it("refuses an unknown tenant", async () => {
    await expect(collect(identity.eachUser("nobody"))).rejects.toMatchObject({ code: "notFound" });
  });
});
