/**
 * The migration audit's reads in SQL (SPEC §12): each finding is one set-based query over the
 * tenant, plus one query per batch of the page it returns; never a query per user. Ids are
 * ordered in code-point order (`dialect.binary`), so both databases cut a list at the same place.
 */
import { type Kysely, type RawBuilder, sql } from "kysely";
import type { AuditStore, Counted, ProviderLinks } from "../../domain/ports.ts";
import type { Database } from "./database-schema.ts";
import { chunks } from "./index-rows.ts";
import type { SqlDialect } from "./sql-dialect.ts";

/** Providers by owner, read for one page of owners in batches. */
async function providersOf(
  db: Kysely<Database>,
  table: "user_external_ids" | "role_external_ids",
  tenantId: string,
  ownerIds: readonly string[],
): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>();
  for (const batch of chunks(ownerIds)) {
    const rows = await db
      .selectFrom(table)
      .select(["owner_id", "provider_name"])
      .where("tenant_id", "=", tenantId)
      .where("owner_id", "in", batch)
      .orderBy("provider")
      .execute();
    for (const row of rows) {
      const list = result.get(row.owner_id) ?? [];
      list.push(row.provider_name);
      result.set(row.owner_id, list);
    }
  }
  return result;
}

async function count(db: Kysely<Database>, query: RawBuilder<{ n: number | string }>): Promise<number> {
  const result = await query.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}

/** The AuditStore over a Kysely database or transaction. */
export function auditQueries(db: Kysely<Database>, dialect: SqlDialect): AuditStore {
  const binary = (column: string) => dialect.binary(sql.ref(column));

  async function multiProvider(
    tenantId: string,
    table: "user_external_ids" | "role_external_ids",
    limit: number,
  ): Promise<Counted<ProviderLinks>> {
    const linked = sql`select owner_id from ${sql.table(table)} where tenant_id = ${tenantId} group by owner_id having count(*) > 1`;
    const total = await count(db, sql<{ n: number }>`select count(*) as n from (${linked}) m`);
    const page = await sql<{ owner_id: string }>`${linked} order by ${binary("owner_id")} limit ${limit}`.execute(db);
    const ids = page.rows.map((row) => row.owner_id);
    const providers = await providersOf(db, table, tenantId, ids);
    return { total, items: ids.map((id) => ({ id, providers: providers.get(id) ?? [] })) };
  }

  return {
    async manualHolders(tenantId, limit) {
      const total = await count(
        db,
        sql<{
          n: number;
        }>`select count(distinct user_id) as n from user_roles where tenant_id = ${tenantId} and source = 'manual'`,
      );
      const page = await sql<{ user_id: string }>`
        select user_id from user_roles where tenant_id = ${tenantId} and source = 'manual'
        group by user_id order by ${binary("user_id")} limit ${limit}`.execute(db);
      const ids = page.rows.map((row) => row.user_id);
      const roles = new Map<string, string[]>();
      for (const batch of chunks(ids)) {
        const rows = await db
          .selectFrom("user_roles")
          .select(["user_id", "role_id"])
          .where("tenant_id", "=", tenantId)
          .where("source", "=", "manual")
          .where("user_id", "in", batch)
          .orderBy(binary("role_id"))
          .execute();
        for (const row of rows) {
          const list = roles.get(row.user_id) ?? [];
          list.push(row.role_id);
          roles.set(row.user_id, list);
        }
      }
      const providers = await providersOf(db, "user_external_ids", tenantId, ids);
      return {
        total,
        items: ids.map((userId) => ({
          userId,
          roleIds: roles.get(userId) ?? [],
          providers: providers.get(userId) ?? [],
        })),
      };
    },
    async unlinkedUsers(tenantId, limit) {
      const unlinked = sql`from users u where u.tenant_id = ${tenantId} and not exists (
        select 1 from user_external_ids x where x.tenant_id = u.tenant_id and x.owner_id = u.id)`;
      const total = await count(db, sql<{ n: number }>`select count(*) as n ${unlinked}`);
      const page = await sql<{ id: string }>`select u.id ${unlinked} order by ${binary("u.id")} limit ${limit}`.execute(
        db,
      );
      return { total, items: page.rows.map((row) => row.id) };
    },
    multiProvider: (tenantId, kind, limit) =>
      multiProvider(tenantId, kind === "User" ? "user_external_ids" : "role_external_ids", limit),
    async roleSummaries(tenantId) {
      const rows = await sql<{ id: string; display_name: string; adopted: number | boolean }>`
        select r.id, r.display_name,
          case when r.scim is not null or exists (
            select 1 from role_external_ids x where x.tenant_id = r.tenant_id and x.owner_id = r.id
          ) then 1 else 0 end as adopted
        from roles r where r.tenant_id = ${tenantId} order by ${binary("r.id")}`.execute(db);
      return rows.rows.map((row) => ({
        id: row.id,
        displayName: row.display_name,
        adopted: Number(row.adopted) === 1,
      }));
    },
  };
}
