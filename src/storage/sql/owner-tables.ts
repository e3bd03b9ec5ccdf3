/**
 * What users and roles share in SQL: each is an owner table with an external-id table and a
 * search-index table beside it, read, listed, sought, versioned and rewritten the same way.
 */
import { CompiledQuery, type Kysely, type RawBuilder, sql } from "kysely";
import type { ExternalId } from "../../domain/model.ts";
import type { ListQuery, Page, ReadOptions, SeekPage, SeekQuery } from "../../domain/ports.ts";
import { RosterError } from "../../protocol/errors.ts";
import type { IndexEntry } from "../../protocol/resource/index-entries.ts";
import type { Database, ExternalIdTable, RoleTable, UserTable } from "./database-schema.ts";
import { type FilterScope, filterSql } from "./filter-sql.ts";
import { idSetOf } from "./id-set-sql.ts";
import { chunks, externalIdRows, externalIdsByOwner, indexRows } from "./index-rows.ts";
import { afterKeySql } from "./keyset-page.ts";
import { seekRows, seekSql } from "./keyset-sql.ts";
import { columnArrays, insertRows, type MultiRowTable, unnestArrays } from "./multi-row-insert.ts";
import { type OwnerKind, ROLE_ROWS, USER_ROWS } from "./owner-row-tables.ts";
import type { PagePositions } from "./page-positions.ts";
import { listPlaceholders, nameStatement, preparedQuery } from "./prepared-query.ts";
import { isUserNameSort, orderBySql, userNameBoundSql, userNameCountsSql, userNamePageSql } from "./sort-sql.ts";
import type { SqlDialect } from "./sql-dialect.ts";

/** The tables of one kind of owner. */
export interface OwnerTables {
  readonly resourceType: "User" | "Group";
  readonly owner: "users" | "roles";
  readonly externalIds: "user_external_ids" | "role_external_ids";
  readonly index: "user_index" | "role_index";
  /** How messages name one owner: `user`, `group`. */
  readonly noun: string;
  /** The columns multi-row inserts write. */
  readonly rows: OwnerKind;
}

/** Users' tables. */
export const USER_TABLES: OwnerTables = {
  resourceType: "User",
  owner: "users",
  externalIds: "user_external_ids",
  index: "user_index",
  noun: "user",
  rows: USER_ROWS,
};
/** Roles' tables. */
export const ROLE_TABLES: OwnerTables = {
  resourceType: "Group",
  owner: "roles",
  externalIds: "role_external_ids",
  index: "role_index",
  noun: "group",
  rows: ROLE_ROWS,
};

/** PostgreSQL's one statement per kind of owner that inserts an owner, its external ids and its index rows. */
const ownerInsertTexts = new WeakMap<OwnerKind, string>();

/**
 * `insert into users …; insert into user_external_ids …; insert into user_index …` as one
 * statement of data-modifying CTEs (one round trip instead of three), parameters: the owner
 * row's columns, then one array per column of each child table. The children's foreign keys
 * are checked at the statement's end, when the owner row is there.
 */
function ownerInsertText(kind: OwnerKind): string {
  let text = ownerInsertTexts.get(kind);
  if (text === undefined) {
    const { owner, externalIds, index } = kind;
    const ownerColumns = owner.columns.length;
    const values = owner.columns.map((_, i) => `$${i + 1}`).join(", ");
    text = `with o as (insert into ${owner.table} (${owner.columns.join(", ")}) values (${values})),
      x as (insert into ${externalIds.table} (${externalIds.columns.join(", ")})
        select * from unnest(${unnestArrays(externalIds, ownerColumns + 1)}))
      insert into ${index.table} (${index.columns.join(", ")})
        select * from unnest(${unnestArrays(index, ownerColumns + externalIds.columns.length + 1)})`;
    ownerInsertTexts.set(kind, text);
    nameStatement(text);
  }
  return text;
}

/** The constraint a PostgreSQL constraint error names (pg's `constraint` field). */
function errorConstraint(error: unknown): unknown {
  return typeof error === "object" && error !== null && "constraint" in error ? error.constraint : undefined;
}

/** An owner row: a users or a roles row. */
type OwnerRow = UserTable | RoleTable;

/** What an owner row may change in a versioned update: everything but its key. */
type Changes<Row> = Omit<Row, "tenant_id" | "id">;

/**
 * Shared reads and writes over one kind of owner. `Row` is its table's row type, `Record` the
 * domain record `toRecord` builds from a row and its external ids.
 */
