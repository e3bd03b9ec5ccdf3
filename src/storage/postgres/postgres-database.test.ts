/** The PostgreSQL pool survives the server ending its idle connections (a restart, a failover). */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Store } from "../../domain/ports.ts";
import { openStore } from "../open-store.ts";
import { createPostgresDatabase, TEST_POSTGRES_ADMIN_URL } from "../testing/test-databases.ts";

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
});
