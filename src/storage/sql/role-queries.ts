/** Roles, their external ids, search index, members and nesting in SQL. */
import { type Kysely, sql } from "kysely";
import type { ExternalId, RoleRecord } from "../../domain/model.ts";
import type { MemberRef, RoleHolder, RoleStore } from "../../domain/ports.ts";
import { RosterError } from "../../protocol/errors.ts";
import type { Database, RoleTable } from "./database-schema.ts";
import { chunks } from "./index-rows.ts";
import { ownerTables, ROLE_TABLES } from "./owner-tables.ts";
import type { PagePositions } from "./page-positions.ts";
import type { SqlDialect } from "./sql-dialect.ts";

/** The row of a record, with the lower-cased and derived columns every writer must fill alike. */
export function toRow(tenantId: string, role: RoleRecord, normalizedName: string): RoleTable {
  return {
    tenant_id: tenantId,
    id: role.id,
    display_name: role.displayName,
    display_name_lower: role.displayName.toLowerCase(),
    name_norm: normalizedName,
    role_type: role.roleType,
    scim: role.scim ? JSON.stringify(role.scim) : null,
    scim_provider: role.scimProvider,
    created_at: role.createdAt,
    modified_at: role.modifiedAt,
    version: role.version,
  };
}

function toRecord(row: RoleTable, externalIds: readonly ExternalId[]): RoleRecord {
  return {
    id: row.id,
    displayName: row.display_name,
    externalIds: [...externalIds],
    roleType: row.role_type,
    scim: row.scim ? JSON.parse(row.scim) : null,
    scimProvider: row.scim_provider ?? null,
    createdAt: row.created_at,
    modifiedAt: row.modified_at,
    version: Number(row.version),
  };
}

function memberRows(tenantId: string, roleId: string, userIds: readonly string[], provider: string) {
  return [...new Set(userIds)].sort().map((userId) => ({
    tenant_id: tenantId,
    user_id: userId,
    role_id: roleId,
    source: "scim",
    provider,
  }));
}

