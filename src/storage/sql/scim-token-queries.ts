/** A tenant's SCIM bearer tokens in SQL. */
import type { Kysely } from "kysely";
import type { ScimTokenRecord } from "../../domain/model.ts";
import type { ScimTokenStore } from "../../domain/ports.ts";
import { RosterError } from "../../protocol/errors.ts";
import type { Database, ScimTokenTable } from "./database-schema.ts";
import { afterKeySql } from "./keyset-page.ts";
import { seekRows } from "./keyset-sql.ts";
import type { SqlDialect } from "./sql-dialect.ts";

function toRecord(row: ScimTokenTable): ScimTokenRecord {
  return {
    id: row.id,
    hash: row.hash,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
  };
}

/** The ScimTokenStore over a Kysely database or transaction. */
export function scimTokenQueries(db: Kysely<Database>, dialect: SqlDialect): ScimTokenStore {
  const tokens = (tenantId: string) => db.selectFrom("scim_tokens").selectAll().where("tenant_id", "=", tenantId);
  return {
    async insert(tenantId, token) {
      try {
        await db
          .insertInto("scim_tokens")
          .values({
            tenant_id: tenantId,
            id: token.id,
            hash: token.hash,
            created_at: token.createdAt,
            expires_at: token.expiresAt,
            last_used_at: token.lastUsedAt,
          })
          .execute();
      } catch (error) {
        if (dialect.isUniqueViolation(error)) {
          throw new RosterError("uniqueness", "the tenant already has a SCIM token with this hash", { cause: error });
        }
        throw error;
      }
    },
    async page(tenantId, query) {
      const rows = await tokens(tenantId)
        .where(afterKeySql(query.after))
        .orderBy("created_at")
        .orderBy("id")
        .limit(query.limit + 1)
        .execute();
      const page = seekRows(rows, query.limit, false);
      return { items: page.rows.map(toRecord), more: page.more };
    },
    async findByHash(tenantId, hash) {
      const row = await tokens(tenantId).where("hash", "=", hash).executeTakeFirst();
      return row ? toRecord(row) : undefined;
    },
    async delete(tenantId, id) {
      const result = await db
        .deleteFrom("scim_tokens")
        .where("tenant_id", "=", tenantId)
        .where("id", "=", id)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async markUsed(tenantId, id, at) {
      await db
        .updateTable("scim_tokens")
        .set({ last_used_at: at })
        .where("tenant_id", "=", tenantId)
        .where("id", "=", id)
        .execute();
    },
  };
}
