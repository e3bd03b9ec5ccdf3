/**
 * The PostgreSQL pool survives the server ending its idle connections (a restart, a failover);
 * transactions the server aborts as retryable (serialization failure, deadlock) run again.
 */
import { sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Store } from "../../domain/ports.ts";
import { indexEntries } from "../../protocol/resource/index-entries.ts";
import { user } from "../contract/fixtures.ts";
import { openStore } from "../open-store.ts";
import { numberedPlaceholders, preparedQuery, statementName } from "../sql/prepared-query.ts";
import { createPostgresDatabase, TEST_POSTGRES_ADMIN_URL } from "../testing/test-databases.ts";
import { openPostgresDatabase } from "./postgres-database.ts";

describe("PostgreSQL connection pool", () => {
  let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
  let store: Store;

  beforeAll(async () => {
    database = await createPostgresDatabase();
    store = await openStore(database.url);
    await store.migrate();
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  it("keeps working after the server terminates its idle connections", async () => {
    await store.tenants.create("before", "2026-01-01T00:00:00.000Z");
    const admin = new pg.Client({ connectionString: TEST_POSTGRES_ADMIN_URL });
    await admin.connect();
    const name = new URL(database.url).pathname.slice(1);
    const killed = await admin.query(
      "select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()",
      [name],
    );
    await admin.end();
    expect(killed.rowCount).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await store.tenants.create("after", "2026-01-01T00:00:00.000Z");
    expect((await store.tenants.list()).map((t) => t.id)).toEqual(["after", "before"]);
  });

  it("runs a transaction again after a serialization failure (SQLSTATE 40001)", async () => {
    // A trigger that fails as a serializable transaction would, whenever a setting says "fail".
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    await client.query(`
      create function fail_serially() returns trigger language plpgsql as $$
      begin
        if new.value = 'fail' then raise exception 'could not serialize access' using errcode = '40001'; end if;
        return new;
      end $$;
      create trigger fail_serially before insert or update on tenant_settings
        for each row execute function fail_serially();`);
    await client.end();
    await store.tenants.create("serial", "2026-01-01T00:00:00.000Z");
    let attempts = 0;
    await store.transaction(async (tx) => {
      attempts += 1;
      await tx.tenants.setSetting("serial", "Attempt", attempts === 1 ? "fail" : String(attempts));
    });
    expect(attempts).toBe(2);
    expect((await store.tenants.get("serial"))?.settings).toEqual({ Attempt: "2" });
  });

  it("runs the deadlock victim of two crossing transactions again, so both land", async () => {
    await store.tenants.create("crossing", "2026-01-01T00:00:00.000Z");
    for (const id of ["a@x.io", "b@x.io"]) {
      const at = "2026-01-01T00:00:00.000Z";
      const user = { id, email: id, firstName: null, lastName: null, phone: null, b2cId: null, externalIds: [] };
      await store.users.insert(
        "crossing",
        { ...user, active: true, scim: null, scimProvider: null, createdAt: at, modifiedAt: at, version: 1 },
        indexEntries("User", {}),
      );
    }
    let arrived = 0;
    let bothArrived = () => {};
    const barrier = new Promise<void>((resolve) => {
      bothArrived = resolve;
    });
    let attempts = 0;
    const cross = (first: string, second: string) =>
      store.transaction(async (tx) => {
        attempts += 1;
        await tx.users.touch("crossing", [first], "2026-01-02T00:00:00.000Z");
        arrived += 1;
        if (arrived === 2) bothArrived();
        await barrier;
        await tx.users.touch("crossing", [second], "2026-01-02T00:00:00.000Z");
      });
    await Promise.all([cross("a@x.io", "b@x.io"), cross("b@x.io", "a@x.io")]);
    // One of the two was the server's deadlock victim and ran again (more under heavy load).
    expect(attempts).toBeGreaterThanOrEqual(3);
    expect((await store.users.get("crossing", "a@x.io"))?.version).toBe(3);
    expect((await store.users.get("crossing", "b@x.io"))?.version).toBe(3);
  });

  it("prepares the hot path's statements once per connection, by name, and runs others unnamed", async () => {
    const one = openPostgresDatabase(database.url, { max: 1 });
    try {
      const text = "select id from tenants where id = ?";
      const query = preparedQuery<{ id: string }>(one.db, one.dialect, text);
      await query(["before"]);
      expect(await query(["before"])).toEqual([{ id: "before" }]);
      await sql`select 1 as unnamed`.execute(one.db);
      // The pool has one connection: this statement runs on the connection that prepared the others.
      const prepared = await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(one.db);
      const statements = prepared.rows.map((row) => row.statement);
      expect(statements).toEqual([numberedPlaceholders(text)]);
      expect(statementName(numberedPlaceholders(text))).toMatch(/^roster_/);
    } finally {
      await one.close();
    }
  });

  it("counts a tenant's owners and linked users at commit: a create does not wait for another create's commit", async () => {
    await store.tenants.create("counted", "2026-01-01T00:00:00.000Z");
    const at = "2026-01-01T00:00:00.000Z";
    const newUser = (id: string) => user(id, { scim: null, createdAt: at, modifiedAt: at });
    let inserted = () => {};
    const firstInserted = new Promise<void>((resolve) => {
      inserted = resolve;
    });
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    // The first create stays open after its insert while a second create of the tenant commits.
    const first = store.transaction(async (tx) => {
      const linked = { ...newUser("first@x.io"), externalIds: [{ provider: "EntraID", value: "e1" }] };
      await tx.users.insert("counted", linked, indexEntries("User", {}));
      inserted();
      await released;
    });
    await firstInserted;
    const second = new pg.Client({ connectionString: database.url });
    await second.connect();
    try {
      await second.query("begin");
      // Before migration 010 the count's upsert waited here for the first create's commit.
      await second.query("set local lock_timeout = '2s'");
      await second.query(
        `insert into users (tenant_id, id, id_lower, email, email_lower, display, display_lower, active, created_at, modified_at, version)
         values ('counted', 'second@x.io', 'second@x.io', 'second@x.io', 'second@x.io', 'second', 'second', 1, $1, $1, 1)`,
        [at],
      );
      // Nor the tenant's count of users linked to EntraID (009's user_link_counts).
      await second.query(
        `insert into user_external_ids (tenant_id, owner_id, provider, provider_name, value, value_lower)
         values ('counted', 'second@x.io', 'entraid', 'EntraID', 'e2', 'e2')`,
      );
      await second.query("commit");
    } finally {
      await second.end();
      release();
      await first;
    }
    // The unfiltered list's total is the tenant's owner_counts row.
    const page = await store.users.list("counted", {
      filter: undefined,
      provider: "EntraID",
      sortBy: undefined,
      sortOrder: "ascending",
      offset: 0,
      limit: 0,
    });
    expect(page.total).toBe(2);
    const reader = new pg.Client({ connectionString: database.url });
    await reader.connect();
    try {
      const links = await reader.query("select provider, n from user_link_counts where tenant_id = 'counted'");
      expect(links.rows.map((row) => [row.provider, Number(row.n)])).toEqual([["entraid", 2]]);
    } finally {
      await reader.end();
    }
  });

  it("prepares a named statement afresh after a migration changed its table's columns", async () => {
    const one = openPostgresDatabase(database.url, { max: 1 });
    try {
      const query = preparedQuery<Record<string, unknown>>(one.db, one.dialect, "select * from tenants where id = ?");
      expect(await query(["before"])).toHaveLength(1);
      await sql`alter table tenants add column w8_extra text`.execute(one.db);
      // The statement prepared before refuses to answer with another row type: retryable, and
      // the next run prepares it under a new name.
      const error = await query(["before"]).catch((e: unknown) => e);
      expect(one.dialect.isRetryable(error)).toBe(true);
      expect(Object.keys((await query(["before"]))[0] ?? {})).toContain("w8_extra");
    } finally {
      await sql`alter table tenants drop column if exists w8_extra`.execute(one.db);
      await one.close();
    }
  });
});
