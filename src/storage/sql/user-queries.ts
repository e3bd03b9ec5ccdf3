/** Users, their external ids, search index and direct roles in SQL. */
import { type Kysely, sql } from "kysely";
import { type RoleAssignment, type RoleRef, type UserRecord, userDisplay } from "../../domain/model.ts";
import type { UserStore } from "../../domain/ports.ts";
import { RosterError } from "../../protocol/errors.ts";
import type { IndexEntry } from "../../protocol/resource/index-entries.ts";
import type { Database, UserTable } from "./database-schema.ts";
import { chunks } from "./index-rows.ts";
import { afterKeySql } from "./keyset-page.ts";
import { seekRows } from "./keyset-sql.ts";
import { ownerTables, USER_TABLES } from "./owner-tables.ts";
import { preparedQuery } from "./prepared-query.ts";
import type { SqlDialect } from "./sql-dialect.ts";
import { userFilterSql } from "./user-page-sql.ts";

/** The row of a record, with the lower-cased and derived columns every writer must fill alike. */
export function toRow(tenantId: string, user: UserRecord): UserTable {
  const display = userDisplay(user);
  return {
    tenant_id: tenantId,
    id: user.id,
    id_lower: user.id.toLowerCase(),
    email: user.email,
    email_lower: user.email?.toLowerCase() ?? null,
    first_name: user.firstName,
    last_name: user.lastName,
    phone: user.phone,
    b2c_id: user.b2cId,
    display,
    display_lower: display.toLowerCase(),
    active: user.active ? 1 : 0,
    scim: user.scim ? JSON.stringify(user.scim) : null,
    scim_provider: user.scimProvider,
    created_at: user.createdAt,
    modified_at: user.modifiedAt,
    version: user.version,
  };
}

/** A row of ACCESS_SQL: the user's `active`, and one role it holds (none when inactive) at its least depth. */
interface AccessRow {
  readonly active: number;
  readonly role_id: string | null;
  readonly depth: number | null;
  readonly display_name: string | null;
}

/**
 * SPEC §9's access question in one statement, parameters (tenant, user, tenant, tenant, user):
 * depth 0 = held directly, 1 = contained at any depth; UNION (not ALL) ends cycles. The CROSS JOIN
 * keeps SQLite's planner from reading role_children by tenant alone in each recursive step: it
 * fixes the join order, so each step is a probe of the primary key (tenant, parent).
 */
const ACCESS_SQL = `
  with recursive held(role_id, depth) as (
    select ur.role_id, 0 from users u
    join user_roles ur on ur.tenant_id = u.tenant_id and ur.user_id = u.id
    where u.tenant_id = ? and u.id = ? and u.active = 1
    union
    select c.child_id, 1 from held h cross join role_children c where c.tenant_id = ? and c.parent_id = h.role_id
  )
  select u.active, r.id as role_id, min(h.depth) as depth, r.display_name
  from users u
  left join held h on 1 = 1
  left join roles r on r.tenant_id = u.tenant_id and r.id = h.role_id
  where u.tenant_id = ? and u.id = ?
  group by u.active, r.id, r.display_name
  order by r.id`;

