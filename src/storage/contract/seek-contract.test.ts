/** The keyset reads behind RFC 9865 cursors, and version-checked deletes: every adapter passes the same suite. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ListQuery, ResourceKey, SeekPage, SeekQuery, Store } from "../../domain/ports.ts";
import { parseFilter } from "../../protocol/filter/parse-filter.ts";
import { resolveFilter } from "../../protocol/filter/resolve-filter.ts";
import { DATABASE_KINDS, openTestStore, type TestStore } from "../testing/test-databases.ts";
import { insertRole, insertUser, role, tick, user } from "./fixtures.ts";

const ALL: ListQuery = {
  filter: undefined,
  provider: "Okta",
  sortBy: undefined,
  sortOrder: "ascending",
  offset: 0,
  limit: 1000,
};

function keyOf(record: { createdAt: string; id: string }): ResourceKey {
  return { createdAt: record.createdAt, id: record.id };
}

/** Reads a whole list forwards, `size` rows per seek, as a cursor client would. */
async function forwards<T extends { createdAt: string; id: string }>(
  seek: (query: SeekQuery) => Promise<SeekPage<T>>,
  size: number,
  base: Omit<SeekQuery, "limit"> = { filter: undefined, provider: "Okta" },
): Promise<string[]> {
  const ids: string[] = [];
  let after: ResourceKey | undefined;
  for (;;) {
    const page = await seek({ ...base, after, limit: size });
    ids.push(...page.items.map((item) => item.id));
    const last = page.items.at(-1);
    if (!page.more || last === undefined) return ids;
    after = keyOf(last);
  }
}

describe.each(DATABASE_KINDS)("keyset contract on %s", (kind) => {
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
    tenant = `k${counter}`;
    await store.tenants.create(tenant, tick());
  });

  it("seeks users in the order of an unsorted list, ties on creation time broken by Id", async () => {
    const same = tick();
    for (const id of ["b@x.io", "A@x.io", "c@x.io", "a2@x.io"]) {
      await insertUser(store, tenant, user(id, { createdAt: same, modifiedAt: same }));
    }
    for (const id of ["later1@x.io", "later2@x.io", "later3@x.io"]) await insertUser(store, tenant, user(id));
    const listed = (await store.users.list(tenant, ALL)).items.map((u) => u.id);
    const seek = (query: SeekQuery) => store.users.seek(tenant, query);
    for (const size of [1, 2, 3, 7, 50]) expect(await forwards(seek, size)).toEqual(listed);
  });

  it("reads backwards from a key, returning the page in ascending order", async () => {
    let last = user("none");
    for (const id of ["u1", "u2", "u3", "u4", "u5"]) last = await insertUser(store, tenant, user(`${id}@x.io`));
    const before = keyOf(last);
    const page = await store.users.seek(tenant, { filter: undefined, provider: "Okta", before, limit: 2 });
    expect(page.items.map((u) => u.id)).toEqual(["u3@x.io", "u4@x.io"]);
    expect(page.more).toBe(true);
    const first = await store.users.seek(tenant, { filter: undefined, provider: "Okta", before, limit: 4 });
    expect(first.items.map((u) => u.id)).toEqual(["u1@x.io", "u2@x.io", "u3@x.io", "u4@x.io"]);
    expect(first.more).toBe(false);
  });

  it("applies the filter and the tenant to a seek", async () => {
    await store.tenants.create(`${tenant}-other`, tick());
    await insertUser(store, `${tenant}-other`, user("m1@x.io"));
    for (const id of ["m1", "n1", "m2", "n2", "m3"]) await insertUser(store, tenant, user(`${id}@x.io`));
    const parsed = parseFilter('emails.value sw "m"');
    if (!parsed.ok) throw parsed.error;
    const filter = resolveFilter("User", parsed.value);
    if (!filter.ok) throw filter.error;
    const seek = (query: SeekQuery) => store.users.seek(tenant, query);
    expect(await forwards(seek, 2, { filter: filter.value, provider: "Okta" })).toEqual([
      "m1@x.io",
      "m2@x.io",
      "m3@x.io",
    ]);
  });

  it("seeks roles like users", async () => {
    for (const id of ["g1", "G2", "g3"]) await insertRole(store, tenant, role(id));
    const listed = (await store.roles.list(tenant, ALL)).items.map((r) => r.id);
    const seek = (query: SeekQuery) => store.roles.seek(tenant, query);
    expect(await forwards(seek, 2)).toEqual(listed);
    const empty = await store.roles.seek(tenant, { filter: undefined, provider: "Okta", limit: 0 });
    expect(empty).toEqual({ items: [], more: true });
  });

  it("deletes only from the expected version when one is given", async () => {
    await insertUser(store, tenant, user("v@x.io"));
    await insertRole(store, tenant, role("v"));
    expect(await store.users.delete(tenant, "v@x.io", 2)).toBe(false);
    expect(await store.roles.delete(tenant, "v", 2)).toBe(false);
    expect(await store.users.delete(tenant, "v@x.io", 1)).toBe(true);
    expect(await store.roles.delete(tenant, "v", 1)).toBe(true);
  });

  it("touches a role only from the expected version when one is given", async () => {
    await insertRole(store, tenant, role("t"));
    await expect(store.roles.touch(tenant, ["t"], tick(), 5)).rejects.toMatchObject({ code: "conflict" });
    await store.roles.touch(tenant, ["t"], tick(), 1);
    expect((await store.roles.get(tenant, "t"))?.version).toBe(2);
  });
});
