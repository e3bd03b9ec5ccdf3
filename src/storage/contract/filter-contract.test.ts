/** Filters compiled to SQL return exactly the users the RFC 7644 §3.4.2.2 semantics select, on every database. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { UserRecord } from "../../domain/model.ts";
import type { Store } from "../../domain/ports.ts";
import { userIndex } from "../../domain/user-writes.ts";
import { parseFilter } from "../../protocol/filter/parse-filter.ts";
import { resolveFilter } from "../../protocol/filter/resolve-filter.ts";
import { resolveAttribute } from "../../protocol/schema/resolve-attribute.ts";
import { DATABASE_KINDS, openTestStore, type TestStore } from "../testing/test-databases.ts";
import cases from "./filter-contract.fixtures.json" with { type: "json" };
import { user } from "./fixtures.ts";

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

/**
 * The users every filter case runs against; ids are short so expectations stay readable. Their
 * `scim` holds `active` as a SCIM create stores it (the state, when the provider left it out).
 */
const USERS: readonly UserRecord[] = [
  user("ada", {
    email: "ada@example.com",
    externalIds: [{ provider: "EntraID", value: "Ada.Lovelace@corp.example" }],
    b2cId: "obj-ada",
    scim: {
      userName: "Ada.Lovelace@corp.example",
      name: { givenName: "Ada", familyName: "Lovelace" },
      displayName: "Ada Lovelace",
      title: "Engineer",
      emails: [
        { value: "ada@example.com", type: "work", primary: true },
        { value: "ada@home.example", type: "home" },
      ],
      [ENTERPRISE]: { employeeNumber: "100", department: "R&D", manager: { value: "grace" } },
      externalId: "obj-ada",
      active: true,
    },
  }),
  user("grace", {
    email: "grace@example.com",
    externalIds: [{ provider: "Okta", value: "grace" }],
    scim: {
      userName: "grace",
      name: { givenName: "Grace", familyName: "Hopper" },
      title: "Admiral",
      emails: [
        { value: "grace@home.example", type: "home" },
        { value: "grace@example.com", type: "work" },
      ],
      [ENTERPRISE]: { employeeNumber: "20", department: "Navy" },
      active: true,
    },
  }),
  user("linus", {
    email: null,
    active: false,
    scim: {
      userName: "linus",
      name: { givenName: "Linus", familyName: "Torvalds" },
      title: "engineer",
      active: false,
    },
  }),
  user("zoe", {
    email: "Zoe@Example.com",
    scim: { userName: "zoe", emails: [{ value: "Zoe@Example.com" }], nickName: "100% \\_done_", active: true },
  }),
];

interface FilterCase {
  readonly filter: string;
  readonly provider?: string;
  readonly expected?: readonly string[];
  readonly code?: string;
}

describe.each(DATABASE_KINDS)("filters on %s", (kind) => {
  let handle: TestStore;
  let store: Store;

  beforeAll(async () => {
    handle = await openTestStore(kind);
    store = handle.store;
    await store.tenants.create("acme", "2026-01-01T00:00:00.000Z");
    await store.tenants.create("other", "2026-01-01T00:00:00.000Z");
    for (const record of USERS) {
      await store.users.insert("acme", record, userIndex(record));
      // The same users in another tenant must never appear in acme's results.
      await store.users.insert("other", { ...record, id: `other-${record.id}` }, userIndex(record));
    }
  });
  afterAll(async () => {
    await handle.dispose();
  });

  async function run(
    text: string,
    provider = "EntraID",
    sort?: { sortBy: string; sortOrder: "ascending" | "descending" },
  ) {
    const parsed = parseFilter(text);
    if (!parsed.ok) return { code: parsed.error.code };
    const resolved = resolveFilter("User", parsed.value);
    if (!resolved.ok) return { code: resolved.error.code };
    try {
      const sortBy = sort
        ? resolveAttribute("User", { uri: undefined, name: sort.sortBy, subAttr: undefined })
        : undefined;
      const page = await store.users.list("acme", {
        filter: resolved.value,
        provider,
        sortBy,
        sortOrder: sort?.sortOrder ?? "ascending",
        offset: 0,
        limit: 100,
      });
      return { ids: page.items.map((u) => u.id), total: page.total };
    } catch (error) {
      return { code: (error as { code?: string }).code ?? "thrown" };
    }
  }

  it.each(cases as FilterCase[])("$filter", async (testCase) => {
    const result = await run(testCase.filter, testCase.provider);
    if (testCase.code) {
      expect(result).toEqual({ code: testCase.code });
    } else {
      expect([...(result.ids ?? [])].sort()).toEqual([...(testCase.expected ?? [])].sort());
      expect(result.total).toBe(testCase.expected?.length);
    }
  });

  it("sorts by userName as the provider sees it; missing values last ascending, first descending", async () => {
    expect((await run("userName pr", "EntraID", { sortBy: "userName", sortOrder: "ascending" })).ids).toEqual(
      ["Ada.Lovelace@corp.example", "grace@example.com", "linus", "Zoe@Example.com"].map(
        (name) =>
          USERS.find((u) => u.externalIds.some((x) => x.value === name) || u.email === name || u.id === name)?.id,
      ),
    );
    expect((await run("userName pr", "EntraID", { sortBy: "title", sortOrder: "descending" })).ids).toEqual([
      "zoe",
      "ada",
      "linus",
      "grace",
    ]);
    expect((await run("userName pr", "EntraID", { sortBy: "title", sortOrder: "ascending" })).ids).toEqual([
      "grace",
      "ada",
      "linus",
      "zoe",
    ]);
    // Multi-valued: the primary value, else the first (grace's first email is grace@home.example).
    expect((await run("userName pr", "EntraID", { sortBy: "emails", sortOrder: "ascending" })).ids).toEqual([
      "ada",
      "grace",
      "zoe",
      "linus",
    ]);
  });
});