/** The RoleStore over a Kysely database or transaction. */
export function roleQueries(db: Kysely<Database>, dialect: SqlDialect, positions?: PagePositions): RoleStore {
  const shared = ownerTables(db, dialect, ROLE_TABLES, toRecord, positions);

  /**
   * The role and every role that contains it, at any depth (UNION ends cycles). Here and in
   * every recursive walk below, each step is a CROSS JOIN: it fixes SQLite's join order so the
   * step probes role_children's keys (a plain JOIN walked role_children_child by tenant).
   */
  async function ancestors(tenantId: string, roleId: string): Promise<string[]> {
    const result = await sql<{ id: string }>`
      with recursive above(id) as (
        select ${roleId}
        union
        select c.parent_id from above a cross join role_children c where c.tenant_id = ${tenantId} and c.child_id = a.id
      )
      select id from above`.execute(db);
    return result.rows.map((row) => row.id);
  }

  /**
   * The first `limit` holders after `afterUserId` through any role of `roleIds`, by user Id:
   * one index range of user_roles_role per role, each cut to `limit` rows, then merged.
   */
  async function holderRows(
    tenantId: string,
    roleId: string,
    roleIds: readonly string[],
    afterUserId: string | undefined,
    limit: number,
  ): Promise<RoleHolder[]> {
    const after = afterUserId === undefined ? sql`` : sql` and user_id > ${afterUserId}`;
    const ranges = roleIds.map(
      (id, n) =>
        sql`select * from (select user_id, ${id === roleId ? 1 : 0} as direct from user_roles where tenant_id = ${tenantId} and role_id = ${id}${after} order by user_id limit ${limit}) ${sql.raw(`r${n}`)}`,
    );
    const rows = await sql<{ user_id: string; direct: number; email: string | null }>`
      select m.user_id, max(m.direct) as direct, u.email
      from (${sql.join(ranges, sql` union all `)}) m
      join users u on u.tenant_id = ${tenantId} and u.id = m.user_id
      group by m.user_id, u.email
      order by m.user_id
      limit ${limit}`.execute(db);
    return rows.rows.map((row) => ({ id: row.user_id, email: row.email, direct: Number(row.direct) === 1 }));
  }

  return {
    get: (tenantId, id, options) => shared.get(tenantId, id, options),
    async findByExternalId(tenantId, provider, value) {
      const row = await db
        .selectFrom("roles as o")
        .innerJoin("role_external_ids as x", (j) =>
          j.onRef("x.tenant_id", "=", "o.tenant_id").onRef("x.owner_id", "=", "o.id"),
        )
        .selectAll("o")
        .where("o.tenant_id", "=", tenantId)
        .where("x.provider", "=", provider.toLowerCase())
        .where("x.value", "=", value)
        .executeTakeFirst();
      return row ? (await shared.hydrate(tenantId, [row]))[0] : undefined;
    },
    async findByNormalizedName(tenantId, normalizedName) {
      const rows = await db
        .selectFrom("roles")
        .selectAll()
        .where("tenant_id", "=", tenantId)
        .where("name_norm", "=", normalizedName)
        .orderBy("created_at")
        .execute();
      return shared.hydrate(tenantId, rows);
    },
    async idsLike(tenantId, base) {
      const rows = await db
        .selectFrom("roles")
        .select("id")
        .where("tenant_id", "=", tenantId)
        .where((eb) => eb.or([eb("id", "=", base), eb(sql`substr(id, 1, ${base.length + 1})`, "=", `${base}-`)]))
        .execute();
      return rows.map((r) => r.id);
    },
    insert(tenantId, role, normalizedName, index) {
      return shared.insert(tenantId, toRow(tenantId, role, normalizedName), role.externalIds, index, (error) => {
        throw new RosterError("conflict", `the group id ${role.id} was taken meanwhile`, { cause: error });
      });
    },
    update(tenantId, role, normalizedName, expectedVersion, index) {
      const { tenant_id: _t, id: _i, ...changes } = toRow(tenantId, role, normalizedName);
      return shared.update(tenantId, role.id, changes, expectedVersion, role.externalIds, index);
    },
    touch: (tenantId, ids, modifiedAt, expectedVersion) => shared.touch(tenantId, ids, modifiedAt, expectedVersion),
    async touchHeldBy(tenantId, userId, modifiedAt) {
      await db
        .updateTable("roles")
        .set((eb) => ({ modified_at: modifiedAt, version: eb("version", "+", 1) }))
        .where("tenant_id", "=", tenantId)
        .where("id", "in", (eb) =>
          eb.selectFrom("user_roles").select("role_id").where("tenant_id", "=", tenantId).where("user_id", "=", userId),
        )
        .execute();
    },
    delete: (tenantId, id, expectedVersion) => shared.delete(tenantId, id, expectedVersion),
    list: (tenantId, query) => shared.list(tenantId, query),
    seek: (tenantId, query) => shared.seek(tenantId, query),
    async members(tenantId, roleIds) {
      const result = new Map<string, MemberRef[]>();
      for (const id of roleIds) result.set(id, []);
      for (const batch of chunks([...new Set(roleIds)])) {
        const rows = await db
          .selectFrom("user_roles as m")
          .innerJoin("users as u", (j) => j.onRef("u.tenant_id", "=", "m.tenant_id").onRef("u.id", "=", "m.user_id"))
          .select(["m.role_id", "u.id", "u.display"])
          .where("m.tenant_id", "=", tenantId)
          .where("m.role_id", "in", batch)
          .orderBy("m.role_id")
          .orderBy("u.id")
          .execute();
        for (const row of rows) result.get(row.role_id)?.push({ id: row.id, display: row.display });
      }
      return result;
    },
    async membersAfter(tenantId, roleId, afterUserId, limit) {
      // Ordered by the (tenant_id, role_id, user_id) index; the users row gives the display.
      let query = db
        .selectFrom("user_roles as m")
        .innerJoin("users as u", (j) => j.onRef("u.tenant_id", "=", "m.tenant_id").onRef("u.id", "=", "m.user_id"))
        .select(["u.id", "u.display"])
        .where("m.tenant_id", "=", tenantId)
        .where("m.role_id", "=", roleId);
      if (afterUserId !== undefined) query = query.where("m.user_id", ">", afterUserId);
      const rows = await query.orderBy("m.user_id").limit(limit).execute();
      return rows.map((row) => ({ id: row.id, display: row.display }));
    },
    async addMembers(tenantId, roleId, userIds, provider, options) {
      const changed: string[] = [];
      for (const batch of chunks(memberRows(tenantId, roleId, userIds, provider))) {
        const result = await db
          .insertInto("user_roles")
          .values(batch)
          .onConflict((oc) =>
            oc
              .columns(["tenant_id", "user_id", "role_id"])
              .doUpdateSet({ source: "scim", provider })
              .where((eb) =>
                // ManualRoles = keep: a hand grant stays manual; otherwise SCIM takes the membership over.
                options?.keepManual
                  ? eb.and([
                      eb("user_roles.source", "=", "scim"),
                      eb.or([eb("user_roles.provider", "is", null), eb("user_roles.provider", "<>", provider)]),
                    ])
                  : eb.or([
                      eb("user_roles.source", "<>", "scim"),
                      eb("user_roles.provider", "is", null),
                      eb("user_roles.provider", "<>", provider),
                    ]),
              ),
          )
          .returning("user_id")
          .execute();
        changed.push(...result.map((r) => r.user_id));
      }
      return changed;
    },
    async memberSources(tenantId, roleId, userIds) {
      const result = new Map<string, string>();
      for (const batch of chunks([...new Set(userIds)])) {
        const rows = await db
          .selectFrom("user_roles")
          .select(["user_id", "source", "provider"])
          .where("tenant_id", "=", tenantId)
          .where("role_id", "=", roleId)
          .where("user_id", "in", batch)
          .execute();
        for (const row of rows) {
          result.set(row.user_id, row.source === "scim" ? `scim:${row.provider ?? ""}` : "manual");
        }
      }
      return result;
    },
    async descendantIds(tenantId, roleId) {
      const result = await sql<{ id: string }>`
        with recursive below(id) as (
          select child_id from role_children where tenant_id = ${tenantId} and parent_id = ${roleId}
          union
          select c.child_id from below b cross join role_children c where c.tenant_id = ${tenantId} and c.parent_id = b.id
        )
        select id from below where id <> ${roleId}`.execute(db);
      return result.rows.map((row) => row.id);
    },
    async removeMembers(tenantId, roleId, userIds, options) {
      const removed: string[] = [];
      for (const batch of chunks([...new Set(userIds)].sort())) {
        let query = db
          .deleteFrom("user_roles")
          .where("tenant_id", "=", tenantId)
          .where("role_id", "=", roleId)
          .where("user_id", "in", batch);
        if (options?.keepManual) query = query.where("source", "=", "scim");
        const rows = await query.returning("user_id").execute();
        removed.push(...rows.map((r) => r.user_id));
      }
      return removed;
    },
    async removeAllMembers(tenantId, roleId, options) {
      let query = db.deleteFrom("user_roles").where("tenant_id", "=", tenantId).where("role_id", "=", roleId);
      if (options?.keepManual) query = query.where("source", "=", "scim");
      const rows = await query.returning("user_id").execute();
      return rows.map((r) => r.user_id);
    },
    async children(tenantId, roleId) {
      const rows = await db
        .selectFrom("role_children as c")
        .innerJoin("roles as r", (j) => j.onRef("r.tenant_id", "=", "c.tenant_id").onRef("r.id", "=", "c.child_id"))
        .select(["r.id", "r.display_name"])
        .where("c.tenant_id", "=", tenantId)
        .where("c.parent_id", "=", roleId)
        .orderBy("r.id")
        .execute();
      return rows.map((r) => ({ id: r.id, displayName: r.display_name }));
    },
    async childrenByRole(tenantId, roleIds) {
      const result = new Map<string, string[]>();
      for (const id of roleIds) result.set(id, []);
      for (const batch of chunks([...new Set(roleIds)])) {
        const rows = await db
          .selectFrom("role_children")
          .select(["parent_id", "child_id"])
          .where("tenant_id", "=", tenantId)
          .where("parent_id", "in", batch)
          .orderBy("parent_id")
          .orderBy("child_id")
          .execute();
        for (const row of rows) result.get(row.parent_id)?.push(row.child_id);
      }
      return result;
    },
    async holders(tenantId, roleId, query) {
      const holding = query.indirect ? await ancestors(tenantId, roleId) : [roleId];
      // SQLite caps a compound SELECT at 500 terms: a wider ancestry is read in batches, merged
      // in SQLite's own (binary, code-point) order. PostgreSQL reads it in one statement.
      const batches = dialect.name === "sqlite" ? chunks(holding, 400) : [holding];
      let rows: RoleHolder[] = [];
      for (const batch of batches) {
        const found = await holderRows(tenantId, roleId, batch, query.afterUserId, query.limit + 1);
        if (batches.length === 1) rows = found;
        else rows = mergeHolders(rows, found);
      }
      return { items: rows.slice(0, query.limit), more: rows.length > query.limit };
    },
    async holderIds(tenantId, roleId) {
      const holding = await ancestors(tenantId, roleId);
      const ids = new Set<string>();
      for (const batch of chunks(holding)) {
        const rows = await db
          .selectFrom("user_roles")
          .select("user_id")
          .distinct()
          .where("tenant_id", "=", tenantId)
          .where("role_id", "in", batch)
          .execute();
        for (const row of rows) ids.add(row.user_id);
      }
      return [...ids];
    },
    async addChild(tenantId, parentId, childId) {
      await db
        .insertInto("role_children")
        .values({ tenant_id: tenantId, parent_id: parentId, child_id: childId })
        .onConflict((oc) => oc.doNothing())
        .execute();
    },
    async removeChild(tenantId, parentId, childId) {
      const result = await db
        .deleteFrom("role_children")
        .where("tenant_id", "=", tenantId)
        .where("parent_id", "=", parentId)
        .where("child_id", "=", childId)
        .executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async nestingBelow(tenantId, roleId) {
      // UNION (not ALL) keeps each edge once, so the walk ends even on a cycle.
      const rows = await sql<{ parent_id: string; child_id: string; display_name: string }>`
        with recursive below(parent_id, child_id) as (
          select parent_id, child_id from role_children where tenant_id = ${tenantId} and parent_id = ${roleId}
          union
          select c.parent_id, c.child_id from below b cross join role_children c where c.tenant_id = ${tenantId} and c.parent_id = b.child_id
        )
        select b.parent_id, b.child_id, r.display_name
        from below b cross join roles r where r.tenant_id = ${tenantId} and r.id = b.child_id
        order by ${dialect.binary(sql.ref("b.parent_id"))}, ${dialect.binary(sql.ref("b.child_id"))}`.execute(db);
      return rows.rows.map((row) => ({
        parentId: row.parent_id,
        child: { id: row.child_id, displayName: row.display_name },
      }));
    },
    async parents(tenantId, roleId) {
      const rows = await db
        .selectFrom("role_children as c")
        .innerJoin("roles as r", (j) => j.onRef("r.tenant_id", "=", "c.tenant_id").onRef("r.id", "=", "c.parent_id"))
        .select(["r.id", "r.display_name"])
        .where("c.tenant_id", "=", tenantId)
        .where("c.child_id", "=", roleId)
        .orderBy(dialect.binary(sql.ref("r.id")))
        .execute();
      return rows.map((r) => ({ id: r.id, displayName: r.display_name }));
    },
    async contains(tenantId, roleId, descendantId) {
      if (roleId === descendantId) return true;
      const result = await sql<{ found: number }>`
        with recursive below(id) as (
          select child_id from role_children where tenant_id = ${tenantId} and parent_id = ${roleId}
          union
          select c.child_id from below b cross join role_children c where c.tenant_id = ${tenantId} and c.parent_id = b.id
        )
        select count(*) as found from below where id = ${descendantId}`.execute(db);
      return Number(result.rows[0]?.found ?? 0) > 0;
    },
  };
}

/** Two holder lists merged by user Id in code-point order (SQLite's binary collation); a user direct in either is direct. */
function mergeHolders(a: readonly RoleHolder[], b: readonly RoleHolder[]): RoleHolder[] {
  const byId = new Map<string, RoleHolder>();
  for (const holder of [...a, ...b]) {
    const seen = byId.get(holder.id);
    byId.set(holder.id, seen ? { ...seen, direct: seen.direct || holder.direct } : holder);
  }
  return [...byId.values()].sort((x, y) => compareCodePoints(x.id, y.id));
}

function compareCodePoints(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}