/** The UserStore over a Kysely database or transaction. */
export function userQueries(db: Kysely<Database>, dialect: SqlDialect): UserStore {
  const shared = ownerTables<UserTable>(db, dialect, USER_TABLES);
  const accessQuery = preparedQuery<AccessRow>(db, dialect, ACCESS_SQL);

  async function hydrate(tenantId: string, rows: readonly UserTable[]): Promise<UserRecord[]> {
    if (rows.length === 0) return [];
    const byOwner = await shared.externalIds(
      tenantId,
      rows.map((r) => r.id),
    );
    return rows.map((row) => ({
      id: row.id,
      email: row.email,
      firstName: row.first_name,
      lastName: row.last_name,
      phone: row.phone,
      b2cId: row.b2c_id,
      externalIds: byOwner.get(row.id) ?? [],
      active: Number(row.active) === 1,
      scim: row.scim ? JSON.parse(row.scim) : null,
      scimProvider: row.scim_provider ?? null,
      createdAt: row.created_at,
      modifiedAt: row.modified_at,
      version: Number(row.version),
    }));
  }

  function writeChildren(tenantId: string, user: UserRecord, index: readonly IndexEntry[]) {
    return shared.writeChildren(tenantId, user.id, user.externalIds, index);
  }

  function uniqueness(error: unknown, user: UserRecord): never {
    if (dialect.isUniqueViolation(error)) {
      throw new RosterError("uniqueness", `a user with id or userName of ${user.id} already exists`, { cause: error });
    }
    throw error;
  }

  async function findWhere(tenantId: string, column: "email_lower" | "b2c_id", value: string) {
    const rows = await db
      .selectFrom("users")
      .selectAll()
      .where("tenant_id", "=", tenantId)
      .where(column, "=", value)
      .orderBy("created_at")
      .execute();
    return hydrate(tenantId, rows);
  }

  return {
    async get(tenantId, id, options) {
      const query = db.selectFrom("users").selectAll().where("tenant_id", "=", tenantId).where("id", "=", id);
      // SQLite's BEGIN IMMEDIATE already serializes writers; PostgreSQL locks the row.
      const row = await (options?.forUpdate && dialect.name === "postgres"
        ? query.forUpdate()
        : query
      ).executeTakeFirst();
      return row ? (await hydrate(tenantId, [row]))[0] : undefined;
    },
    findByEmail: (tenantId, email) => findWhere(tenantId, "email_lower", email.toLowerCase()),
    findByB2CId: (tenantId, b2cId) => findWhere(tenantId, "b2c_id", b2cId),
    async findByExternalId(tenantId, provider, value) {
      const row = await db
        .selectFrom("users as o")
        .innerJoin("user_external_ids as x", (j) =>
          j.onRef("x.tenant_id", "=", "o.tenant_id").onRef("x.owner_id", "=", "o.id"),
        )
        .selectAll("o")
        .where("o.tenant_id", "=", tenantId)
        .where("x.provider", "=", provider.toLowerCase())
        .where("x.value_lower", "=", value.toLowerCase())
        .executeTakeFirst();
      return row ? (await hydrate(tenantId, [row]))[0] : undefined;
    },
    async insert(tenantId, user, index) {
      try {
        await db.insertInto("users").values(toRow(tenantId, user)).execute();
        await writeChildren(tenantId, user, index);
      } catch (error) {
        uniqueness(error, user);
      }
    },
    async update(tenantId, user, expectedVersion, index) {
      const row = toRow(tenantId, user);
      const result = await db
        .updateTable("users")
        .set({ ...row, tenant_id: undefined, id: undefined, id_lower: undefined })
        .where("tenant_id", "=", tenantId)
        .where("id", "=", user.id)
        .where("version", "=", expectedVersion)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) {
        throw new RosterError("conflict", `user ${user.id} was changed by another request`);
      }
      try {
        await shared.rewriteChildren(tenantId, user.id, user.externalIds, index);
      } catch (error) {
        uniqueness(error, user);
      }
    },
    delete: (tenantId, id, expectedVersion) => shared.delete(tenantId, id, expectedVersion),
    async list(tenantId, query) {
      const page = await shared.list(tenantId, query);
      return { total: page.total, items: await hydrate(tenantId, page.rows) };
    },
    async seek(tenantId, query) {
      const page = await shared.seek(tenantId, query);
      return { items: await hydrate(tenantId, page.rows), more: page.more };
    },
    async existingIds(tenantId, ids) {
      const found = new Set<string>();
      for (const batch of chunks([...new Set(ids)])) {
        const rows = await db
          .selectFrom("users")
          .select("id")
          .where("tenant_id", "=", tenantId)
          .where("id", "in", batch)
          .execute();
        for (const row of rows) found.add(row.id);
      }
      return found;
    },
    async assignments(tenantId, userId) {
      const rows = await db
        .selectFrom("user_roles")
        .select(["role_id", "source", "provider"])
        .where("tenant_id", "=", tenantId)
        .where("user_id", "=", userId)
        .orderBy("role_id")
        .execute();
      return rows.map((r) => ({
        roleId: r.role_id,
        source: r.source === "scim" ? "scim" : "manual",
        provider: r.provider,
      }));
    },
    async assign(tenantId, userId, assignment) {
      await db
        .insertInto("user_roles")
        .values({
          tenant_id: tenantId,
          user_id: userId,
          role_id: assignment.roleId,
          source: assignment.source,
          provider: assignment.provider,
        })
        .onConflict((oc) =>
          oc
            .columns(["tenant_id", "user_id", "role_id"])
            .doUpdateSet({ source: assignment.source, provider: assignment.provider }),
        )
        .execute();
    },
    async unassign(tenantId, userId, roleId) {
      const result = await db
        .deleteFrom("user_roles")
        .where("tenant_id", "=", tenantId)
        .where("user_id", "=", userId)
        .where("role_id", "=", roleId)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async removeManualAssignments(tenantId, userId) {
      await db
        .deleteFrom("user_roles")
        .where("tenant_id", "=", tenantId)
        .where("user_id", "=", userId)
        .where("source", "=", "manual")
        .execute();
    },
    async assignmentsByUser(tenantId, userIds) {
      const result = new Map<string, RoleAssignment[]>();
      for (const id of userIds) result.set(id, []);
      for (const batch of chunks([...new Set(userIds)])) {
        const rows = await db
          .selectFrom("user_roles")
          .select(["user_id", "role_id", "source", "provider"])
          .where("tenant_id", "=", tenantId)
          .where("user_id", "in", batch)
          .orderBy("user_id")
          .orderBy("role_id")
          .execute();
        for (const r of rows) {
          result.get(r.user_id)?.push({
            roleId: r.role_id,
            source: r.source === "scim" ? "scim" : "manual",
            provider: r.provider,
          });
        }
      }
      return result;
    },
    async touch(tenantId, userId, modifiedAt, expectedVersion) {
      let query = db
        .updateTable("users")
        .set((eb) => ({ modified_at: modifiedAt, version: eb("version", "+", 1) }))
        .where("tenant_id", "=", tenantId)
        .where("id", "=", userId);
      if (expectedVersion !== undefined) query = query.where("version", "=", expectedVersion);
      const result = await query.executeTakeFirst();
      if (expectedVersion !== undefined && Number(result.numUpdatedRows) !== 1) {
        throw new RosterError("conflict", `user ${userId} was changed by another request`);
      }
    },
    async page(tenantId, query) {
      let select = db
        .selectFrom("users as o")
        .selectAll("o")
        .where("o.tenant_id", "=", tenantId)
        .where(afterKeySql(query.after, "o"));
      for (const condition of userFilterSql(dialect, tenantId, query)) select = select.where(condition);
      const rows = await select
        .orderBy("o.created_at")
        .orderBy("o.id")
        .limit(query.limit + 1)
        .execute();
      const page = seekRows(rows, query.limit, false);
      return { items: await hydrate(tenantId, page.rows), more: page.more };
    },
    async access(tenantId, userId) {
      // One statement: the user row, and its roles only when it is active (an inactive user holds none).
      const rows = await accessQuery([tenantId, userId, tenantId, tenantId, userId]);
      const first = rows[0];
      if (!first) return undefined;
      const direct: RoleRef[] = [];
      const indirect: RoleRef[] = [];
      for (const row of rows) {
        if (row.role_id === null || row.display_name === null) continue;
        (Number(row.depth) === 0 ? direct : indirect).push({ id: row.role_id, displayName: row.display_name });
      }
      return { active: Number(first.active) === 1, direct, indirect };
    },
    async roles(tenantId, userIds) {
      const result = new Map<string, { direct: RoleRef[]; indirect: RoleRef[] }>();
      for (const id of userIds) result.set(id, { direct: [], indirect: [] });
      for (const batch of chunks([...new Set(userIds)])) {
        // depth 0 = held directly, 1 = contained at any depth; UNION (not ALL) ends cycles.
        const rows = await sql<{ user_id: string; role_id: string; depth: number; display_name: string }>`
          with recursive held(user_id, role_id, depth) as (
            select user_id, role_id, 0 from user_roles where tenant_id = ${tenantId} and user_id in (${sql.join(batch)})
            union
            select h.user_id, c.child_id, 1 from held h join role_children c on c.tenant_id = ${tenantId} and c.parent_id = h.role_id
          )
          select h.user_id, h.role_id, min(h.depth) as depth, r.display_name
          from held h join roles r on r.tenant_id = ${tenantId} and r.id = h.role_id
          group by h.user_id, h.role_id, r.display_name
          order by h.user_id, h.role_id`.execute(db);
        for (const row of rows.rows) {
          const entry = result.get(row.user_id);
          const ref = { id: row.role_id, displayName: row.display_name };
          if (Number(row.depth) === 0) entry?.direct.push(ref);
          else entry?.indirect.push(ref);
        }
      }
      return result;
    },
  };
}
