/**
 * PostgreSQL counts a bulk write's owners a statement at a time (issue 11), and everything else
 * at commit (010, issue 8).
 *
 * Row triggers move a tenant's `owner_counts` row (008) and `user_link_counts` row (009) once per
 * user inserted or deleted. Inside one transaction every such update leaves a new version of
 * that row that nothing can prune before the commit, and the next update walks them all: an
 * import of N users in its one transaction cost O(N²) (10,000 rows a statement took 1.3 s, then
 * 3.0, 5.5, 7.6 s as the versions piled up). Statement triggers over transition tables move the
 * row once per statement and tenant — but they take the row's lock at the statement, which is
 * what 010 moved to the commit so that a tenant's single creates do not queue behind each other.
 *
 * So both exist, and the writing transaction says which one counts: a bulk write (the import's
 * BulkStore) runs `set_config('roster.bulk_counts', 'on', true)` first. The row triggers' WHEN
 * is evaluated as each row is written (PostgreSQL queues a deferred trigger only when it holds),
 * and the statement triggers look at the same setting as their statement ends, so every row is
 * counted exactly once, by one of them, whatever a transaction mixes. `n` and `generation` end
 * where the row triggers alone would leave them. The row triggers of updates (created_at; an
 * external id moving between tenants or providers) are untouched: updates come one at a time.
 *
 * SQLite is unchanged: its writers are serialized whole, and its row triggers update in place.
 */
import { type Kysely, type Migration, PostgresAdapter, sql } from "kysely";

const OWNERS = ["users", "roles"] as const;

/** Whether the writing transaction counts by statement: true in a bulk write only. */
const BULK = "current_setting('roster.bulk_counts', true) = 'on'";

const POSTGRES_FUNCTIONS = [
  `create function roster_count_inserted() returns trigger language plpgsql as $$
  begin
    if ${BULK} then
      insert into owner_counts (tenant_id, kind, n, generation)
        select tenant_id, tg_table_name, count(*), count(*) from inserted group by tenant_id
      on conflict (tenant_id, kind) do update
        set n = owner_counts.n + excluded.n, generation = owner_counts.generation + excluded.generation;
    end if;
    return null;
  end $$`,
  `create function roster_count_deleted() returns trigger language plpgsql as $$
  begin
    if ${BULK} then
      update owner_counts o set n = o.n - d.c, generation = o.generation + d.c
        from (select tenant_id, count(*) as c from deleted group by tenant_id) d
        where o.tenant_id = d.tenant_id and o.kind = tg_table_name;
    end if;
    return null;
  end $$`,
  `create function roster_count_links_inserted() returns trigger language plpgsql as $$
  begin
    if ${BULK} then
      insert into user_link_counts (tenant_id, provider, n)
        select tenant_id, provider, count(*) from inserted group by tenant_id, provider
      on conflict (tenant_id, provider) do update set n = user_link_counts.n + excluded.n;
    end if;
    return null;
  end $$`,
  `create function roster_count_links_deleted() returns trigger language plpgsql as $$
  begin
    if ${BULK} then
      update user_link_counts l set n = l.n - d.c
        from (select tenant_id, provider, count(*) as c from deleted group by tenant_id, provider) d
        where l.tenant_id = d.tenant_id and l.provider = d.provider;
    end if;
    return null;
  end $$`,
];

/** Row triggers of inserts and deletes that count outside bulk writes, statement triggers that count inside them. */
export const bulkCounts: Migration = {
  async up(db: Kysely<unknown>) {
    if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
    for (const text of POSTGRES_FUNCTIONS) await sql.raw(text).execute(db);
    const both = (table: string, rowTrigger: string, rowFunction: string, statementFunctions: [string, string]) => [
      `drop trigger ${rowTrigger} on ${table}`,
      `create constraint trigger ${rowTrigger} after insert or delete on ${table}
        deferrable initially deferred for each row when (not coalesce(${BULK}, false))
        execute function ${rowFunction}()`,
      `create trigger ${rowTrigger}_insert after insert on ${table}
        referencing new table as inserted for each statement execute function ${statementFunctions[0]}()`,
      `create trigger ${rowTrigger}_delete after delete on ${table}
        referencing old table as deleted for each statement execute function ${statementFunctions[1]}()`,
    ];
    const statements = [
      ...OWNERS.flatMap((table) =>
        both(table, `${table}_counted`, "roster_count_owner", ["roster_count_inserted", "roster_count_deleted"]),
      ),
      ...both("user_external_ids", "user_external_ids_counted", "roster_count_link", [
        "roster_count_links_inserted",
        "roster_count_links_deleted",
      ]),
      // 010's link trigger also counted moves between tenants or providers: kept for updates alone.
      `create constraint trigger user_external_ids_moved after update of tenant_id, provider on user_external_ids
        deferrable initially deferred for each row execute function roster_count_link()`,
    ];
    for (const text of statements) await sql.raw(text).execute(db);
  },
};
