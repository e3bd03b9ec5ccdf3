/** The import's bulk writes and reads in SQL (SPEC §12): multi-row statements, batches of records. */
import { type Kysely, sql } from "kysely";
import type { ExternalId, RoleAssignment } from "../../domain/model.ts";
import type { BulkStore, ExternalIdHolder, IndexedRole, IndexedUser, StoredUser } from "../../domain/ports.ts";
import { RosterError } from "../../protocol/errors.ts";
import type {
  Database,
  ExternalIdTable,
  RoleChildTable,
  RoleTable,
  UserRoleTable,
  UserTable,
} from "./database-schema.ts";
import { chunks, externalIdRows, externalIdsByOwner, indexRows } from "./index-rows.ts";
import { insertRows, type MultiRowTable } from "./multi-row-insert.ts";
import { type OwnerKind, ROLE_ROWS, USER_ROWS } from "./owner-row-tables.ts";
import { listPlaceholders, preparedQuery, valuesPlaceholders } from "./prepared-query.ts";
import { toRow as roleRow } from "./role-queries.ts";
import type { SqlDialect } from "./sql-dialect.ts";
import { toRecord as userRecord, toRow as userRow } from "./user-queries.ts";

const USERS = USER_ROWS;
const ROLES = ROLE_ROWS;

const ASSIGNMENTS: MultiRowTable<UserRoleTable> = {
  table: "user_roles",
  columns: ["tenant_id", "user_id", "role_id", "source", "provider"],
  onConflict:
    "on conflict (tenant_id, user_id, role_id) do update set source = excluded.source, provider = excluded.provider",
};
const NESTINGS: MultiRowTable<RoleChildTable> = {
  table: "role_children",
  columns: ["tenant_id", "parent_id", "child_id"],
  onConflict: "on conflict do nothing",
};

/** An owner to write: its row, its external ids and its index entries. */
interface OwnerWrite {
  readonly row: UserTable | RoleTable;
  readonly externalIds: readonly ExternalId[];
  readonly index: IndexedUser["index"];
}

function assignmentOf(row: { role_id: string; source: string; provider: string | null }): RoleAssignment {
  return { roleId: row.role_id, source: row.source === "scim" ? "scim" : "manual", provider: row.provider };
}

