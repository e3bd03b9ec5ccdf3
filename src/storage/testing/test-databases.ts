/** The databases every storage-backed test runs against: SQLite in memory and a fresh PostgreSQL database. */
import { randomBytes } from "node:crypto";
import pg from "pg";
import type { Store } from "../../domain/ports.ts";
import { openStore } from "../open-store.ts";

/** The PostgreSQL server tests create their databases in (`.ci/run` starts one on 127.0.0.1:5432). */
export const TEST_POSTGRES_ADMIN_URL =
  process.env["ROSTER_TEST_POSTGRES_URL"] ?? "postgres://postgres@127.0.0.1:5432/postgres";

/** A store for one test file, and how to throw it away. */
export interface TestStore {
  readonly store: Store;
  readonly databaseUrl: string;
  dispose(): Promise<void>;
}

/** Creates an empty PostgreSQL database with a random name and returns its URL and a way to drop it. */
export async function createPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `roster_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(TEST_POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: TEST_POSTGRES_ADMIN_URL });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

/** Opens a migrated, empty store of the given kind. */
export async function openTestStore(kind: "sqlite" | "postgres"): Promise<TestStore> {
  if (kind === "sqlite") {
    const store = await openStore("sqlite::memory:");
    return { store, databaseUrl: "sqlite::memory:", dispose: () => store.close() };
  }
  const database = await createPostgresDatabase();
  const store = await openStore(database.url);
  await store.migrate();
  return {
    store,
    databaseUrl: database.url,
    async dispose() {
      await store.close();
      await database.drop();
    },
  };
}

/** The kinds of database every contract and domain suite runs on. */
export const DATABASE_KINDS = ["sqlite", "postgres"] as const;
