/**
 * Substring filters at a million users (issue 8): `co` and `ew` on a string attribute tested
 * every index row of its path (`instr()` over every `emails.value`). A trigram index over
 * `value_lower` of user_index and role_index narrows them to the rows that hold every trigram
 * of the needle; the exact comparison (compare-sql.ts) is still applied to those rows.
 *
 * SQLite: an FTS5 table per index table (`user_index_trigram`, `role_index_trigram`), contentless,
 * whose rowid is the index row's rowid, kept by triggers on the index table in the same
 * transaction as every insert, update and delete of an index row (also the cascades of a deleted
 * owner or tenant and the imports of bulk-queries.ts), so it cannot diverge from it. The
 * tokenizer is `trigram case_sensitive 1`: the text is `value_lower`, lower-cased by JavaScript
 * already, and left as it is, so that a needle lower-cased by JavaScript finds exactly the rows
 * whose `value_lower` contains it (FTS5's own case folding is not JavaScript's, and a folding the
 * two sides do not share could lose a match). Rows with fewer than 3 characters (no trigram) and
 * the `schemas` rows (the same few URNs on every resource) are not indexed: filters on them keep
 * their shape without the index (filter-sql.ts, TRIGRAM_*).
 *
 * PostgreSQL: a GIN index with `gin_trgm_ops` over `value_lower` (extension `pg_trgm`, trusted
 * since PostgreSQL 13, so a database owner may create it); the query adds `value_lower LIKE
 * '%needle%'`, which the index answers and which is true of every match anyway. Where the
 * extension cannot be created the migration leaves the index out and the same query runs
 * without it (as before this migration).
 *
 * Also: the indexes and counter behind an unfiltered `sortBy=userName` (sortIndexes, below), and
 * on PostgreSQL `analyzed_counts`, each tenant's owner count when Roster last ran ANALYZE of its
 * tables (postgres/postgres-statistics.ts).
 */
import { type Kysely, type Migration, PostgresAdapter, sql } from "kysely";

const TABLES = ["user_index", "role_index"] as const;

/** The condition on an index row (`row` = new / old) under which it has a row in the trigram table. */
function indexed(row: "new" | "old" | "") {
  const column = (name: string) => (row === "" ? name : `${row}.${name}`);
  // Bytes, not characters: SQLite's length() of text stops at a NUL; a needle of 3 characters has at least 3 bytes.
  return `length(cast(${column("value_lower")} as blob)) >= 3 and ${column("path")} <> 'schemas'`;
}

async function sqliteTrigrams(db: Kysely<unknown>, table: (typeof TABLES)[number]) {
  const fts = `${table}_trigram`;
  await sql
    .raw(
      `create virtual table ${fts} using fts5(value_lower, content='', contentless_delete=1, tokenize='trigram case_sensitive 1')`,
    )
    .execute(db);
  await sql
    .raw(`insert into ${fts} (rowid, value_lower) select rowid, value_lower from ${table} where ${indexed("")}`)
    .execute(db);
  await sql
    .raw(`create trigger ${fts}_insert after insert on ${table} when ${indexed("new")} begin
      insert into ${fts} (rowid, value_lower) values (new.rowid, new.value_lower);
    end`)
    .execute(db);
  await sql
    .raw(`create trigger ${fts}_delete after delete on ${table} when ${indexed("old")} begin
      delete from ${fts} where rowid = old.rowid;
    end`)
    .execute(db);
  // Roster rewrites index rows by delete and insert; an update (by hand, or by later code) is both.
  await sql
    .raw(`create trigger ${fts}_update after update on ${table} begin
      delete from ${fts} where rowid = old.rowid;
      insert into ${fts} (rowid, value_lower) select new.rowid, new.value_lower where ${indexed("new")};
    end`)
    .execute(db);
}

/** Whether pg_trgm is installed now, creating it when it can be (inside a savepoint: a refusal must not end the migration). */
async function postgresTrigramExtension(db: Kysely<unknown>): Promise<boolean> {
  const available = await sql<{
    n: number;
  }>`select count(*)::int as n from pg_available_extensions where name = 'pg_trgm'`.execute(db);
  if (Number(available.rows[0]?.n ?? 0) === 0) return false;
  await sql`savepoint roster_pg_trgm`.execute(db);
  try {
    await sql`create extension if not exists pg_trgm`.execute(db);
    await sql`release savepoint roster_pg_trgm`.execute(db);
    return true;
  } catch {
    await sql`rollback to savepoint roster_pg_trgm`.execute(db);
    return false;
  }
}

