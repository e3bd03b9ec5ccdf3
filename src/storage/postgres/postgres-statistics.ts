/**
 * PostgreSQL's statistics after a tenant grows (issue 8): autovacuum analyzes a table once a
 * share of the whole table has changed, so in a database of many tenants a tenant can grow
 * tenfold while its rows are still estimated at what they were, and the planner then ties the
 * indexes that start with `tenant_id` and may walk one (docs/performance.md, "read path").
 * Roster therefore runs ANALYZE of a tenant's tables itself once a tenant's counter
 * (owner_counts, migration 008) has at least doubled since the last time it did
 * (analyzed_counts, migration 009), from MIN_ROWS rows on. ANALYZE samples the whole table, so
 * afterwards every tenant's count of that kind is recorded as analyzed.
 */
import { type Kysely, sql } from "kysely";
import type { Database } from "../sql/database-schema.ts";

/** Below this many users (or roles) a tenant's plans do not depend on its statistics. */
export const MIN_ROWS = 1000;

/** The tables whose statistics follow each kind of owner. */
const TABLES: Readonly<Record<string, readonly string[]>> = {
  users: ["users", "user_index", "user_external_ids", "user_roles"],
  roles: ["roles", "role_index", "role_external_ids", "role_children", "user_roles"],
};

/** Analyzes the tables of every kind of owner some tenant of which has doubled since; returns the kinds analyzed. */
export async function analyzeGrownTenants(db: Kysely<Database>, minRows = MIN_ROWS): Promise<string[]> {
  const grown = await sql<{ kind: string }>`select distinct c.kind from owner_counts c
    left join analyzed_counts a on a.tenant_id = c.tenant_id and a.kind = c.kind
    where c.n >= ${minRows} and c.n >= 2 * coalesce(a.n, 0)`.execute(db);
  const kinds = grown.rows.map((r) => r.kind).filter((kind) => TABLES[kind] !== undefined);
  for (const kind of kinds.sort()) {
    // The counts before ANALYZE: a tenant growing meanwhile is analyzed again next time, never too little.
    await sql`insert into analyzed_counts (tenant_id, kind, n) select tenant_id, kind, n from owner_counts where kind = ${kind}
      on conflict (tenant_id, kind) do update set n = excluded.n`.execute(db);
    await sql.raw(`analyze ${(TABLES[kind] ?? []).join(", ")}`).execute(db);
  }
  return kinds;
}

/**
 * Runs analyzeGrownTenants every `seconds` in the background (the timer does not keep the
 * process alive); a failure (a closed pool, a lost connection) waits for the next round.
 * Returns the function that stops it.
 */
export function keepStatistics(db: Kysely<Database>, seconds: number): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    analyzeGrownTenants(db)
      .catch(() => {})
      .finally(() => {
        running = false;
      });
  }, seconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
