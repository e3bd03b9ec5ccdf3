/**
 * The read path at a million users (issue 8): `owner_counts` (`tenant_id`, `kind` = `users` |
 * `roles`, `n`, `generation`), kept by triggers in the same transaction as every insert and
 * delete of an owner row, so `count=0` and every list's total read one row instead of counting
 * the tenant; `generation` changes whenever an owner is added, removed or its creation time
 * changes, which is when positions in the creation order move (the remembered page positions of
 * sql/page-positions.ts are valid for one generation).
 *
 * Race-safe on both databases: SQLite serializes writers; on PostgreSQL the trigger's upsert
 * takes the counter row's lock until commit, so two creates in one tenant commit their counts
 * one after the other (each transaction already ends with an upsert of event_counters, the same
 * kind of per-tenant row lock).
 */
import { type Kysely, type Migration, PostgresAdapter, sql } from "kysely";

const OWNERS = ["users", "roles"] as const;

async function sqliteTriggers(db: Kysely<unknown>, table: (typeof OWNERS)[number]) {
  await sql
    .raw(`create trigger ${table}_counted_insert after insert on ${table} begin
      insert into owner_counts (tenant_id, kind, n, generation) values (new.tenant_id, '${table}', 1, 1)
      on conflict (tenant_id, kind) do update set n = n + 1, generation = generation + 1;
    end`)
    .execute(db);
  await sql
    .raw(`create trigger ${table}_counted_delete after delete on ${table} begin
      update owner_counts set n = n - 1, generation = generation + 1 where tenant_id = old.tenant_id and kind = '${table}';
    end`)
    .execute(db);
  await sql
    .raw(`create trigger ${table}_reordered after update of created_at on ${table}
      when old.created_at is not new.created_at begin
      update owner_counts set generation = generation + 1 where tenant_id = new.tenant_id and kind = '${table}';
    end`)
    .execute(db);
}

async function postgresTriggers(db: Kysely<unknown>, table: (typeof OWNERS)[number]) {
  await sql
    .raw(`create trigger ${table}_counted after insert or delete on ${table}
      for each row execute function roster_count_owner()`)
    .execute(db);
  await sql
    .raw(`create trigger ${table}_reordered after update of created_at on ${table}
      for each row when (old.created_at is distinct from new.created_at) execute function roster_count_owner()`)
    .execute(db);
}

const POSTGRES_FUNCTION = `
  create function roster_count_owner() returns trigger language plpgsql as $$
  begin
    if tg_op = 'INSERT' then
      insert into owner_counts (tenant_id, kind, n, generation) values (new.tenant_id, tg_table_name, 1, 1)
      on conflict (tenant_id, kind) do update set n = owner_counts.n + 1, generation = owner_counts.generation + 1;
    elsif tg_op = 'DELETE' then
      update owner_counts set n = n - 1, generation = generation + 1 where tenant_id = old.tenant_id and kind = tg_table_name;
    else
      update owner_counts set generation = generation + 1 where tenant_id = new.tenant_id and kind = tg_table_name;
    end if;
    return null;
  end $$`;

/** Adds owner_counts with its triggers, counting the owners that exist already. */
export const readPath: Migration = {
  async up(db: Kysely<unknown>) {
    const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
    await db.schema
      .createTable("owner_counts")
      .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("n", "bigint", (c) => c.notNull())
      .addColumn("generation", "bigint", (c) => c.notNull())
      .addPrimaryKeyConstraint("owner_counts_pk", ["tenant_id", "kind"])
      .modifyEnd(postgres ? sql`` : sql`without rowid`)
      .execute();
    for (const table of OWNERS) {
      await sql
        .raw(`insert into owner_counts (tenant_id, kind, n, generation)
          select tenant_id, '${table}', count(*), 1 from ${table} group by tenant_id`)
        .execute(db);
    }
    if (postgres) await sql.raw(POSTGRES_FUNCTION).execute(db);
    for (const table of OWNERS) await (postgres ? postgresTriggers(db, table) : sqliteTriggers(db, table));
  },
};