/**
 * `sortBy=userName` (issue 8): a user's userName through provider P is its external id for P,
 * else its email, else its Id (SPEC §4), so the order is a merge of two index walks
 * (sort-sql.ts, userNamePageSql): the external ids of P in value order, and the users without one
 * in the order of their fallback key `coalesce(email_lower, id_lower)` (`users_name_fallback`).
 * `user_link_counts` (`tenant_id`, `provider`, `n`: how many of the tenant's users have an
 * external id for the provider), kept by triggers in the writing transaction, says when the
 * second walk has nothing to find (every user is linked) and must not be walked.
 */
async function sortIndexes(db: Kysely<unknown>, postgres: boolean) {
  await db.schema
    .createTable("user_link_counts")
    .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
    .addColumn("provider", "text", (c) => c.notNull())
    .addColumn("n", "bigint", (c) => c.notNull())
    .addPrimaryKeyConstraint("user_link_counts_pk", ["tenant_id", "provider"])
    .modifyEnd(postgres ? sql`` : sql`without rowid`)
    .execute();
  await sql`insert into user_link_counts (tenant_id, provider, n)
    select tenant_id, provider, count(*) from user_external_ids group by tenant_id, provider`.execute(db);
  if (postgres) {
    // Code-point order, as sort-sql.ts orders (the default collation's order is the locale's).
    await sql`create index user_external_ids_sort on user_external_ids (tenant_id, provider, value_lower collate "C")`.execute(
      db,
    );
    await sql`create index users_name_fallback on users (tenant_id, (coalesce(email_lower, id_lower) collate "C"), created_at, id)`.execute(
      db,
    );
    await sql.raw(POSTGRES_LINK_FUNCTION).execute(db);
    await sql`create trigger user_external_ids_counted after insert or delete or update of tenant_id, provider
      on user_external_ids for each row execute function roster_count_link()`.execute(db);
    return;
  }
  await sql`create index users_name_fallback on users (tenant_id, coalesce(email_lower, id_lower), created_at, id)`.execute(
    db,
  );
  const add = (
    row: "new" | "old",
  ) => `insert into user_link_counts (tenant_id, provider, n) values (${row}.tenant_id, ${row}.provider, 1)
      on conflict (tenant_id, provider) do update set n = n + 1;`;
  const remove = (row: "new" | "old") =>
    `update user_link_counts set n = n - 1 where tenant_id = ${row}.tenant_id and provider = ${row}.provider;`;
  await sql
    .raw(`create trigger user_external_ids_counted_insert after insert on user_external_ids begin ${add("new")} end`)
    .execute(db);
  await sql
    .raw(`create trigger user_external_ids_counted_delete after delete on user_external_ids begin ${remove("old")} end`)
    .execute(db);
  await sql
    .raw(`create trigger user_external_ids_counted_update after update of tenant_id, provider on user_external_ids
      begin ${remove("old")} ${add("new")} end`)
    .execute(db);
}

const POSTGRES_LINK_FUNCTION = `
  create function roster_count_link() returns trigger language plpgsql as $$
  begin
    if tg_op in ('DELETE', 'UPDATE') then
      update user_link_counts set n = n - 1 where tenant_id = old.tenant_id and provider = old.provider;
    end if;
    if tg_op in ('INSERT', 'UPDATE') then
      insert into user_link_counts (tenant_id, provider, n) values (new.tenant_id, new.provider, 1)
      on conflict (tenant_id, provider) do update set n = user_link_counts.n + 1;
    end if;
    return null;
  end $$`;

/** Adds the trigram indexes of user_index and role_index (with the rows that exist already) and userName's sort indexes. */
export const textAndSort: Migration = {
  async up(db: Kysely<unknown>) {
    const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
    await sortIndexes(db, postgres);
    if (postgres) {
      // postgres/postgres-statistics.ts: each tenant's owner_counts.n when its tables were last analyzed by Roster.
      await db.schema
        .createTable("analyzed_counts")
        .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("n", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("analyzed_counts_pk", ["tenant_id", "kind"])
        .execute();
      if (!(await postgresTrigramExtension(db))) return;
      // Not partial: a query would have to repeat the predicate for the planner to use it.
      for (const table of TABLES) {
        await sql.raw(`create index ${table}_trigram on ${table} using gin (value_lower gin_trgm_ops)`).execute(db);
      }
      return;
    }
    for (const table of TABLES) await sqliteTrigrams(db, table);
  },
};
