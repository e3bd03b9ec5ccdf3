/** The Store over any SQL database Kysely speaks: repositories, transactions and migrations. */
import { randomBytes } from "node:crypto";
import { type Kysely, Migrator, sql } from "kysely";
import type { Repositories, Store } from "../../domain/ports.ts";
import { migrationProvider } from "../migrations/migrations.ts";
import { adminKeyQueries } from "./admin-key-queries.ts";
import { auditQueries } from "./audit-queries.ts";
import { bulkQueries } from "./bulk-queries.ts";
import { consoleSessionQueries } from "./console-session-queries.ts";
import type { Database } from "./database-schema.ts";
import { deferringWrites } from "./deferred-writes.ts";
import { eventQueries } from "./event-queries.ts";
import { lockQueries } from "./lock-queries.ts";
import { PagePositions } from "./page-positions.ts";
import { provisioningLogQueries } from "./provisioning-log-queries.ts";
import { roleQueries } from "./role-queries.ts";
import { scimTokenQueries } from "./scim-token-queries.ts";
import type { SqlDatabase, SqlDialect } from "./sql-dialect.ts";
import { tenantQueries } from "./tenant-queries.ts";
import { userQueries } from "./user-queries.ts";
import { webhookQueries } from "./webhook-queries.ts";

const MAX_ATTEMPTS = 4;

/** How each repository is made over a database or a transaction. */
const FACTORIES: {
  readonly [K in keyof Repositories]: (
    db: Kysely<Database>,
    dialect: SqlDialect,
    positions?: PagePositions,
  ) => Repositories[K];
} = {
  tenants: tenantQueries,
  users: userQueries,
  roles: roleQueries,
  adminKeys: adminKeyQueries,
  scimTokens: scimTokenQueries,
  locks: lockQueries,
  consoleSessions: (db) => consoleSessionQueries(db),
  bulk: bulkQueries,
  audit: auditQueries,
  events: eventQueries,
  provisioningLog: provisioningLogQueries,
  webhooks: webhookQueries,
};
const REPOSITORY_NAMES = Object.keys(FACTORIES) as (keyof Repositories)[];

/**
 * The repositories over `db`, each made when first used: every transaction gets its own set,
 * and making all twelve (their prepared statements' closures) cost a create more than the few
 * it uses. `positions` only for reads outside transactions: a position remembered inside one
 * could name a generation that is rolled back and later reused.
 */
function repositories(db: Kysely<Database>, database: SqlDatabase, positions?: PagePositions): Repositories {
  const made: Partial<Record<keyof Repositories, unknown>> = {};
  const result = {};
  for (const name of REPOSITORY_NAMES) {
    Object.defineProperty(result, name, {
      enumerable: true,
      get: () => {
        made[name] ??= FACTORIES[name](db, database.dialect, positions);
        return made[name];
      },
    });
  }
  return result as Repositories;
}

/** Wraps a connected database as a Store. */
export function sqlStore(database: SqlDatabase): Store {
  const { db, dialect } = database;
  const migrator = new Migrator({ db, provider: migrationProvider });

  function once<T>(fn: (tx: Repositories) => Promise<T>): Promise<T> {
    const run = (connection: Kysely<Database>) =>
      deferringWrites(connection, dialect, () => fn(repositories(connection, database)));
    return database.writeTransaction ? database.writeTransaction(run) : db.transaction().execute(run);
  }

  return {
    ...repositories(db, database, new PagePositions()),
    dialect: dialect.name,
    async transaction(fn) {
      for (let attempt = 1; ; attempt++) {
        try {
          return await once(fn);
        } catch (error) {
          if (attempt >= MAX_ATTEMPTS || !dialect.isRetryable(error)) throw error;
          await new Promise((resolve) => setTimeout(resolve, 10 * attempt));
        }
      }
    },
    async snapshot(fn) {
      if (dialect.name === "postgres") {
        return db
          .transaction()
          .setIsolationLevel("repeatable read")
          .setAccessMode("read only")
          .execute((trx) => fn(repositories(trx, database)));
      }
      const reader = database.openReader?.();
      // SQLite in memory has no second connection: the snapshot is a read transaction on the one
      // connection, which waits for it (in-memory databases serve tests and one-off tools only).
      const source = reader ?? database;
      try {
        return await source.db.connection().execute(async (connection) => {
          // query_only: a write through the reader fails, on the shared connection too.
          await sql`pragma query_only = on`.execute(connection);
          await sql`begin`.execute(connection);
          try {
            return await fn(repositories(connection, database));
          } finally {
            await sql`rollback`.execute(connection);
            await sql`pragma query_only = off`.execute(connection);
          }
        });
      } finally {
        await reader?.close();
      }
    },
    async serverSecret(name) {
      // Insert-if-absent, then read: whoever inserted first wins, everyone reads that value.
      await db
        .insertInto("server_secrets")
        .values({ name, value: randomBytes(32).toString("base64url"), created_at: new Date().toISOString() })
        .onConflict((oc) => oc.column("name").doNothing())
        .execute();
      const row = await db
        .selectFrom("server_secrets")
        .select("value")
        .where("name", "=", name)
        .executeTakeFirstOrThrow();
      return row.value;
    },
    async migrate() {
      const { error, results = [] } = await migrator.migrateToLatest();
      if (error) throw error;
      return results.filter((r) => r.status === "Success").map((r) => r.migrationName);
    },
    async isMigrated() {
      const migrations = await migrator.getMigrations();
      return migrations.every((m) => m.executedAt !== undefined);
    },
    ...(database.poolStats === undefined ? {} : { poolStats: database.poolStats }),
    close: () => database.close(),
  };
}
