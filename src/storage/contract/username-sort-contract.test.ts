/**
 * `sortBy=userName` without a filter is a merge of index walks (sort-sql.ts, userNamePageSql):
 * its pages must be exactly the pages of the general list, which orders every user by its
 * userName through the provider (external id for the provider, else email, else Id; SPEC §4).
 * The general list is reached with a filter that selects every user (`id pr`). Mixed users:
 * linked to the provider or to another one only, with and without email, with keys that tie
 * across the two walks and within one, created at the same instant.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { UserRecord } from "../../domain/model.ts";
import type { ListQuery, Store } from "../../domain/ports.ts";
import { userIndex } from "../../domain/user-writes.ts";
import { parseFilter } from "../../protocol/filter/parse-filter.ts";
import { resolveFilter } from "../../protocol/filter/resolve-filter.ts";
import { resolveAttribute } from "../../protocol/schema/resolve-attribute.ts";
import { type ObservedStore, openObservedStore } from "../testing/observed-store.ts";
import { DATABASE_KINDS } from "../testing/test-databases.ts";
import { user } from "./fixtures.ts";

const PROVIDER = "EntraID";
const SAME_INSTANT = "2026-03-01T00:00:00.000Z";

/** Users of every kind the order distinguishes. */
function mixedUsers(): UserRecord[] {
  const users: UserRecord[] = [];
  const add = (id: string, fields: Partial<UserRecord>) => users.push(user(id, fields));
  add("u-linked-1", { email: "zed@example.com", externalIds: [{ provider: PROVIDER, value: "Alpha@corp" }] });
  add("u-linked-2", { email: "amy@example.com", externalIds: [{ provider: "entraid", value: "mike@corp" }] });
  // Its external id equals another user's email: a tie across the two walks.
  add("u-linked-3", { email: "x@example.com", externalIds: [{ provider: PROVIDER, value: "Bob@Example.com" }] });
  add("u-email-1", { email: "bob@example.com" });
  add("u-email-2", { email: "Bob@example.com", createdAt: SAME_INSTANT, modifiedAt: SAME_INSTANT });
  add("u-email-3", { email: "bob@example.com", createdAt: SAME_INSTANT, modifiedAt: SAME_INSTANT });
  add("u-other-provider", { email: "carl@example.com", externalIds: [{ provider: "Okta", value: "aaa@okta" }] });
  add("u-no-email", { email: null });
  add("U-No-Email-Upper", { email: null });
  add("u-unicode", { email: "ärger@example.com" });
  add("u-astral", { email: "\u{1F600}@example.com" });
  add("u-private-use", { email: "\uE000@example.com" });
  add("u-linked-4", { email: null, externalIds: [{ provider: PROVIDER, value: "nobody" }] });
  for (let i = 0; i < 40; i++) {
    const n = String(i).padStart(3, "0");
    if (i % 3 === 0) add(`bulk${n}`, { email: `bulk${n}@example.com` });
    else
      add(`bulk${n}`, { email: `bulk${n}@example.com`, externalIds: [{ provider: PROVIDER, value: `upn${n}@corp` }] });
  }
  return users;
}

const every = () => {
  const parsed = parseFilter("id pr");
  if (!parsed.ok) throw new Error("filter");
  const resolved = resolveFilter("User", parsed.value);
  if (!resolved.ok) throw new Error("filter");
  return resolved.value;
};

function userName() {
  const resolved = resolveAttribute("User", { uri: undefined, name: "userName", subAttr: undefined });
  if (!resolved) throw new Error("userName");
  return resolved;
}

