/** Users, their external ids, search index and direct roles in SQL. */
import { type Kysely, sql } from "kysely";
import {
  type ExternalId,
  type RoleAssignment,
  type RoleRef,
  type UserRecord,
  userDisplay,
} from "../../domain/model.ts";
import type { UserStore } from "../../domain/ports.ts";
import { RosterError } from "../../protocol/errors.ts";
import type { Database, UserTable } from "./database-schema.ts";
import { chunks } from "./index-rows.ts";
import { afterKeySql } from "./keyset-page.ts";
import { seekRows } from "./keyset-sql.ts";
import { ownerTables, USER_TABLES } from "./owner-tables.ts";
import type { PagePositions } from "./page-positions.ts";
import { listPlaceholders, preparedQuery } from "./prepared-query.ts";
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

/** A users row and its external ids as the record every read answers. */
export function toRecord(row: UserTable, externalIds: readonly ExternalId[]): UserRecord {
  return {
    id: row.id,
    email: row.email,
    firstName: row.first_name,
    lastName: row.last_name,
    phone: row.phone,
    b2cId: row.b2c_id,
    externalIds: [...externalIds],
    active: Number(row.active) === 1,
    scim: row.scim ? JSON.parse(row.scim) : null,
    scimProvider: row.scim_provider ?? null,
    createdAt: row.created_at,
    modifiedAt: row.modified_at,
    version: Number(row.version),
  };
}

