/**
 * The write path on PostgreSQL (issue 8): owner_counts (008) is kept at commit, not at the
 * insert. The counter row of a tenant is locked by the write that moves it until that write
 * commits, so with the count moved at the insert, every create of a tenant waited from its
 * insert for the previous one's remaining statements, commit and WAL flush. As a deferred
 * constraint trigger the count moves at COMMIT, and the lock lasts only for the commit itself.
 * The counts are exact as before: each committed transaction's rows are counted in it.
 * Inside a writing transaction, owner_counts shows that transaction's own inserts and deletes
 * only at its commit (nothing reads the counts in a write).
 *
 * The same holds for user_link_counts (009: a tenant's users linked per provider), whose row
 * every create with an external id of that provider moves: it is kept at commit too.
 *
 * SQLite is unchanged: its writers are serialized whole, and its triggers run in the statement.
 */
import { type Kysely, type Migration, PostgresAdapter, sql } from "kysely";

const OWNERS = ["users", "roles"] as const;

export const deferredCounts: Migration = {
  async up(db: Kysely<unknown>) {
    if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
    for (const table of OWNERS) {
      await sql.raw(`drop trigger ${table}_counted on ${table}`).execute(db);
      await sql.raw(`drop trigger ${table}_reordered on ${table}`).execute(db);
      await sql
        .raw(`create constraint trigger ${table}_counted after insert or delete on ${table}
          deferrable initially deferred for each row execute function roster_count_owner()`)
        .execute(db);
      await sql
        .raw(`create constraint trigger ${table}_reordered after update of created_at on ${table}
          deferrable initially deferred for each row
          when (old.created_at is distinct from new.created_at) execute function roster_count_owner()`)
        .execute(db);
    }
    await sql.raw("drop trigger user_external_ids_counted on user_external_ids").execute(db);
    await sql
      .raw(`create constraint trigger user_external_ids_counted after insert or delete or update of tenant_id, provider
        on user_external_ids deferrable initially deferred for each row execute function roster_count_link()`)
      .execute(db);
  },
};