/** The BulkStore over a Kysely database or transaction. */
export function bulkQueries(db: Kysely<Database>, dialect: SqlDialect): BulkStore {
  function taken(error: unknown, kind: OwnerKind): never {
    if (dialect.isUniqueViolation(error)) {
      throw new RosterError("uniqueness", `a ${kind.noun} of the import has an Id or external id already taken`, {
        cause: error,
      });
    }
    throw error;
  }

  let byStatement: Promise<unknown> | undefined;
  /**
   * PostgreSQL: from here to its commit, this transaction's owner and link counts move once per
   * statement, not once per row (migration 011: a million row updates of one counter row in one
   * transaction cost O(N²)). Runs once per BulkStore, which is made per transaction.
   */
  function countByStatement(): Promise<unknown> {
    if (dialect.name !== "postgres") return Promise.resolve();
    byStatement ??= sql`select set_config('roster.bulk_counts', 'on', true)`.execute(db);
    return byStatement;
  }

  async function writeChildren(tenantId: string, kind: OwnerKind, owners: readonly OwnerWrite[]): Promise<void> {
    const ids = owners.flatMap((o) => externalIdRows(tenantId, o.row.id, o.externalIds));
    await insertRows(db, dialect, kind.externalIds, ids);
    await insertRows(
      db,
      dialect,
      kind.index,
      owners.flatMap((o) => indexRows(tenantId, o.row.id, o.index)),
    );
  }

  async function insertOwners(tenantId: string, kind: OwnerKind, owners: readonly OwnerWrite[]): Promise<void> {
    if (owners.length === 0) return;
    await countByStatement();
    try {
      await insertRows(
        db,
        dialect,
        kind.owner as MultiRowTable<unknown>,
        owners.map((o) => o.row),
      );
      await writeChildren(tenantId, kind, owners);
    } catch (error) {
      taken(error, kind);
    }
  }

  /** Rewrites owners at their expected versions (one UPDATE each), then their children in batches. */
  async function updateOwners<Row extends UserTable | RoleTable>(
    tenantId: string,
    kind: OwnerKind,
    owners: readonly (OwnerWrite & { readonly row: Row; readonly expectedVersion: number })[],
    updateRow: (row: Row, expectedVersion: number) => Promise<bigint>,
  ): Promise<void> {
    if (owners.length === 0) return;
    await countByStatement();
    for (const owner of owners) {
      if (Number(await updateRow(owner.row, owner.expectedVersion)) !== 1) {
        throw new RosterError("conflict", `${kind.noun} ${owner.row.id} was changed by another request`);
      }
    }
    for (const batch of chunks(owners.map((o) => o.row.id))) {
      for (const table of [kind.externalIds.table, kind.index.table] as const) {
        await db
          .deleteFrom(table as "user_index")
          .where("tenant_id", "=", tenantId)
          .where("owner_id", "in", batch)
          .execute();
      }
    }
    try {
      await writeChildren(tenantId, kind, owners);
    } catch (error) {
      taken(error, kind);
    }
  }

  async function updateUserRow(row: UserTable, expectedVersion: number): Promise<bigint> {
    const { tenant_id, id, id_lower: _l, ...changes } = row;
    const result = await db
      .updateTable("users")
      .set(changes)
      .where("tenant_id", "=", tenant_id)
      .where("id", "=", id)
      .where("version", "=", expectedVersion)
      .executeTakeFirst();
    return result.numUpdatedRows;
  }

  async function updateRoleRow(row: RoleTable, expectedVersion: number): Promise<bigint> {
    const { tenant_id, id, ...changes } = row;
    const result = await db
      .updateTable("roles")
      .set(changes)
      .where("tenant_id", "=", tenant_id)
      .where("id", "=", id)
      .where("version", "=", expectedVersion)
      .executeTakeFirst();
    return result.numUpdatedRows;
  }

  const userWrite = (tenantId: string, { user, index }: IndexedUser) => ({
    row: userRow(tenantId, user),
    externalIds: user.externalIds,
    index,
    expectedVersion: user.version - 1,
  });
  const roleWrite = (tenantId: string, { role, normalizedName, index }: IndexedRole) => ({
    row: roleRow(tenantId, role, normalizedName),
    externalIds: role.externalIds,
    index,
    expectedVersion: role.version - 1,
  });

  return {
    insertUsers: (tenantId, users) =>
      insertOwners(
        tenantId,
        USERS,
        users.map((u) => userWrite(tenantId, u)),
      ),
    updateUsers: (tenantId, users) =>
      updateOwners(
        tenantId,
        USERS,
        users.map((u) => userWrite(tenantId, u)),
        updateUserRow,
      ),
    insertRoles: (tenantId, roles) =>
      insertOwners(
        tenantId,
        ROLES,
        roles.map((r) => roleWrite(tenantId, r)),
      ),
    updateRoles: (tenantId, roles) =>
      updateOwners(
        tenantId,
        ROLES,
        roles.map((r) => roleWrite(tenantId, r)),
        updateRoleRow,
      ),
    async assign(tenantId, rows) {
      await insertRows(
        db,
        dialect,
        ASSIGNMENTS,
        rows.map(({ userId, assignment }) => ({
          tenant_id: tenantId,
          user_id: userId,
          role_id: assignment.roleId,
          source: assignment.source,
          provider: assignment.provider,
        })),
      );
    },
    async nest(tenantId, nestings) {
      await insertRows(
        db,
        dialect,
        NESTINGS,
        nestings.map((n) => ({ tenant_id: tenantId, parent_id: n.parentId, child_id: n.childId })),
      );
    },
    async usersByIds(tenantId, ids) {
      const result = new Map<string, StoredUser>();
      for (const batch of chunks([...new Set(ids.map((id) => id.toLowerCase()))])) {
        // Each Id drives a probe of (tenant_id, id_lower): the CROSS JOIN fixes that order on
        // SQLite, whose planner scanned the users for `id_lower in (…)` with statistics from
        // when the tenant was small.
        const rows = await preparedQuery<UserTable>(
          db,
          dialect,
          `with wanted(id_lower) as (values ${valuesPlaceholders(batch.length, 1)})
           select u.* from wanted w cross join users u where u.tenant_id = ? and u.id_lower = w.id_lower`,
        )([...batch, tenantId]);
        if (rows.length === 0) continue;
        const owners = rows.map((row) => row.id);
        // In the primary key's order: ordered by provider alone, SQLite walked the tenant's
        // external ids on (tenant, provider, value) instead of probing 500 owners (issue 11).
        const idRows = await preparedQuery<ExternalIdTable>(
          db,
          dialect,
          `select * from user_external_ids where tenant_id = ? and owner_id in (${listPlaceholders(owners.length)}) order by owner_id, provider`,
        )([tenantId, ...owners]);
        const assignments = await db
          .selectFrom("user_roles")
          .select(["user_id", "role_id", "source", "provider"])
          .where("tenant_id", "=", tenantId)
          .where("user_id", "in", owners)
          .orderBy("user_id")
          .orderBy("role_id")
          .execute();
        const byOwner = externalIdsByOwner(idRows);
        const rolesByUser = new Map<string, RoleAssignment[]>();
        for (const row of assignments) {
          const list = rolesByUser.get(row.user_id) ?? [];
          list.push(assignmentOf(row));
          rolesByUser.set(row.user_id, list);
        }
        for (const row of rows) {
          result.set(row.id_lower, {
            user: userRecord(row, byOwner.get(row.id) ?? []),
            roles: rolesByUser.get(row.id) ?? [],
          });
        }
      }
      return result;
    },
    async userExternalIdHolders(tenantId, ids) {
      const byProvider = new Map<string, Set<string>>();
      for (const id of ids) {
        const provider = id.provider.toLowerCase();
        const values = byProvider.get(provider) ?? new Set<string>();
        values.add(id.value.toLowerCase());
        byProvider.set(provider, values);
      }
      const holders: ExternalIdHolder[] = [];
      for (const [provider, values] of byProvider) {
        // One probe of the (tenant, provider, value_lower) index per value, in batches.
        for (const batch of chunks([...values])) {
          const rows = await db
            .selectFrom("user_external_ids")
            .select(["owner_id", "provider", "value"])
            .where("tenant_id", "=", tenantId)
            .where("provider", "=", provider)
            .where("value_lower", "in", batch)
            .execute();
          for (const row of rows) holders.push({ provider: row.provider, value: row.value, ownerId: row.owner_id });
        }
      }
      return holders;
    },
    async nestings(tenantId) {
      const rows = await db
        .selectFrom("role_children")
        .select(["parent_id", "child_id"])
        .where("tenant_id", "=", tenantId)
        .execute();
      return rows.map((row) => ({ parentId: row.parent_id, childId: row.child_id }));
    },
    async counts(tenantId) {
      const count = async (table: "users" | "roles") => {
        const row = await sql<{
          n: number | string;
        }>`select count(*) as n from ${sql.table(table)} where tenant_id = ${tenantId}`.execute(db);
        return Number(row.rows[0]?.n ?? 0);
      };
      return { users: await count("users"), roles: await count("roles") };
    },
  };
}
