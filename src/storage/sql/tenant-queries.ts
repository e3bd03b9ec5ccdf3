/** Tenants and their settings in SQL. */
import type { Kysely } from "kysely";
import type { TenantRecord } from "../../domain/model.ts";
import type { TenantStore } from "../../domain/ports.ts";
import { RosterError } from "../../protocol/errors.ts";
import type { Database } from "./database-schema.ts";
import type { SqlDialect } from "./sql-dialect.ts";

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
      const row = await db.selectFrom("tenants").selectAll().where("id", "=", tenantId).executeTakeFirst();
      if (!row) return undefined;
      const settings = await settingsOf([tenantId]);
      return { id: row.id, createdAt: row.created_at, settings: settings.get(row.id) ?? {} };
    },
    async list() {
      const rows = await db.selectFrom("tenants").selectAll().orderBy("id").execute();
      const settings = await settingsOf(rows.map((r) => r.id));
      return rows.map(
        (row): TenantRecord => ({ id: row.id, createdAt: row.created_at, settings: settings.get(row.id) ?? {} }),
      );
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
  };
}
