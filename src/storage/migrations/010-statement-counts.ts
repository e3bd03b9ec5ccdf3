/**
 * PostgreSQL counts owners a statement at a time (issue 11). Migration 008's row triggers upsert a
 * tenant's `owner_counts` row once per user inserted or deleted; inside one transaction every
 * upsert leaves a new version of that row that nothing can prune before the commit, and the next
 * upsert walks them all: an import of N users in its one transaction cost O(N²) (10,000 rows a
 * statement took 1.3 s, then 3.0, 5.5, 7.6 s as the versions piled up; a tenant's delete too).
 * Statement triggers over transition tables upsert once per statement and tenant, adding the
 * statement's count, so `n` and `generation` end where the row triggers left them. SQLite's row
 * triggers update the row in place and stay. The trigger on `created_at` updates (rare, one row
 * at a time) stays a row trigger: PostgreSQL allows no transition table with a column list.
 */
import { type Kysely, type Migration, PostgresAdapter, sql } from "kysely";

const OWNERS = ["users", "roles"] as const;

const POSTGRES_FUNCTIONS = [
  `create function roster_count_inserted() returns trigger language plpgsql as $$
  begin
    insert into owner_counts (tenant_id, kind, n, generation)
      select tenant_id, tg_table_name, count(*), count(*) from inserted group by tenant_id
    on conflict (tenant_id, kind) do update
      set n = owner_counts.n + excluded.n, generation = owner_counts.generation + excluded.generation;
    return null;
  end $$`,
  `create function roster_count_deleted() returns trigger language plpgsql as $$
  begin
    update owner_counts o set n = o.n - d.c, generation = o.generation + d.c
      from (select tenant_id, count(*) as c from deleted group by tenant_id) d
      where o.tenant_id = d.tenant_id and o.kind = tg_table_name;
    return null;
  end $$`,
];

/** Replaces PostgreSQL's row triggers of inserts and deletes by statement triggers. */
export const statementCounts: Migration = {
  async up(db: Kysely<unknown>) {
    if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
    for (const text of POSTGRES_FUNCTIONS) await sql.raw(text).execute(db);
    for (const table of OWNERS) {
      await sql.raw(`drop trigger ${table}_counted on ${table}`).execute(db);
      await sql
        .raw(`create trigger ${table}_counted_insert after insert on ${table}
          referencing new table as inserted for each statement execute function roster_count_inserted()`)
        .execute(db);
      await sql
        .raw(`create trigger ${table}_counted_delete after delete on ${table}
          referencing old table as deleted for each statement execute function roster_count_deleted()`)
        .execute(db);
    }
  },
};
