/**
 * Totals from the per-tenant counters and pages from remembered positions answer exactly what
 * counting and skipping rows answer, on every adapter: after inserts, deletes, re-dating,
 * concurrent creates, in other tenants, and from a database migrated with rows in it.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ListQuery, Store } from "../../domain/ports.ts";
import { openStore } from "../open-store.ts";
import { migrateTestDatabaseTo } from "../testing/migrate-to.ts";
import { createPostgresDatabase, DATABASE_KINDS, openTestStore, type TestStore } from "../testing/test-databases.ts";
import { insertRole, insertUser, role, user } from "./fixtures.ts";

const ALL: ListQuery = {
  filter: undefined,
  provider: "Okta",
  sortBy: undefined,
  sortOrder: "ascending",
  offset: 0,
  limit: 100,
};

const pad = (i: number) => String(i).padStart(4, "0");

/** Every user id of the tenant in creation order, read in one page. */
async function allIds(store: Store, tenantId: string): Promise<string[]> {
  return (await store.users.list(tenantId, { ...ALL, limit: 100_000 })).items.map((u) => u.id);
}

/** Okta's sequential import: startIndex 1, 1 + size, … until the total. */
async function sequentialIds(store: Store, tenantId: string, size: number): Promise<string[]> {
  const ids: string[] = [];
  for (let offset = 0; ; offset += size) {
    const page = await store.users.list(tenantId, { ...ALL, offset, limit: size });
    ids.push(...page.items.map((u) => u.id));
    if (offset + size >= page.total) return ids;
  }
}

describe.each(DATABASE_KINDS)("read path contract on %s", (kind) => {
  let handle: TestStore;
  let store: Store;

  beforeAll(async () => {
    handle = await openTestStore(kind);
    store = handle.store;
    for (const tenant of ["acme", "other"]) await store.tenants.create(tenant, "2026-01-01T00:00:00.000Z");
    await store.transaction(async (tx) => {
      for (let i = 0; i < 250; i++) await insertUser(tx, "acme", user(`u${pad(i)}@acme.test`));
      for (let i = 0; i < 7; i++) await insertUser(tx, "other", user(`o${i}@other.test`));
      for (let i = 0; i < 3; i++) await insertRole(tx, "acme", role(`role${i}`));
    });
  });
  afterAll(() => handle.dispose());

  it("counts each tenant's users and roles, without counting the others'", async () => {
    expect((await store.users.list("acme", { ...ALL, limit: 0 })).total).toBe(250);
    expect((await store.users.list("other", { ...ALL, limit: 0 })).total).toBe(7);
    expect((await store.roles.list("acme", { ...ALL, limit: 0 })).total).toBe(3);
    expect((await store.roles.list("other", { ...ALL, limit: 0 })).total).toBe(0);
    expect((await store.users.list("nobody", { ...ALL, limit: 0 })).total).toBe(0);
  });

  it("pages in sequence exactly as one read of the whole list orders them", async () => {
    const expected = await allIds(store, "acme");
    expect(expected).toHaveLength(250);
    expect(await sequentialIds(store, "acme", 40)).toEqual(expected);
    // Again: every page now starts from a remembered position.
    expect(await sequentialIds(store, "acme", 40)).toEqual(expected);
    const deep = await store.users.list("acme", { ...ALL, offset: 130, limit: 15 });
    expect(deep.items.map((u) => u.id)).toEqual(expected.slice(130, 145));
  });

  it("forgets positions when a user is deleted, added or re-dated, and counts each change", async () => {
    await sequentialIds(store, "acme", 50);
    expect(await store.users.delete("acme", `u${pad(10)}@acme.test`, undefined)).toBe(true);
    let expected = await allIds(store, "acme");
    expect(expected).toHaveLength(249);
    expect(await sequentialIds(store, "acme", 50)).toEqual(expected);

    // A user created "in the past" (an import) lands before every remembered position.
    await insertUser(store, "acme", { ...user("early@acme.test"), createdAt: "2020-01-01T00:00:00.000Z" });
    expected = await allIds(store, "acme");
    expect(expected[0]).toBe("early@acme.test");
    expect(await sequentialIds(store, "acme", 50)).toEqual(expected);
    expect((await store.users.list("acme", { ...ALL, limit: 0 })).total).toBe(250);

    // Re-dating a user moves it in the order.
    const moved = await store.users.get("acme", "early@acme.test");
    if (!moved) throw new Error("the early user is missing");
    await store.users.update("acme", { ...moved, createdAt: "2030-01-01T00:00:00.000Z", version: 2 }, 1, []);
    expected = await allIds(store, "acme");
    expect(expected.at(-1)).toBe("early@acme.test");
    expect(await sequentialIds(store, "acme", 50)).toEqual(expected);
  });

  it("keeps a rolled-back create out of the count", async () => {
    const before = (await store.users.list("acme", { ...ALL, limit: 0 })).total;
    await expect(
      store.transaction(async (tx) => {
        await insertUser(tx, "acme", user("rolled.back@acme.test"));
        throw new Error("abandon");
      }),
    ).rejects.toThrow("abandon");
    expect((await store.users.list("acme", { ...ALL, limit: 0 })).total).toBe(before);
    expect(await sequentialIds(store, "acme", 100)).toEqual(await allIds(store, "acme"));
  });

  it("counts concurrent creates in one tenant exactly", async () => {
    const before = (await store.users.list("other", { ...ALL, limit: 0 })).total;
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store.transaction((tx) => insertUser(tx, "other", user(`c${i}@other.test`)).then(() => undefined)),
      ),
    );
    expect((await store.users.list("other", { ...ALL, limit: 0 })).total).toBe(before + 20);
  });

  it("gives every tenant the total that reading all its users finds, after all of the above", async () => {
    for (const tenant of ["acme", "other"]) {
      const listed = await allIds(store, tenant);
      expect((await store.users.list(tenant, { ...ALL, limit: 0 })).total).toBe(listed.length);
    }
  });

  it("counts what a database held before the counters existed", async () => {
    let url: string;
    let drop: () => Promise<void>;
    if (kind === "sqlite") {
      const directory = await mkdtemp(join(tmpdir(), "roster-counts-"));
      url = `sqlite:${join(directory, "roster.db")}`;
      drop = () => rm(directory, { recursive: true, force: true });
    } else {
      const created = await createPostgresDatabase();
      url = created.url;
      drop = created.drop;
    }
    try {
      await migrateTestDatabaseTo(url, "007-events");
      const old = await openStore(url, { migrate: false });
      await old.tenants.create("acme", "2026-01-01T00:00:00.000Z");
      // The schema of 007 as an older Roster wrote it: rows only, no counters.
      for (let i = 0; i < 5; i++) await insertUser(old, "acme", user(`m${i}@acme.test`));
      await old.migrate();
      expect((await old.users.list("acme", { ...ALL, limit: 0 })).total).toBe(5);
      await insertUser(old, "acme", user("after@acme.test"));
      expect((await old.users.list("acme", { ...ALL, limit: 0 })).total).toBe(6);
      await old.close();
    } finally {
      await drop();
    }
  });
});
