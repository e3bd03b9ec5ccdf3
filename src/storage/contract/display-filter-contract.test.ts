/** `members.display` and `groups.display` filters fold case as JavaScript does, beyond ASCII, on every database. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ListQuery, Store } from "../../domain/ports.ts";
import { parseFilter } from "../../protocol/filter/parse-filter.ts";
import { resolveFilter } from "../../protocol/filter/resolve-filter.ts";
import type { ResourceTypeName } from "../../protocol/schema/schema-types.ts";
import { DATABASE_KINDS, openTestStore, type TestStore } from "../testing/test-databases.ts";
import { insertRole, insertUser, role, tick, user } from "./fixtures.ts";

// Non-ASCII capitals, a final sigma, a titlecase digraph, a dotted capital I.
const NAMES = ["Émile Zola", "İstanbul Ops", "ΣΟΦΙΑΣ", "Øystein", "ǅemal"];

function query(resourceType: ResourceTypeName, filter: string): ListQuery {
  const parsed = parseFilter(filter);
  if (!parsed.ok) throw parsed.error;
  const resolved = resolveFilter(resourceType, parsed.value);
  if (!resolved.ok) throw resolved.error;
  return {
    filter: resolved.value,
    provider: "EntraID",
    sortBy: undefined,
    sortOrder: "ascending",
    offset: 0,
    limit: 50,
  };
}

describe.each(DATABASE_KINDS)("display filters on %s", (kind) => {
  let handle: TestStore;
  let store: Store;

  beforeAll(async () => {
    handle = await openTestStore(kind);
    store = handle.store;
    await store.tenants.create("acme", tick());
    for (const [index, name] of NAMES.entries()) {
      await insertUser(store, "acme", user(`u${index}@x.com`, { scim: { displayName: name } }));
      await insertRole(store, "acme", role(`r${index}`, name));
      await store.roles.addMembers("acme", `r${index}`, [`u${index}@x.com`], "EntraID");
    }
  });
  afterAll(async () => {
    await handle.dispose();
  });

  const ids = async (resourceType: ResourceTypeName, filter: string) => {
    const page =
      resourceType === "User"
        ? await store.users.list("acme", query(resourceType, filter))
        : await store.roles.list("acme", query(resourceType, filter));
    return page.items.map((item) => item.id);
  };

  for (const [index, name] of NAMES.entries()) {
    it(`matches ${name} as written, lower-cased and upper-cased`, async () => {
      for (const variant of [name, name.toLowerCase(), name.toUpperCase()]) {
        expect(await ids("Group", `members.display eq ${JSON.stringify(variant)}`)).toEqual([`r${index}`]);
        expect(await ids("User", `groups.display eq ${JSON.stringify(variant)}`)).toEqual([`u${index}@x.com`]);
      }
    });
  }

  it("folds case for co, sw and ew too", async () => {
    expect(await ids("Group", 'members.display co "σοφ"')).toEqual(["r2"]);
    expect(await ids("User", 'groups.display sw "øyst"')).toEqual(["u3@x.com"]);
    expect(await ids("User", 'groups.display ew "ZOLA"')).toEqual(["u0@x.com"]);
  });

  it("follows a rename of the role and a new displayName of the user", async () => {
    const renamed = { ...(await store.roles.get("acme", "r4"))!, displayName: "ÅSA", version: 2 };
    await store.roles.update("acme", renamed, "r4", 1, []);
    expect(await ids("User", 'groups.display eq "åsa"')).toEqual(["u4@x.com"]);
    const before = (await store.users.get("acme", "u4@x.com"))!;
    await store.users.update("acme", { ...before, scim: { displayName: "ŁUKASZ" }, version: 2 }, 1, []);
    expect(await ids("Group", 'members.display eq "łukasz"')).toEqual(["r4"]);
  });
});