describe.each(DATABASE_KINDS)("sortBy=userName on %s", (kind) => {
  let observed: ObservedStore;
  let store: Store;

  const pages = async (
    tenant: string,
    provider: string,
    sortOrder: ListQuery["sortOrder"],
    offset: number,
    limit: number,
  ) => {
    const query = { provider, sortBy: userName(), sortOrder, offset, limit, filter: undefined };
    observed.captured.length = 0;
    const walked = await store.users.list(tenant, query);
    const statements = observed.captured.map((s) => s.sql).join("\n");
    const general = await store.users.list(tenant, { ...query, filter: every() });
    return { walked, general, statements };
  };

  async function expectSamePages(tenant: string, provider: string) {
    for (const sortOrder of ["ascending", "descending"] as const) {
      for (const [offset, limit] of [
        [0, 100],
        [0, 1],
        [0, 2],
        [0, 5],
        [3, 4],
        [10, 10],
        [50, 100],
        [60, 5],
      ] as const) {
        const { walked, general, statements } = await pages(tenant, provider, sortOrder, offset, limit);
        expect({ sortOrder, offset, limit, ids: walked.items.map((u) => u.id), total: walked.total }).toEqual({
          sortOrder,
          offset,
          limit,
          ids: general.items.map((u) => u.id),
          total: general.total,
        });
        // The merge of walks (orderBySql then orders only their candidates).
        if (offset < walked.total)
          expect(statements).toMatch(/with (a|m) as \(select x.owner_id as id from user_external_ids x/);
      }
    }
  }

  beforeAll(async () => {
    observed = await openObservedStore(kind);
    store = observed.store;
    for (const tenant of ["mixed", "linked", "other", "tie"])
      await store.tenants.create(tenant, "2026-01-01T00:00:00.000Z");
    for (const record of mixedUsers()) {
      await store.users.insert("mixed", record, userIndex(record));
      await store.users.insert("other", record, userIndex(record));
    }
    // The last linked key a page needs equals an unlinked user's email, and that user is older.
    for (const record of [
      user("d-b", { email: "b@x" }),
      user("d-c", { email: "c@x" }),
      user("l-a", { email: null, externalIds: [{ provider: PROVIDER, value: "a@x" }] }),
      user("l-b", { email: null, externalIds: [{ provider: PROVIDER, value: "b@x" }] }),
      user("l-c", { email: null, externalIds: [{ provider: PROVIDER, value: "c@x" }] }),
    ]) {
      await store.users.insert("tie", record, userIndex(record));
    }
    for (let i = 0; i < 30; i++) {
      const record = user(`l${i}@example.com`, { externalIds: [{ provider: PROVIDER, value: `name${(i * 7) % 30}` }] });
      await store.users.insert("linked", record, userIndex(record));
    }
  });
  afterAll(async () => {
    await observed?.dispose();
  });

  it("gives the general list's pages for mixed users", async () => {
    await expectSamePages("mixed", PROVIDER);
  });

  it("keeps an unlinked user whose key ties with the last linked one a page needs", async () => {
    await expectSamePages("tie", PROVIDER);
  });

  it("gives the general list's pages through a provider that has linked nobody, and one that linked a few", async () => {
    await expectSamePages("mixed", "Workday");
    await expectSamePages("mixed", "okta");
  });

  it("gives the general list's pages when every user is linked, without walking users", async () => {
    await expectSamePages("linked", PROVIDER);
    const { statements } = await pages("linked", PROVIDER, "ascending", 0, 10);
    expect(statements).not.toMatch(/not exists/);
  });

  it("follows links added, changed and removed", async () => {
    const [first] = (
      await store.users.list("linked", {
        provider: PROVIDER,
        sortBy: userName(),
        sortOrder: "ascending",
        offset: 0,
        limit: 1,
        filter: undefined,
      })
    ).items;
    if (!first) throw new Error("no user");
    await store.users.update("linked", { ...first, externalIds: [], version: 2 }, first.version, userIndex(first));
    await expectSamePages("linked", PROVIDER);
    const again = (await store.users.get("linked", first.id)) as UserRecord;
    await store.users.update(
      "linked",
      { ...again, externalIds: [{ provider: PROVIDER, value: "zzz" }], version: again.version + 1 },
      again.version,
      userIndex(again),
    );
    await expectSamePages("linked", PROVIDER);
    await store.users.delete("linked", first.id);
    await expectSamePages("linked", PROVIDER);
  });
});
