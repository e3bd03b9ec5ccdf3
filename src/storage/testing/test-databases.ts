/** The databases every storage-backed test runs against: SQLite in memory and a fresh PostgreSQL database. */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import type { Store } from "../../domain/ports.ts";
import { openStore } from "../open-store.ts";
import type { DatabaseKind } from "./database-kinds.ts";
import { DEFAULT_TEST_POSTGRES_URL } from "./test-postgres.ts";

export { DATABASE_KINDS, type DatabaseKind } from "./database-kinds.ts";

function provided<K extends "rosterTestPostgresUrl" | "rosterTestRunId">(key: K): string | undefined {
  try {
    return inject(key);
  } catch {
    return undefined; // not inside a vitest worker
  }
}

/**
 * The PostgreSQL server tests create their databases in, chosen once per run by
 * test/setup/test-postgres.ts: `ROSTER_TEST_POSTGRES_URL`, the server on 127.0.0.1:5432, or an
 * embedded one.
 */
export const TEST_POSTGRES_ADMIN_URL =
  provided("rosterTestPostgresUrl") ?? process.env["ROSTER_TEST_POSTGRES_URL"] ?? DEFAULT_TEST_POSTGRES_URL;

/**
 * The prefix of every database this run creates (`roster_test_<run>_`): at the end of the run
 * test/setup/test-postgres.ts drops whatever a test left behind, and never another run's.
 */
export const TEST_DATABASE_PREFIX = `roster_test_${provided("rosterTestRunId") ?? "x"}_`;

/** A store for one test file, and how to throw it away. */
export interface TestStore {
  readonly store: Store;
  readonly databaseUrl: string;
  dispose(): Promise<void>;
}

/** Creates an empty PostgreSQL database with a random name and returns its URL and a way to drop it. */
export async function createPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${TEST_DATABASE_PREFIX}${randomBytes(6).toString("hex")}`;
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
export async function openTestStore(kind: DatabaseKind): Promise<TestStore> {
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