export function ownerTables<Row extends OwnerRow, Record>(
  db: Kysely<Database>,
  dialect: SqlDialect,
  tables: OwnerTables,
  toRecord: (row: Row, externalIds: readonly ExternalId[]) => Record,
  positions?: PagePositions,
) {
  // The owner table is chosen at run time; both tables have the columns used here.
  const owners = () => db.selectFrom(`${tables.owner} as o` as "users as o");
  const scope = (tenantId: string, provider: string) => ({
    dialect,
    tenantId,
    provider: provider.toLowerCase(),
    resourceType: tables.resourceType,
  });
  const getRow = preparedQuery<Row>(db, dialect, `select * from ${tables.owner} where tenant_id = ? and id = ?`);
  const getForUpdate = preparedQuery<Row>(
    db,
    dialect,
    `select * from ${tables.owner} where tenant_id = ? and id = ? for update`,
  );
  const changedMeanwhile = (id: string) =>
    new RosterError("conflict", `${tables.noun} ${id} was changed by another request`);

  /** The records of `rows`, their external ids read in batches. */
  async function hydrate(tenantId: string, rows: readonly Row[]): Promise<Record[]> {
    if (rows.length === 0) return [];
    const found: ExternalIdTable[] = [];
    for (const batch of chunks(rows.map((r) => r.id))) {
      // In the primary key's order: (tenant, owner, provider) probes, never a walk of the
      // tenant's external ids in provider order.
      const text = `select * from ${tables.externalIds} where tenant_id = ? and owner_id in (${listPlaceholders(batch.length)}) order by owner_id, provider`;
      found.push(...(await preparedQuery<ExternalIdTable>(db, dialect, text)([tenantId, ...batch])));
    }
    const byOwner = externalIdsByOwner(found);
    return rows.map((row) => toRecord(row, byOwner.get(row.id) ?? []));
  }

  /** Writes an owner's external ids and index rows (after an insert, or when rewriting them). */
  async function writeChildren(
    tenantId: string,
    ownerId: string,
    ids: readonly ExternalId[],
    index: readonly IndexEntry[],
  ) {
    // SQL text, one statement a table: Kysely's building of a dozen index rows cost more than SQLite's insert.
    await insertRows(db, dialect, tables.rows.externalIds, externalIdRows(tenantId, ownerId, ids));
    await insertRows(db, dialect, tables.rows.index, indexRows(tenantId, ownerId, index));
  }

  /** Turns a unique violation of an external id into RosterError `uniqueness`; rethrows anything else. */
  function externalIdTaken(error: unknown, id: string): never {
    if (dialect.isUniqueViolation(error)) {
      throw new RosterError("uniqueness", `an external id of ${tables.noun} ${id} belongs to another ${tables.noun}`, {
        cause: error,
      });
    }
    throw error;
  }

  /**
   * A list whose filter is one set of owner ids (idSetOf, column `owner_id`): the set, deduplicated, drives and
   * each owner is a probe of the primary key. The CROSS JOIN fixes that order on SQLite, whose
   * planner otherwise may scan the tenant once statistics say the tenant is every row.
   */
  async function listOfSet(
    tenantId: string,
    set: RawBuilder<unknown>,
    query: ListQuery,
    filterScope: FilterScope,
  ): Promise<Page<Record>> {
    // DISTINCT over an expression: over the column itself, SQLite read the index in owner order.
    const owner = dialect.unindexed(sql.ref("s.owner_id"));
    const matches = sql`with matched as (select distinct ${owner} as owner_id from (${set}) s)`;
    const count = await sql<{ n: number }>`${matches} select count(*) as n from matched`.execute(db);
    const total = Number(count.rows[0]?.n ?? 0);
    if (query.limit === 0 || query.offset >= total) return { total, items: [] };
    const rows = await sql<Row>`${matches}
      select o.* from matched cross join ${sql.table(tables.owner)} o
      where o.tenant_id = ${tenantId} and o.id = matched.owner_id
      order by ${orderBySql(query.sortBy, query.sortOrder, filterScope, true)}
      limit ${query.limit} offset ${query.offset}`.execute(db);
    return { total, items: await hydrate(tenantId, rows.rows) };
  }

  /**
   * The unfiltered list in creation order: the total is the tenant's counter (owner_counts), and
   * a page starts from the nearest remembered position at or before its offset (PagePositions),
   * skipping only the rows between; its end is remembered for the page that follows.
   */
  async function listInOrder(tenantId: string, query: ListQuery): Promise<Page<Record>> {
    const counted = await db
      .selectFrom("owner_counts")
      .select(["n", "generation"])
      .where("tenant_id", "=", tenantId)
      .where("kind", "=", tables.owner)
      .executeTakeFirst();
    const total = Number(counted?.n ?? 0);
    const generation = Number(counted?.generation ?? 0);
    if (query.limit === 0 || query.offset >= total) return { total, items: [] };
    const start = query.offset > 0 ? positions?.nearest(tenantId, tables.owner, generation, query.offset) : undefined;
    const rows = (await owners()
      .selectAll("o")
      .where("o.tenant_id", "=", tenantId)
      .where(afterKeySql(start?.key, "o"))
      .orderBy("o.created_at")
      .orderBy("o.id")
      .limit(query.limit)
      .offset(query.offset - (start?.offset ?? 0))
      .execute()) as unknown as Row[];
    const last = rows.at(-1);
    if (last !== undefined) {
      const key = { createdAt: last.created_at, id: last.id };
      positions?.remember(tenantId, tables.owner, generation, query.offset + rows.length, key);
    }
    return { total, items: await hydrate(tenantId, rows) };
  }

  /**
   * The unfiltered list sorted by userName: a merge of two index walks (sort-sql.ts,
   * userNamePageSql), never an ordering of the tenant; the total is the tenant's counter.
   */
  async function listByUserName(tenantId: string, query: ListQuery, filterScope: FilterScope): Promise<Page<Record>> {
    const counted = (await userNameCountsSql(filterScope).execute(db)).rows[0];
    const total = Number(counted?.users ?? 0);
    if (query.limit === 0 || query.offset >= total) return { total, items: [] };
    const sortBy = query.sortBy as NonNullable<ListQuery["sortBy"]>;
    const upTo = query.offset + query.limit;
    const unlinked = total > Number(counted?.links ?? 0);
    const bound = unlinked
      ? (await userNameBoundSql(filterScope, query.sortOrder === "descending", upTo).execute(db)).rows[0]?.k
      : undefined;
    const page = { offset: query.offset, limit: query.limit };
    const rows = await userNamePageSql(filterScope, sortBy, query.sortOrder, page, { unlinked, bound }).execute(db);
    return { total, items: await hydrate(tenantId, rows.rows as Row[]) };
  }

  return {
    hydrate,

    /** The owner with this Id; `forUpdate` locks its row until the transaction ends (PostgreSQL). */
    async get(tenantId: string, id: string, options?: ReadOptions): Promise<Record | undefined> {
      // SQLite's BEGIN IMMEDIATE already serializes writers; PostgreSQL locks the row.
      const [row] = await (options?.forUpdate && dialect.name === "postgres" ? getForUpdate : getRow)([tenantId, id]);
      return row ? (await hydrate(tenantId, [row]))[0] : undefined;
    },

    /**
     * Inserts an owner row, then its external ids and index rows. A taken Id calls `idTaken`
     * (which throws the caller's error); a taken external id throws `uniqueness`.
     */
    async insert(
      tenantId: string,
      row: Row,
      ids: readonly ExternalId[],
      index: readonly IndexEntry[],
      idTaken: (error: unknown) => never,
    ): Promise<void> {
      if (dialect.name === "postgres") {
        const kind = tables.rows;
        const parameters = [
          ...(kind.owner as MultiRowTable<Row>).columns.map((column) => row[column]),
          ...columnArrays(kind.externalIds, externalIdRows(tenantId, row.id, ids)),
          ...columnArrays(kind.index, indexRows(tenantId, row.id, index)),
        ];
        try {
          await db.executeQuery(CompiledQuery.raw(ownerInsertText(kind), parameters));
        } catch (error) {
          // The sub-statements run together: a taken Id may surface first as a duplicate key of a
          // child row (whose keys start with the owner's Id). Only the external ids' value index
          // says that an external id is taken.
          if (dialect.isUniqueViolation(error) && errorConstraint(error) !== `${tables.externalIds}_value`)
            idTaken(error);
          externalIdTaken(error, row.id);
        }
        return;
      }
      try {
        await insertRows(db, dialect, tables.rows.owner as MultiRowTable<Row>, [row]);
      } catch (error) {
        if (dialect.isUniqueViolation(error)) idTaken(error);
        throw error;
      }
      try {
        await writeChildren(tenantId, row.id, ids, index);
      } catch (error) {
        externalIdTaken(error, row.id);
      }
    },

    /**
     * Replaces an owner row whose stored version is `expectedVersion` (else `conflict`), then
     * its external ids and index rows (`uniqueness` when an external id is taken).
     */
    async update(
      tenantId: string,
      id: string,
      changes: Changes<Row>,
      expectedVersion: number,
      ids: readonly ExternalId[],
      index: readonly IndexEntry[],
    ): Promise<void> {
      const result = await db
        .updateTable(tables.owner)
        .set(changes as Changes<UserTable & RoleTable>)
        .where("tenant_id", "=", tenantId)
        .where("id", "=", id)
        .where("version", "=", expectedVersion)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) throw changedMeanwhile(id);
      try {
        await db.deleteFrom(tables.externalIds).where("tenant_id", "=", tenantId).where("owner_id", "=", id).execute();
        await db.deleteFrom(tables.index).where("tenant_id", "=", tenantId).where("owner_id", "=", id).execute();
        await writeChildren(tenantId, id, ids, index);
      } catch (error) {
        externalIdTaken(error, id);
      }
    },

    /**
     * Bumps the version and modification time of each listed owner, in batches of one UPDATE
     * each, in Id order (so that two transactions touching the same owners lock them in the
     * same order). With `expectedVersion`, every listed owner must be at that version, else
     * `conflict`.
     */
    async touch(tenantId: string, ids: readonly string[], modifiedAt: string, expectedVersion?: number) {
      const sorted = [...new Set(ids)].sort();
      let touched = 0;
      for (const batch of chunks(sorted)) {
        let query = db
          .updateTable(tables.owner)
          .set((eb) => ({ modified_at: modifiedAt, version: eb("version", "+", 1) }))
          .where("tenant_id", "=", tenantId)
          .where("id", "in", batch);
        if (expectedVersion !== undefined) query = query.where("version", "=", expectedVersion);
        touched += Number((await query.executeTakeFirst()).numUpdatedRows);
      }
      if (expectedVersion !== undefined && touched !== sorted.length) throw changedMeanwhile(sorted.join(", "));
    },

    /** Deletes an owner (its children cascade), only at `expectedVersion` when given; false when none was deleted. */
    async delete(tenantId: string, id: string, expectedVersion: number | undefined): Promise<boolean> {
      let query = db.deleteFrom(tables.owner).where("tenant_id", "=", tenantId).where("id", "=", id);
      if (expectedVersion !== undefined) query = query.where("version", "=", expectedVersion);
      const result = await query.executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    /** One page of a filtered, sorted list and the count of all matches. */
    async list(tenantId: string, query: ListQuery): Promise<Page<Record>> {
      const filterScope = scope(tenantId, query.provider);
      const where = query.filter ? filterSql(query.filter, filterScope) : sql<boolean>`1 = 1`;
      const set = query.filter ? idSetOf(where) : undefined;
      if (set !== undefined) return listOfSet(tenantId, set, query, filterScope);
      if (!query.filter && !query.sortBy) return listInOrder(tenantId, query);
      if (!query.filter && isUserNameSort(query.sortBy, filterScope))
        return listByUserName(tenantId, query, filterScope);
      const count = await owners()
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("o.tenant_id", "=", tenantId)
        .where(where)
        .executeTakeFirstOrThrow();
      const total = Number(count.n);
      if (query.limit === 0 || query.offset >= total) return { total, items: [] };
      const rows = await owners()
        .selectAll("o")
        .where("o.tenant_id", "=", tenantId)
        .where(where)
        .orderBy(orderBySql(query.sortBy, query.sortOrder, filterScope, query.filter !== undefined))
        .limit(query.limit)
        .offset(query.offset)
        .execute();
      return { total, items: await hydrate(tenantId, rows as unknown as Row[]) };
    },

    /** One page of a keyset read (RFC 9865 cursors) and whether more rows follow. */
    async seek(tenantId: string, query: SeekQuery): Promise<SeekPage<Record>> {
      const seek = seekSql(query);
      const rows = await owners()
        .selectAll("o")
        .where("o.tenant_id", "=", tenantId)
        .where(query.filter ? filterSql(query.filter, scope(tenantId, query.provider)) : sql<boolean>`1 = 1`)
        .where(seek.where)
        .orderBy(seek.orderBy)
        .limit(query.limit + 1)
        .execute();
      const page = seekRows(rows as unknown as Row[], query.limit, seek.backwards);
      return { items: await hydrate(tenantId, page.rows), more: page.more };
    },
  };
}
