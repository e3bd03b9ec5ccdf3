/** Tenants and their settings in SQL. */
import type { Kysely } from "kysely";
import type { TenantRecord } from "../../domain/model.ts";
import type { TenantStore } from "../../domain/ports.ts";
import { RosterError } from "../../protocol/errors.ts";
import type { Database, TenantTable } from "./database-schema.ts";
import { afterKeySql } from "./keyset-page.ts";
import { seekRows } from "./keyset-sql.ts";
import { preparedQuery } from "./prepared-query.ts";
import type { SqlDialect } from "./sql-dialect.ts";

type TenantRow = Pick<TenantTable, "id" | "created_at" | "paused_at" | "pause_retry_after"> & { version: number };

/** A tenants row and its settings as the record every read answers. */
function toRecord(row: TenantRow, settings: Record<string, string>): TenantRecord {
  return {
    id: row.id,
    createdAt: row.created_at,
    settings,
    pause:
      row.paused_at === null ? null : { since: row.paused_at, retryAfterSeconds: Number(row.pause_retry_after ?? 0) },
    version: Number(row.version),
  };
}

/** The TenantStore over a Kysely database or transaction. */
export function tenantQueries(db: Kysely<Database>, dialect: SqlDialect): TenantStore {
  async function settingsOf(ids: readonly string[]) {
    const rows = ids.length
      ? await db.selectFrom("tenant_settings").selectAll().where("tenant_id", "in", ids).execute()
      : [];
    const byTenant = new Map<string, Record<string, string>>();
    for (const row of rows) {
      const settings = byTenant.get(row.tenant_id) ?? {};
      settings[row.name] = row.value;
      byTenant.set(row.tenant_id, settings);
    }
    return byTenant;
  }

  async function hydrate(rows: readonly TenantRow[]): Promise<TenantRecord[]> {
    const settings = await settingsOf(rows.map((r) => r.id));
    return rows.map((row) => toRecord(row, settings.get(row.id) ?? {}));
  }

  const tenantById = preparedQuery<TenantRow>(
    db,
    dialect,
    "select id, created_at, paused_at, pause_retry_after, version from tenants where id = ?",
  );
  const settingsById = preparedQuery<{ name: string; value: string }>(
    db,
    dialect,
    "select name, value from tenant_settings where tenant_id = ?",
  );
  const tenants = () =>
    db.selectFrom("tenants").select(["id", "created_at", "paused_at", "pause_retry_after", "version"]);

  return {
    async create(tenantId, createdAt) {
      try {
        await db.insertInto("tenants").values({ id: tenantId, created_at: createdAt }).execute();
      } catch (error) {
        if (dialect.isUniqueViolation(error)) {
          throw new RosterError("conflict", `tenant ${tenantId} already exists`, { cause: error });
        }
        throw error;
      }
    },
    async get(tenantId) {
      // Every SCIM request reads its tenant (authentication, settings): text, not a built query.
      const [row] = await tenantById([tenantId]);
      if (!row) return undefined;
      const settings: Record<string, string> = {};
      for (const setting of await settingsById([tenantId])) settings[setting.name] = setting.value;
      return toRecord(row, settings);
    },
    async list() {
      return hydrate(await tenants().orderBy("id").execute());
    },
    async page(query) {
      const rows = await tenants()
        .where(afterKeySql(query.after))
        .orderBy("created_at")
        .orderBy("id")
        .limit(query.limit + 1)
        .execute();
      const page = seekRows(rows, query.limit, false);
      return { items: await hydrate(page.rows), more: page.more };
    },
    async setSetting(tenantId, name, value) {
      if (value === null) {
        await db.deleteFrom("tenant_settings").where("tenant_id", "=", tenantId).where("name", "=", name).execute();
        return;
      }
      await db
        .insertInto("tenant_settings")
        .values({ tenant_id: tenantId, name, value })
        .onConflict((oc) => oc.columns(["tenant_id", "name"]).doUpdateSet({ value }))
        .execute();
    },
    async setPause(tenantId, pause) {
      await db
        .updateTable("tenants")
        .set({ paused_at: pause?.since ?? null, pause_retry_after: pause?.retryAfterSeconds ?? null })
        .where("id", "=", tenantId)
        .execute();
    },
    async touch(tenantId, expectedVersion) {
      let query = db
        .updateTable("tenants")
        .set((eb) => ({ version: eb("version", "+", 1) }))
        .where("id", "=", tenantId);
      if (expectedVersion !== undefined) query = query.where("version", "=", expectedVersion);
      const result = await query.executeTakeFirst();
      if (expectedVersion !== undefined && Number(result.numUpdatedRows) !== 1) {
        throw new RosterError("conflict", `tenant ${tenantId} was changed by another request`);
      }
    },
    async delete(tenantId) {
      // Every table that holds a tenant's rows cascades from tenants (users, roles, settings, tokens, keys).
      const result = await db.deleteFrom("tenants").where("id", "=", tenantId).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}