/** Code-unit order, the same on both databases (the lookups' rows are ordered in JavaScript). */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A row of the roles of a batch of users (`roles`): one role a user holds, at its least depth. */
interface HeldRoleRow {
  readonly user_id: string;
  readonly role_id: string;
  readonly depth: number;
  readonly display_name: string;
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

/**
 * How deep `reachedRoles` follows nesting. Cycles are refused when roles are nested, so this
 * only bounds the walk should one exist anyway; real nesting is a few levels deep.
 */
export const MAX_NESTING_DEPTH = 100;
/** A row of the access snapshot query: a user, and one role it holds (with its source when direct). */
interface SnapshotRow {
  readonly user_id: string;
  readonly active: number;
  readonly role_id: string | null;
  readonly source: string | null;
  readonly provider: string | null;
}

/**
 * The access snapshots of `count` users (change events, SPEC §11), parameters (tenant,
 * ...users, tenant, tenant, ...users): the users themselves, so that one without roles is found
 * too, then every role each holds at any depth, with the source of the direct ones. Text, not a
 * built query: it runs twice in every write that changes what users hold.
 */
function snapshotSql(count: number): string {
  const users = listPlaceholders(count);
  return `
    with recursive held(user_id, role_id) as (
      select user_id, role_id from user_roles where tenant_id = ? and user_id in (${users})
      union
      select h.user_id, c.child_id from held h cross join role_children c where c.tenant_id = ? and c.parent_id = h.role_id
    )
    select u.id as user_id, u.active, h.role_id, ur.source, ur.provider
    from users u
    left join held h on h.user_id = u.id
    left join user_roles ur on ur.tenant_id = u.tenant_id and ur.user_id = u.id and ur.role_id = h.role_id
    where u.tenant_id = ? and u.id in (${users})`;
}

/** The UserStore over a Kysely database or transaction. */
export function userQueries(db: Kysely<Database>, dialect: SqlDialect, positions?: PagePositions): UserStore {
  const shared = ownerTables(db, dialect, USER_TABLES, toRecord, positions);
  const accessQuery = preparedQuery<AccessRow>(db, dialect, ACCESS_SQL);

  // Ordered here, not in SQL: with `order by created_at` SQLite's planner (without statistics,
  // or in a single-tenant database where `tenant_id = ?` matches every row) walked the tenant on
  // users_created to save a sort of the one or two rows matched. Without it the only index that
  // fits is the (tenant_id, column) probe. Every create runs both lookups.
  const byEmail = preparedQuery<UserTable>(db, dialect, "select * from users where tenant_id = ? and email_lower = ?");
  const byB2CId = preparedQuery<UserTable>(db, dialect, "select * from users where tenant_id = ? and b2c_id = ?");

  // The unique (tenant_id, provider, value_lower) probe that every create and write of a user
  // makes: the external id first, then its owner by key. As a join, PostgreSQL with statistics
  // from before the tenant grew nested two walks of the tenant (n² rows).
  const byExternalId = preparedQuery<UserTable>(
    db,
    dialect,
    `select o.* from users o where o.tenant_id = ? and o.id =
       (select x.owner_id from user_external_ids x where x.tenant_id = ? and x.provider = ? and x.value_lower = ?)`,
  );

  // A create's four lookups in one statement (one round trip on PostgreSQL), each arm one of
  // the probes above; `matched_by` says which arm a row came from. A null email or B2C id
  // matches nothing (`= null`).
  const forCreate = preparedQuery<UserTable & { matched_by: string }>(
    db,
    dialect,
    `select 'x' as matched_by, o.* from users o where o.tenant_id = ? and o.id =
       (select x.owner_id from user_external_ids x where x.tenant_id = ? and x.provider = ? and x.value_lower = ?)
     union all select 'e' as matched_by, o.* from users o where o.tenant_id = ? and o.email_lower = ?
     union all select 'b' as matched_by, o.* from users o where o.tenant_id = ? and o.b2c_id = ?
     union all select 'i' as matched_by, o.* from users o where o.tenant_id = ? and o.id = ?`,
  );

  /** Rows oldest first (then by Id), hydrated. */
  function inCreationOrder(tenantId: string, rows: readonly UserTable[]) {
    const sorted = [...rows].sort((a, b) => compareText(a.created_at, b.created_at) || compareText(a.id, b.id));
    return shared.hydrate(tenantId, sorted);
  }

  async function findWhere(tenantId: string, query: typeof byEmail, value: string) {
    return inCreationOrder(tenantId, await query([tenantId, value]));
  }

  // The roles of `count` users: depth 0 = held directly, 1 = contained at any depth; UNION (not
  // ALL) ends cycles. The CROSS JOINs fix SQLite's join order so each step probes role_children's
  // primary key and each role is a probe of roles' (left alone, it walked roles_display by tenant).
  // Parameters: tenant, the users' Ids, tenant, tenant.
  const heldRolesQueries = new Map<number, ReturnType<typeof preparedQuery<HeldRoleRow>>>();
  function heldRolesQuery(count: number) {
    let query = heldRolesQueries.get(count);
    if (query === undefined) {
      const text = `with recursive held(user_id, role_id, depth) as (
          select user_id, role_id, 0 from user_roles where tenant_id = ? and user_id in (${listPlaceholders(count)})
          union
          select h.user_id, c.child_id, 1 from held h cross join role_children c where c.tenant_id = ? and c.parent_id = h.role_id
        )
        select h.user_id, h.role_id, min(h.depth) as depth, r.display_name
        from held h cross join roles r where r.tenant_id = ? and r.id = h.role_id
        group by h.user_id, h.role_id, r.display_name
        order by h.user_id, h.role_id`;
      query = preparedQuery<HeldRoleRow>(db, dialect, text);
      heldRolesQueries.set(count, query);
    }
    return query;
  }

  return {
    get: (tenantId, id, options) => shared.get(tenantId, id, options),
    findByEmail: (tenantId, email) => findWhere(tenantId, byEmail, email.toLowerCase()),
    findByB2CId: (tenantId, b2cId) => findWhere(tenantId, byB2CId, b2cId),
    async findByExternalId(tenantId, provider, value) {
      const [row] = await byExternalId([tenantId, tenantId, provider.toLowerCase(), value.toLowerCase()]);
      return row ? (await shared.hydrate(tenantId, [row]))[0] : undefined;
    },
    async createMatches(tenantId, lookup) {
      const rows = await forCreate([
        tenantId,
        tenantId,
        lookup.provider.toLowerCase(),
        lookup.userName.toLowerCase(),
        tenantId,
        lookup.email?.toLowerCase() ?? null,
        tenantId,
        lookup.b2cId,
        tenantId,
        lookup.id,
      ]);
      const arm = (name: string) =>
        rows.filter((row) => row.matched_by === name).map(({ matched_by: _, ...row }) => row);
      const byEmail = arm("e");
      const byB2CId = arm("b");
      return {
        linked: rows.some((row) => row.matched_by === "x"),
        byEmail: byEmail.length ? await inCreationOrder(tenantId, byEmail) : [],
        byB2CId: byB2CId.length ? await inCreationOrder(tenantId, byB2CId) : [],
        idTaken: rows.some((row) => row.matched_by === "i"),
      };
    },
    insert(tenantId, user, index) {
      return shared.insert(tenantId, toRow(tenantId, user), user.externalIds, index, (error) => {
        throw new RosterError("uniqueness", `a user with id ${user.id} already exists`, { cause: error });
      });
    },
    update(tenantId, user, expectedVersion, index) {
      const { tenant_id: _t, id: _i, ...changes } = toRow(tenantId, user);
      return shared.update(tenantId, user.id, changes, expectedVersion, user.externalIds, index);
    },
    touch: (tenantId, ids, modifiedAt, expectedVersion) => shared.touch(tenantId, ids, modifiedAt, expectedVersion),
    async touchMembers(tenantId, roleId, modifiedAt) {
      await db
        .updateTable("users")
        .set((eb) => ({ modified_at: modifiedAt, version: eb("version", "+", 1) }))
        .where("tenant_id", "=", tenantId)
        .where("id", "in", (eb) =>
          eb.selectFrom("user_roles").select("user_id").where("tenant_id", "=", tenantId).where("role_id", "=", roleId),
        )
        .execute();
    },
    delete: (tenantId, id, expectedVersion) => shared.delete(tenantId, id, expectedVersion),
    list: (tenantId, query) => shared.list(tenantId, query),
    seek: (tenantId, query) => shared.seek(tenantId, query),
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
      const rows = await db
        .deleteFrom("user_roles")
        .where("tenant_id", "=", tenantId)
        .where("user_id", "=", userId)
        .where("source", "=", "manual")
        .returning("role_id")
        .execute();
      return rows.map((r) => r.role_id);
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
      return { items: await shared.hydrate(tenantId, page.rows), more: page.more };
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
    async reachedRoles(tenantId, userId) {
      // Each step keeps (role, depth, the role above): one row per way of reaching a role at a
      // depth, not per path, so a diamond of nestings costs its edges, not its paths.
      const rows = await sql<{ role_id: string; depth: number; via_id: string | null; display_name: string }>`
        with recursive reach(role_id, depth, via_id) as (
          select role_id, 0, cast(null as text) from user_roles where tenant_id = ${tenantId} and user_id = ${userId}
          union
          select c.child_id, r.depth + 1, r.role_id from reach r cross join role_children c
          where c.tenant_id = ${tenantId} and c.parent_id = r.role_id and r.depth < ${MAX_NESTING_DEPTH}
        ),
        shortest(role_id, depth) as (select role_id, min(depth) from reach group by role_id)
        select r.role_id, r.depth, min(${dialect.binary(sql.ref("r.via_id"))}) as via_id, ro.display_name
        from reach r
        join shortest s on s.role_id = r.role_id and s.depth = r.depth
        join roles ro on ro.tenant_id = ${tenantId} and ro.id = r.role_id
        group by r.role_id, r.depth, ro.display_name
        order by r.depth, ${dialect.binary(sql.ref("r.role_id"))}`.execute(db);
      return rows.rows.map((row) => ({
        id: row.role_id,
        displayName: row.display_name,
        depth: Number(row.depth),
        viaId: row.via_id,
      }));
    },
    async accessSnapshots(tenantId, userIds) {
      const result = new Map<string, { active: boolean; direct: Map<string, string>; indirect: Set<string> }>();
      for (const batch of chunks([...new Set(userIds)])) {
        // The users themselves (so that one without roles is found too), then their roles: depth 0
        // with its source, deeper ones through role_children as in `roles`.
        const rows = await preparedQuery<SnapshotRow>(
          db,
          dialect,
          snapshotSql(batch.length),
        )([tenantId, ...batch, tenantId, tenantId, ...batch]);
        for (const row of rows) {
          let entry = result.get(row.user_id);
          if (entry === undefined) {
            entry = { active: Number(row.active) === 1, direct: new Map(), indirect: new Set() };
            result.set(row.user_id, entry);
          }
          if (row.role_id === null) continue;
          if (row.source !== null) {
            entry.direct.set(row.role_id, row.source === "scim" ? `scim:${row.provider ?? ""}` : "manual");
          } else entry.indirect.add(row.role_id);
        }
      }
      return result;
    },
    async roles(tenantId, userIds) {
      const result = new Map<string, { direct: RoleRef[]; indirect: RoleRef[] }>();
      for (const id of userIds) result.set(id, { direct: [], indirect: [] });
      for (const batch of chunks([...new Set(userIds)])) {
        // As SQL text (every GET of a user and every page runs it): Kysely's building and
        // compiling of the template cost about as much as SQLite's answer for one user.
        const rows = await heldRolesQuery(batch.length)([tenantId, ...batch, tenantId, tenantId]);
        for (const row of rows) {
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
