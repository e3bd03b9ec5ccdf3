/**
 * What users and roles share in SQL: each is an owner table with an external-id table and a
 * search-index table beside it, listed, sought and rewritten the same way.
 */
import { type Kysely, sql } from "kysely";
import type { ExternalId } from "../../domain/model.ts";
import type { ListQuery, SeekQuery } from "../../domain/ports.ts";
import type { IndexEntry } from "../../protocol/resource/index-entries.ts";
import type { Database } from "./database-schema.ts";
import { filterSql } from "./filter-sql.ts";
import { chunks, externalIdRows, externalIdsByOwner, indexRows } from "./index-rows.ts";
import { seekRows, seekSql } from "./keyset-sql.ts";
import { orderBySql } from "./sort-sql.ts";
import type { SqlDialect } from "./sql-dialect.ts";

/** The tables of one kind of owner. */
export interface OwnerTables {
  readonly resourceType: "User" | "Group";
  readonly owner: "users" | "roles";
  readonly externalIds: "user_external_ids" | "role_external_ids";
  readonly index: "user_index" | "role_index";
}

/** Users' tables. */
export const USER_TABLES: OwnerTables = {
  resourceType: "User",
  owner: "users",
  externalIds: "user_external_ids",
  index: "user_index",
};
/** Roles' tables. */
export const ROLE_TABLES: OwnerTables = {
  resourceType: "Group",
  owner: "roles",
  externalIds: "role_external_ids",
  index: "role_index",
};

/** The columns every owner row has. */
interface OwnerRow {
  readonly id: string;
}

/** Shared reads and writes over one kind of owner; `Row` is its table's row type. */
export function ownerTables<Row extends OwnerRow>(db: Kysely<Database>, dialect: SqlDialect, tables: OwnerTables) {
  // The owner table is chosen at run time; both tables have the columns used here.
  const owners = () => db.selectFrom(`${tables.owner} as o` as "users as o");
  const scope = (tenantId: string, provider: string) => ({
    dialect,
    tenantId,
    provider: provider.toLowerCase(),
    resourceType: tables.resourceType,
  });

  /** Writes an owner's external ids and index rows (after an insert, or when rewriting them). */
  async function writeChildren(
    tenantId: string,
    ownerId: string,
    ids: readonly ExternalId[],
    index: readonly IndexEntry[],
  ) {
    const idRows = externalIdRows(tenantId, ownerId, ids);
    if (idRows.length) await db.insertInto(tables.externalIds).values(idRows).execute();
    for (const batch of chunks(indexRows(tenantId, ownerId, index))) {
      await db.insertInto(tables.index).values(batch).execute();
    }
  }

  return {
    /** The external ids of each owner, loaded in batches. */
    async externalIds(tenantId: string, ids: readonly string[]): Promise<Map<string, ExternalId[]>> {
      const rows = [];
      for (const batch of chunks(ids)) {
        rows.push(
          ...(await db
            .selectFrom(tables.externalIds)
            .selectAll()
            .where("tenant_id", "=", tenantId)
            .where("owner_id", "in", batch)
            .orderBy("provider")
            .execute()),
        );
      }
      return externalIdsByOwner(rows);
    },

    /** Writes an owner's external ids and index rows, after its insert. */
    writeChildren,

    /** Replaces an owner's external ids and index rows after its row was updated. */
    async rewriteChildren(tenantId: string, ownerId: string, ids: readonly ExternalId[], index: readonly IndexEntry[]) {
      await db
        .deleteFrom(tables.externalIds)
        .where("tenant_id", "=", tenantId)
        .where("owner_id", "=", ownerId)
        .execute();
      await db.deleteFrom(tables.index).where("tenant_id", "=", tenantId).where("owner_id", "=", ownerId).execute();
      await writeChildren(tenantId, ownerId, ids, index);
    },

    /** Deletes an owner (its children cascade), only at `expectedVersion` when given; false when none was deleted. */
    async delete(tenantId: string, id: string, expectedVersion: number | undefined): Promise<boolean> {
      let query = db.deleteFrom(tables.owner).where("tenant_id", "=", tenantId).where("id", "=", id);
      if (expectedVersion !== undefined) query = query.where("version", "=", expectedVersion);
      const result = await query.executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    /** One page of a filtered, sorted list and the count of all matches. */
    async list(tenantId: string, query: ListQuery): Promise<{ total: number; rows: Row[] }> {
      const filterScope = scope(tenantId, query.provider);
      const where = query.filter ? filterSql(query.filter, filterScope) : sql<boolean>`1 = 1`;
      const total = await owners()
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("o.tenant_id", "=", tenantId)
        .where(where)
        .executeTakeFirstOrThrow();
      if (query.limit === 0 || query.offset >= Number(total.n)) return { total: Number(total.n), rows: [] };
      const rows = await owners()
        .selectAll("o")
        .where("o.tenant_id", "=", tenantId)
        .where(where)
        .orderBy(orderBySql(query.sortBy, query.sortOrder, filterScope))
        .limit(query.limit)
        .offset(query.offset)
        .execute();
      return { total: Number(total.n), rows: rows as unknown as Row[] };
    },

    /** One page of a keyset read (RFC 9865 cursors) and whether more rows follow. */
    async seek(tenantId: string, query: SeekQuery): Promise<{ rows: Row[]; more: boolean }> {
      const seek = seekSql(query);
      const rows = await owners()
        .selectAll("o")
        .where("o.tenant_id", "=", tenantId)
        .where(query.filter ? filterSql(query.filter, scope(tenantId, query.provider)) : sql<boolean>`1 = 1`)
        .where(seek.where)
        .orderBy(seek.orderBy)
        .limit(query.limit + 1)
        .execute();
      return seekRows(rows as unknown as Row[], query.limit, seek.backwards);
    },
  };
}
