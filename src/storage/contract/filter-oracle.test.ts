/**
 * Property: for generated filters, the SQL a database runs selects exactly the users the
 * in-memory evaluator (the RFC 7644 §3.4.2.2 semantics in protocol/) selects.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { UserRecord } from "../../domain/model.ts";
import type { Store } from "../../domain/ports.ts";
import { userAttributes } from "../../domain/scim-view.ts";
import { userIndex } from "../../domain/user-writes.ts";
import { evaluateFilter } from "../../protocol/filter/evaluate-filter.ts";
import type { CompareOperator, Filter } from "../../protocol/filter/filter-ast.ts";
import { formatFilter } from "../../protocol/filter/format-filter.ts";
import { resolveFilter } from "../../protocol/filter/resolve-filter.ts";
import { DATABASE_KINDS, openTestStore, type TestStore } from "../testing/test-databases.ts";
import { user } from "./fixtures.ts";

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const PROVIDER = "EntraID";

const USERS: readonly UserRecord[] = [
  user("a", {
    email: "Ann@Example.com",
    externalIds: [{ provider: PROVIDER, value: "ann@corp" }],
    b2cId: "X1",
    scim: {
      name: { givenName: "Ann", familyName: "Lee" },
      title: "Dev",
      emails: [
        { value: "Ann@Example.com", type: "work", primary: true },
        { value: "ann@home.io", type: "home" },
      ],
      [ENTERPRISE]: { department: "R&D", employeeNumber: "7" },
    },
  }),
  user("b", {
    email: "bo@example.com",
    active: false,
    scim: { name: { givenName: "Bo" }, title: "dev ops", emails: [{ value: "bo@example.com", type: "work" }] },
  }),
  user("c", { email: null, scim: { nickName: "cee", title: "Lead" } }),
  user("d", {
    email: "dee@home.io",
    externalIds: [{ provider: "Okta", value: "dee" }],
    scim: { emails: [{ value: "dee@home.io", type: "home" }], [ENTERPRISE]: { department: "Ops" } },
  }),
];

const PATHS = [
  "userName",
  "title",
  "nickName",
  "name.givenName",
  "name.familyName",
  "emails.value",
  "emails.type",
  "externalId",
  `${ENTERPRISE}:department`,
  `${ENTERPRISE}:employeeNumber`,
];
const WORDS = [
  "ann",
  "Ann@Example.com",
  "ann@corp",
  "dev",
  "DEV",
  "Lee",
  "home",
  "work",
  "example",
  ".com",
  "r&d",
  "ops",
  "7",
  "x1",
  "cee",
  "b",
  "Lead",
  "",
];
const OPERATORS: CompareOperator[] = ["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"];

function attrPath(path: string) {
  const colon = path.lastIndexOf(":");
  const uri = colon > 0 ? path.slice(0, colon) : undefined;
  const [name = "", subAttr] = path.slice(colon + 1).split(".");
  return { uri, name, subAttr };
}

const leaf: fc.Arbitrary<Filter> = fc.oneof(
  fc.record({
    kind: fc.constant("compare" as const),
    path: fc.constantFrom(...PATHS).map(attrPath),
    op: fc.constantFrom(...OPERATORS),
    value: fc.constantFrom(...WORDS),
  }),
  fc.record({ kind: fc.constant("present" as const), path: fc.constantFrom(...PATHS).map(attrPath) }),
  fc.record({
    kind: fc.constant("compare" as const),
    path: fc.constant(attrPath("active")),
    op: fc.constantFrom("eq" as const, "ne" as const),
    value: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant("valuePath" as const),
    path: fc.constant(attrPath("emails")),
    filter: fc.record({
      kind: fc.constant("compare" as const),
      path: fc.constantFrom("type", "value").map((name) => ({ uri: undefined, name, subAttr: undefined })),
      op: fc.constantFrom(...OPERATORS),
      value: fc.constantFrom(...WORDS),
    }),
  }),
);

const filters: fc.Arbitrary<Filter> = fc.letrec<{ f: Filter }>((tie) => ({
  f: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.record({ kind: fc.constant("and" as const), left: tie("f"), right: tie("f") }),
    fc.record({ kind: fc.constant("or" as const), left: tie("f"), right: tie("f") }),
    fc.record({ kind: fc.constant("not" as const), filter: tie("f") }),
  ),
})).f;

describe.each(DATABASE_KINDS)("filter SQL agrees with the in-memory evaluator on %s", (kind) => {
  let handle: TestStore;
  let store: Store;
  beforeAll(async () => {
    handle = await openTestStore(kind);
    store = handle.store;
    await store.tenants.create("t", "2026-01-01T00:00:00.000Z");
    for (const record of USERS) await store.users.insert("t", record, userIndex(record));
  });
  afterAll(async () => {
    await handle.dispose();
  });

  it("selects the same users for every generated filter", async () => {
    await fc.assert(
      fc.asyncProperty(filters, async (filter) => {
        const resolved = resolveFilter("User", filter);
        if (!resolved.ok) return; // e.g. an operator a type does not allow
        const expected = USERS.filter((u) =>
          evaluateFilter({ id: u.id, ...userAttributes(u, PROVIDER) }, resolved.value),
        )
          .map((u) => u.id)
          .sort();
        const page = await store.users.list("t", {
          filter: resolved.value,
          provider: PROVIDER,
          sortBy: undefined,
          sortOrder: "ascending",
          offset: 0,
          limit: 100,
        });
        expect({ filter: formatFilter(filter), ids: page.items.map((u) => u.id).sort() }).toEqual({
          filter: formatFilter(filter),
          ids: expected,
        });
      }),
      { numRuns: 300 },
    );
  });
});
