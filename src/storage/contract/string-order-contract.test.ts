/** gt/lt and sortBy order strings by Unicode code point on every database, as the in-memory evaluator does. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ListQuery, Store } from "../../domain/ports.ts";
import { userIndex } from "../../domain/user-writes.ts";
import { compareLeaf } from "../../protocol/filter/compare-leaf.ts";
import { parseFilter } from "../../protocol/filter/parse-filter.ts";
import { resolveFilter } from "../../protocol/filter/resolve-filter.ts";
import { parseSortBy } from "../../protocol/list-query.ts";
import { resolveAttribute } from "../../protocol/schema/resolve-attribute.ts";
import { DATABASE_KINDS, openTestStore, type TestStore } from "../testing/test-databases.ts";
import { tick, user } from "./fixtures.ts";

// U+0041, U+00E9, U+FF58 (fullwidth x, above the surrogates in UTF-16), U+1F600 (astral).
const TITLES = { a: "A", e: "é", fx: "ｘ", smile: "😀" } as const;

function query(filter: string | undefined, sortBy?: string): ListQuery {
  const parsed = filter === undefined ? undefined : parseFilter(filter);
  if (parsed && !parsed.ok) throw parsed.error;
  const resolved = parsed === undefined ? undefined : resolveFilter("User", parsed.value);
  if (resolved && !resolved.ok) throw resolved.error;
  const sort = parseSortBy("User", sortBy);
  if (!sort.ok) throw sort.error;
  return {
    filter: resolved?.value,
    provider: "EntraID",
    sortBy: sort.value,
    sortOrder: "ascending",
    offset: 0,
    limit: 50,
  };
}

describe.each(DATABASE_KINDS)("string order on %s", (kind) => {
  let handle: TestStore;
  let store: Store;

  beforeAll(async () => {
    handle = await openTestStore(kind);
    store = handle.store;
    await store.tenants.create("acme", tick());
    for (const [id, title] of Object.entries(TITLES)) {
      const record = user(id, { email: null, scim: { userName: id, title, active: true } });
      await store.users.insert("acme", record, userIndex(record));
    }
  });
  afterAll(async () => {
    await handle.dispose();
  });

  const ids = async (filter: string | undefined, sortBy?: string) =>
    (await store.users.list("acme", query(filter, sortBy))).items.map((u) => u.id);

  it("sorts by code point: A, é, ｘ, 😀", async () => {
    expect(await ids(undefined, "title")).toEqual(["a", "e", "fx", "smile"]);
  });

  it.each(["gt", "ge", "lt", "le"] as const)("title %s selects what the in-memory evaluator selects", async (op) => {
    const title = resolveAttribute("User", { uri: undefined, name: "title", subAttr: undefined })!.attribute;
    for (const bound of Object.values(TITLES)) {
      const expected = Object.entries(TITLES)
        .filter(([, value]) => compareLeaf(title, value, op, bound))
        .map(([id]) => id)
        .sort();
      expect((await ids(`title ${op} ${JSON.stringify(bound)}`)).sort()).toEqual(expected);
    }
  });
});
