/**
 * A migrated test store that records every statement it runs, and reads the plan of any of
 * them: EXPLAIN QUERY PLAN on SQLite (in memory), EXPLAIN on a fresh PostgreSQL database
 * whose tenant tables autovacuum leaves alone (their statistics change only by `analyze()`).
 */
import { CompiledQuery, sql } from "kysely";
import type { Store } from "../../domain/ports.ts";
import { openPostgresDatabase } from "../postgres/postgres-database.ts";
import type { QueryObserver, SqlDatabase } from "../sql/sql-dialect.ts";
import { sqlStore } from "../sql/sql-store.ts";
import { openSqliteDatabase } from "../sqlite/sqlite-database.ts";
import type { DatabaseKind } from "./database-kinds.ts";
import { TENANT_TABLES } from "./query-plan-rules.ts";
import { createPostgresDatabase } from "./test-databases.ts";

/** One statement as the driver received it. */
export interface ObservedStatement {
  readonly sql: string;
  readonly parameters: readonly unknown[];
}

/** The store, what it ran since `captured` was last emptied, and its plans. */
export interface ObservedStore {
  readonly store: Store;
  readonly captured: ObservedStatement[];
  /** The plan of a statement, one line per plan node (SQLite: its `detail`; PostgreSQL: EXPLAIN's text). */
  explain(text: string, parameters: readonly unknown[]): Promise<string[]>;
  /** Gathers statistics now (ANALYZE), as an operator or autovacuum would. */
  analyze(): Promise<void>;
  dispose(): Promise<void>;
}

/** Opens an observed, migrated, empty store of `kind`. */
export async function openObservedStore(kind: DatabaseKind): Promise<ObservedStore> {
  const captured: ObservedStatement[] = [];
  let recording = true;
  const onQuery: QueryObserver = (text, parameters) => {
    if (recording) captured.push({ sql: text, parameters });
  };
  let database: SqlDatabase;
  let drop = async () => {};
  if (kind === "sqlite") {
    database = openSqliteDatabase(":memory:", { onQuery });
  } else {
    const created = await createPostgresDatabase();
    database = openPostgresDatabase(created.url, { onQuery });
    drop = created.drop;
  }
  const store = sqlStore(database);
  await store.migrate();
  if (kind === "postgres") {
    // The statistics are what the test says they are: autovacuum would analyze at a time of its own.
    for (const table of TENANT_TABLES) {
      await sql`alter table ${sql.table(table)} set (autovacuum_enabled = off)`.execute(database.db);
    }
  }
  const unrecorded = async <T>(fn: () => Promise<T>) => {
    recording = false;
    try {
      return await fn();
    } finally {
      recording = true;
    }
  };
  return {
    store,
    captured,
    explain: (text, parameters) =>
      unrecorded(async () => {
        const prefix = kind === "sqlite" ? "explain query plan " : "explain ";
        const result = await database.db.executeQuery<Record<string, unknown>>(
          CompiledQuery.raw(prefix + text, [...parameters]),
        );
        return result.rows.map((row) => String(kind === "sqlite" ? row["detail"] : row["QUERY PLAN"]));
      }),
    analyze: () =>
      unrecorded(async () => {
        await sql`analyze`.execute(database.db);
      }),
    async dispose() {
      await store.close();
      await drop();
    },
  };
}
