/**
 * `co`, `sw` and `ew` on text attributes (RFC 7644 §3.4.2.2) through the trigram index of
 * migration 009: for every path, operator and needle below — short ones, `%`, `_`, `\`, quotes,
 * non-ASCII letters whose lower case is not one character or depends on context, case-exact
 * attributes — the SQL selects exactly what the in-memory evaluator selects, and the trigram
 * rows follow every write that changes the index rows (update, delete, a deleted tenant, bulk
 * import, SQLite's VACUUM).
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoleRecord, UserRecord } from "../../domain/model.ts";
import type { Store } from "../../domain/ports.ts";
import { roleIndex } from "../../domain/role-index.ts";
import { groupAttributes, userAttributes } from "../../domain/scim-view.ts";
import { userIndex } from "../../domain/user-writes.ts";
import { evaluateFilter } from "../../protocol/filter/evaluate-filter.ts";
import { parseFilter } from "../../protocol/filter/parse-filter.ts";
import { resolveFilter } from "../../protocol/filter/resolve-filter.ts";
import { sqlStore } from "../sql/sql-store.ts";
import { openSqliteDatabase } from "../sqlite/sqlite-database.ts";
import { type ObservedStore, openObservedStore } from "../testing/observed-store.ts";
import { DATABASE_KINDS } from "../testing/test-databases.ts";
import { role, user } from "./fixtures.ts";

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const PROVIDER = "EntraID";

const USERS: readonly UserRecord[] = [
  user("a", {
    email: "Ann.Lee@Example.com",
    // SCIM externalId is the B2C id (case-exact).
    b2cId: "ExtID-ΑΣΑ-Case",
    scim: {
      name: { givenName: "Ann", familyName: "ΟΔΥΣΣΕΥΣ" },
      title: "50% off_sale 😀x",
      nickName: `O'Brien "Bob"`,
      displayName: "Ünïcødé Ωμέγα",
      emails: [
        { value: "Ann.Lee@Example.com", type: "work", primary: true },
        { value: "ann@home.io", type: "home" },
      ],
      [ENTERPRISE]: { department: "R&D\\path" },
    },
  }),
  user("b", {
    email: "bo_b@example.com",
    // SCIM externalId is the B2C id (case-exact).
    b2cId: "extid-ασα-case",
    scim: {
      name: { familyName: "Straße" },
      title: "100%_real",
      nickName: "obrien",
      displayName: "İstanbul",
      emails: [{ value: "bo_b@example.com", type: "work" }],
      [ENTERPRISE]: { department: "r&d" },
    },
  }),
  user("c", {
    email: "a%b@x.io",
    // SCIM externalId is the B2C id (case-exact).
    b2cId: "EXTID",
    scim: {
      title: "ab",
      nickName: "ǅemal",
      displayName: "K Kelvin",
      emails: [{ value: "a%b@x.io", type: "work" }],
    },
  }),
  user("d", { email: null, scim: { title: "a_b", nickName: "x", displayName: "Σ" } }),
];

const GROUPS: readonly RoleRecord[] = [
  role("g1", "Ops 50%_Team"),
  role("g2", "ΟΔΥΣΣΕΥΣ Crew"),
  role("g3", "İstanbul Office"),
  role("g4", "ab"),
];

const USER_PATHS = [
  "emails.value",
  "title",
  "nickName",
  "displayName",
  "name.familyName",
  "externalId",
  `${ENTERPRISE}:department`,
];

const NEEDLES = [
  "",
  "a",
  "ab",
  "ann",
  "Ann.Lee",
  "ee@ex",
  "example.com",
  "EXAMPLE.COM",
  ".com",
  "50%",
  "% o",
  "0%_",
  "%_r",
  "_sa",
  " 😀x",
  "😀x",
  "_b@",
  "a%b",
  "%b@",
  "o'b",
  "'b",
  `"bob"`,
  `n "b`,
  "ünï",
  "ÜNÏ",
  "ωμέγα",
  "ΩΜΈΓΑ",
  "ΑΣΑ",
  "ασα",
  "-ΑΣΑ-",
  "-ΑΣ",
  "ID-ΑΣ",
  "Σ",
  "ΣΑ-",
  "ΣΣΕΥΣ",
  "σσευς",
  "ευς",
  "ΥΣ",
  "STRASSE",
  "straße",
  "istanbul",
  "i̇stanbul",
  "İst",
  "ext",
  "EXT",
  "ExtID",
  "xtid",
  "id-",
  "r&d",
  "d\\p",
  "\\pa",
  "ǆem",
  "ǅem",
  "k kel",
  "K K",
  "ops",
  "team",
  "crew",
  "office",
];

const OPERATORS = ["co", "sw", "ew"] as const;

function parsed(text: string) {
  const result = parseFilter(text);
  if (!result.ok) throw new Error(`${text}: ${result.error.message}`);
  return result.value;
}

describe.each(DATABASE_KINDS)("co, sw and ew on %s", (kind) => {
  let observed: ObservedStore;
  let store: Store;

  beforeAll(async () => {
    observed = await openObservedStore(kind);
    store = observed.store;
    await store.tenants.create("t", "2026-01-01T00:00:00.000Z");
    await store.tenants.create("other", "2026-01-01T00:00:00.000Z");
    for (const record of USERS) {
      await store.users.insert("t", record, userIndex(record));
      // The same values in another tenant: the trigram index is of every tenant, the filter of one.
      await store.users.insert("other", record, userIndex(record));
    }
    for (const record of GROUPS) await store.roles.insert("t", record, record.id, roleIndex(record));
  });
  afterAll(async () => {
    await observed?.dispose();
  });

  async function userIds(filter: string) {
    const resolved = resolveFilter("User", parsed(filter));
    if (!resolved.ok) return undefined;
    const page = await store.users.list("t", {
      filter: resolved.value,
      provider: PROVIDER,
      sortBy: undefined,
      sortOrder: "ascending",
      offset: 0,
      limit: 100,
    });
    const expected = USERS.filter((u) => evaluateFilter({ id: u.id, ...userAttributes(u, PROVIDER) }, resolved.value))
      .map((u) => u.id)
      .sort();
    return { got: page.items.map((u) => u.id).sort(), expected };
  }

  it("selects what the evaluator selects for every path, operator and needle", async () => {
    const wrong: string[] = [];
    let compared = 0;
    for (const path of USER_PATHS) {
      for (const op of OPERATORS) {
        for (const needle of NEEDLES) {
          const filter = `${path} ${op} ${JSON.stringify(needle)}`;
          const result = await userIds(filter);
          if (result === undefined) continue;
          compared++;
          if (result.got.join() !== result.expected.join()) {
            wrong.push(`${filter}: got ${result.got.join()} expected ${result.expected.join()}`);
          }
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(compared).toBe(USER_PATHS.length * OPERATORS.length * NEEDLES.length);
  });

  it("selects what the evaluator selects inside a value path", async () => {
    const wrong: string[] = [];
    for (const needle of NEEDLES) {
      for (const op of OPERATORS) {
        const filter = `emails[type eq "work" and value ${op} ${JSON.stringify(needle)}]`;
        const result = await userIds(filter);
        if (result && result.got.join() !== result.expected.join()) {
          wrong.push(`${filter}: got ${result.got.join()} expected ${result.expected.join()}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it("selects groups by displayName as the evaluator does", async () => {
    const wrong: string[] = [];
    for (const needle of NEEDLES) {
      for (const op of OPERATORS) {
        const filter = `displayName ${op} ${JSON.stringify(needle)}`;
        const resolved = resolveFilter("Group", parsed(filter));
        if (!resolved.ok) throw new Error(filter);
        const page = await store.roles.list("t", {
          filter: resolved.value,
          provider: PROVIDER,
          sortBy: undefined,
          sortOrder: "ascending",
          offset: 0,
          limit: 100,
        });
        const expected = GROUPS.filter((g) =>
          evaluateFilter({ id: g.id, ...groupAttributes(g, PROVIDER) }, resolved.value),
        )
          .map((g) => g.id)
          .sort();
        const got = page.items.map((g) => g.id).sort();
        if (got.join() !== expected.join()) wrong.push(`${filter}: got ${got.join()} expected ${expected.join()}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("reads candidates from the trigram index for a needle of 3 characters or more, not for shorter ones", async () => {
    const statements = async (filter: string) => {
      observed.captured.length = 0;
      await userIds(filter);
      return observed.captured.map((s) => s.sql).join("\n");
    };
    const narrowed = kind === "sqlite" ? /user_index_trigram"? t\b/ : /value_lower like/;
    expect(await statements(`emails.value co "example"`)).toMatch(narrowed);
    expect(await statements(`emails.value ew "example.com"`)).toMatch(narrowed);
    expect(await statements(`externalId co "xtid"`)).toMatch(narrowed);
    expect(await statements(`emails[type eq "work" and value co "example"]`)).toMatch(narrowed);
    expect(await statements(`emails.value co "ex"`)).not.toMatch(narrowed);
    // A case-exact needle holding a capital sigma: lower-casing depends on what follows it.
    expect(await statements(`externalId co "ΑΣΑ"`)).not.toMatch(narrowed);
    expect(await statements(`schemas co "enterprise"`)).not.toMatch(narrowed);
  });

  it("follows updates, deletes and a deleted tenant", async () => {
    const find = async (filter: string) => (await userIds(filter))?.got;
    await store.tenants.create("w", "2026-01-01T00:00:00.000Z");
    const before = user("w1", { email: "first.value@old.example" });
    await store.users.insert("w", before, userIndex(before));
    const list = async (filter: string) => {
      const resolved = resolveFilter("User", parsed(filter));
      if (!resolved.ok) throw new Error(filter);
      const page = await store.users.list("w", {
        filter: resolved.value,
        provider: PROVIDER,
        sortBy: undefined,
        sortOrder: "ascending",
        offset: 0,
        limit: 100,
      });
      return page.items.map((u) => u.id);
    };
    expect(await list(`emails.value co "old.exa"`)).toEqual(["w1"]);
    const after = {
      ...before,
      email: "second.value@new.example",
      scim: { emails: [{ value: "second.value@new.example", type: "work" }] },
      version: 2,
    };
    await store.users.update("w", after, 1, userIndex(after));
    expect(await list(`emails.value co "old.exa"`)).toEqual([]);
    expect(await list(`emails.value co "new.exa"`)).toEqual(["w1"]);
    expect(await store.users.delete("w", "w1")).toBe(true);
    expect(await list(`emails.value co "new.exa"`)).toEqual([]);
    const again = user("w2", { email: "third.value@new.example" });
    await store.users.insert("w", again, userIndex(again));
    expect(await store.tenants.delete("w")).toBe(true);
    expect(await find(`emails.value co "example.com"`)).toEqual(["a", "b"]);
  });
});

describe("the SQLite trigram tables", () => {
  it("hold exactly the index rows they are meant to, after writes, a bulk import and VACUUM", async () => {
    const database = openSqliteDatabase(":memory:");
    const store = sqlStore(database);
    await store.migrate();
    await store.tenants.create("t", "2026-01-01T00:00:00.000Z");
    for (const record of USERS) await store.users.insert("t", record, userIndex(record));
    const imported = [0, 1, 2, 3].map((n) =>
      user(`bulk${n}@example.com`, {
        scim: { title: `imported title ${n}`, emails: [{ value: `bulk${n}@example.com` }] },
      }),
    );
    await store.bulk.insertUsers(
      "t",
      imported.map((u) => ({ user: u, index: userIndex(u) })),
    );
    await store.users.delete("t", "c");
    for (const record of GROUPS) await store.roles.insert("t", record, record.id, roleIndex(record));
    await store.roles.delete("t", "g2");

    const divergence = async () => {
      const rows = await sql<{ table: string; n: number }>`
        select 'user' as "table", count(*) as n from (
          select rowid, value_lower from user_index where length(cast(value_lower as blob)) >= 3 and path <> 'schemas'
          except select i.rowid, i.value_lower from user_index i join user_index_trigram t on t.rowid = i.rowid)
        union all
        select 'user extra', count(*) from user_index_trigram t where not exists (select 1 from user_index i where i.rowid = t.rowid)
        union all
        select 'role', count(*) from (
          select rowid, value_lower from role_index where length(cast(value_lower as blob)) >= 3 and path <> 'schemas'
          except select i.rowid, i.value_lower from role_index i join role_index_trigram t on t.rowid = i.rowid)
        union all
        select 'role extra', count(*) from role_index_trigram t where not exists (select 1 from role_index i where i.rowid = t.rowid)
      `.execute(database.db);
      return rows.rows.map((r) => `${r.table}: ${r.n}`);
    };
    const none = ["user: 0", "user extra: 0", "role: 0", "role extra: 0"];
    expect(await divergence()).toEqual(none);
    await sql`vacuum`.execute(database.db);
    expect(await divergence()).toEqual(none);
    const resolved = resolveFilter("User", parsed(`title co "imported"`));
    if (!resolved.ok) throw new Error("filter");
    const page = await store.users.list("t", {
      filter: resolved.value,
      provider: PROVIDER,
      sortBy: undefined,
      sortOrder: "ascending",
      offset: 0,
      limit: 100,
    });
    expect(page.items.map((u) => u.id).sort()).toEqual(imported.map((u) => u.id));
    await store.close();
  });
});
