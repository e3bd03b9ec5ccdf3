/**
 * The second schema step: server secrets (the key that signs RFC 9865 cursors), lower-cased
 * display columns for `members.display` / `groups.display` filters, and `active` written into
 * the stored SCIM attributes of users that never sent it (so that they read as before).
 */
import { type Kysely, type Migration, sql } from "kysely";

/** Rows read and rewritten per batch while backfilling, so memory stays flat on large tables. */
const BATCH = 500;

interface UserRow {
  tenant_id: string;
  id: string;
  display: string;
  active: number | boolean;
  scim: string | null;
}

interface RoleRow {
  tenant_id: string;
  id: string;
  display_name: string;
}

/**
 * `server_secrets` (`name`, `value`, `created_at`): values the server generates once and every
 * instance shares; `users.display_lower` and `roles.display_name_lower`: the display texts
 * lower-cased by JavaScript, as filter values are (SQLite's `lower()` folds ASCII only), with
 * an index each. Existing rows are backfilled in batches.
 */
export const protocolHardening: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable("server_secrets")
      .addColumn("name", "text", (c) => c.primaryKey())
      .addColumn("value", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .execute();

    await db.schema
      .alterTable("users")
      .addColumn("display_lower", "text", (c) => c.notNull().defaultTo(""))
      .execute();
    await db.schema
      .alterTable("roles")
      .addColumn("display_name_lower", "text", (c) => c.notNull().defaultTo(""))
      .execute();
    await backfillUsers(db as Kysely<{ users: UserRow & { display_lower: string } }>);
    await backfillRoles(db as Kysely<{ roles: RoleRow & { display_name_lower: string } }>);
    await db.schema.createIndex("users_display").on("users").columns(["tenant_id", "display_lower"]).execute();
    await db.schema.createIndex("roles_display").on("roles").columns(["tenant_id", "display_name_lower"]).execute();
  },
};

async function backfillUsers(db: Kysely<{ users: UserRow & { display_lower: string } }>) {
  let after: { tenant_id: string; id: string } | undefined;
  for (;;) {
    let query = db
      .selectFrom("users")
      .select(["tenant_id", "id", "display", "active", "scim"])
      .orderBy("tenant_id")
      .orderBy("id")
      .limit(BATCH);
    if (after !== undefined) {
      const { tenant_id, id } = after;
      query = query.where((eb) => eb(eb.refTuple("tenant_id", "id"), ">", eb.tuple(tenant_id, id)));
    }
    const rows = await query.execute();
    if (rows.length > 0) {
      const values = rows.map(
        (row) =>
          sql`(${row.tenant_id}, ${row.id}, ${row.display.toLowerCase()}, ${withActive(row.scim, Number(row.active) === 1)})`,
      );
      // One statement per batch (UPDATE … FROM runs on SQLite ≥ 3.33 and PostgreSQL alike).
      await sql`with v(tenant_id, id, display_lower, scim) as (values ${sql.join(values)})
        update users set display_lower = v.display_lower, scim = v.scim from v
        where users.tenant_id = v.tenant_id and users.id = v.id`.execute(db);
    }
    const last = rows.at(-1);
    if (last === undefined || rows.length < BATCH) return;
    after = last;
  }
}

/**
 * Before this step a user's resource always showed `active`, whether its provider had sent it
 * or not; now an unassigned `active` is absent (RFC 7644 §3.5.2.2). Users stored without it get
 * it, with their state, so that they read exactly as before.
 */
function withActive(scim: string | null, active: boolean): string | null {
  if (scim === null) return null;
  const attributes: unknown = JSON.parse(scim);
  if (typeof attributes !== "object" || attributes === null || Object.hasOwn(attributes, "active")) return scim;
  return JSON.stringify({ ...attributes, active });
}

async function backfillRoles(db: Kysely<{ roles: RoleRow & { display_name_lower: string } }>) {
  let after: { tenant_id: string; id: string } | undefined;
  for (;;) {
    let query = db
      .selectFrom("roles")
      .select(["tenant_id", "id", "display_name"])
      .orderBy("tenant_id")
      .orderBy("id")
      .limit(BATCH);
    if (after !== undefined) {
      const { tenant_id, id } = after;
      query = query.where((eb) => eb(eb.refTuple("tenant_id", "id"), ">", eb.tuple(tenant_id, id)));
    }
    const rows = await query.execute();
    if (rows.length > 0) {
      const values = rows.map((row) => sql`(${row.tenant_id}, ${row.id}, ${row.display_name.toLowerCase()})`);
      await sql`with v(tenant_id, id, display_name_lower) as (values ${sql.join(values)})
        update roles set display_name_lower = v.display_name_lower from v
        where roles.tenant_id = v.tenant_id and roles.id = v.id`.execute(db);
    }
    const last = rows.at(-1);
    if (last === undefined || rows.length < BATCH) return;
    after = last;
  }
}
