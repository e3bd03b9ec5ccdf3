/** The management API's admin keys in SQL. */
import type { Kysely } from "kysely";
import type { AdminKeyRecord } from "../../domain/model.ts";
import type { AdminKeyStore } from "../../domain/ports.ts";
import { RosterError } from "../../protocol/errors.ts";
import type { AdminKeyTable, Database } from "./database-schema.ts";
import { afterKeySql } from "./keyset-page.ts";
import { seekRows } from "./keyset-sql.ts";
import { preparedQuery } from "./prepared-query.ts";
import type { SqlDialect } from "./sql-dialect.ts";

function toRecord(row: AdminKeyTable): AdminKeyRecord {
  return {
    id: row.id,
    name: row.name,
    tenantId: row.tenant_id,
    readOnly: Number(row.read_only) === 1,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
  };
}

/** The AdminKeyStore over a Kysely database or transaction. */
export function adminKeyQueries(db: Kysely<Database>, dialect: SqlDialect): AdminKeyStore {
  const keys = () => db.selectFrom("admin_keys").selectAll();
  // Every management request looks its key up: one prepared statement on the unique index.
  const byHash = preparedQuery<AdminKeyTable>(
    db,
    dialect,
    "select id, name, tenant_id, read_only, key_hash, created_at, last_used_at from admin_keys where key_hash = ?",
  );
  return {
    async insert(key, keyHash) {
      try {
        await db
          .insertInto("admin_keys")
          .values({
            id: key.id,
            name: key.name,
            tenant_id: key.tenantId,
            read_only: key.readOnly ? 1 : 0,
            key_hash: keyHash,
            created_at: key.createdAt,
            last_used_at: key.lastUsedAt,
          })
          .execute();
      } catch (error) {
        if (dialect.isUniqueViolation(error)) {
          throw new RosterError("uniqueness", `admin key ${key.id} already exists`, { cause: error });
        }
        throw error;
      }
    },
    async get(id) {
      const row = await keys().where("id", "=", id).executeTakeFirst();
      return row ? toRecord(row) : undefined;
    },
    async page(query) {
      const rows = await keys()
        .where(afterKeySql(query.after))
        .orderBy("created_at")
        .orderBy("id")
        .limit(query.limit + 1)
        .execute();
      const page = seekRows(rows, query.limit, false);
      return { items: page.rows.map(toRecord), more: page.more };
    },
    async findByHash(keyHash) {
      const [row] = await byHash([keyHash]);
      return row ? { key: toRecord(row), keyHash: row.key_hash } : undefined;
    },
    async delete(id) {
      const result = await db.deleteFrom("admin_keys").where("id", "=", id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async markUsed(id, at) {
      await db.updateTable("admin_keys").set({ last_used_at: at }).where("id", "=", id).execute();
    },
  };
}
