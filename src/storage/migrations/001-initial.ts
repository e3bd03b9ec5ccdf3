/** The first schema: tenants, users, roles, their external ids, search index, assignments and nesting. */
import type { Kysely, Migration } from "kysely";

function externalIdTable(db: Kysely<unknown>, table: string, owner: string) {
  return db.schema
    .createTable(table)
    .addColumn("tenant_id", "text", (c) => c.notNull())
    .addColumn("owner_id", "text", (c) => c.notNull())
    .addColumn("provider", "text", (c) => c.notNull())
    .addColumn("provider_name", "text", (c) => c.notNull())
    .addColumn("value", "text", (c) => c.notNull())
    .addColumn("value_lower", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint(`${table}_pk`, ["tenant_id", "owner_id", "provider"])
    .addForeignKeyConstraint(`${table}_owner_fk`, ["tenant_id", "owner_id"], owner, ["tenant_id", "id"], (c) =>
      c.onDelete("cascade"),
    );
}

function indexTable(db: Kysely<unknown>, table: string, owner: string) {
  return db.schema
    .createTable(table)
    .addColumn("tenant_id", "text", (c) => c.notNull())
    .addColumn("owner_id", "text", (c) => c.notNull())
    .addColumn("path", "text", (c) => c.notNull())
    .addColumn("element", "integer", (c) => c.notNull())
    .addColumn("value", "text", (c) => c.notNull())
    .addColumn("value_lower", "text", (c) => c.notNull())
    .addColumn("value_key", "text", (c) => c.notNull())
    .addColumn("value_num", "double precision")
    .addForeignKeyConstraint(`${table}_owner_fk`, ["tenant_id", "owner_id"], owner, ["tenant_id", "id"], (c) =>
      c.onDelete("cascade"),
    );
}

/** Creates every table and index of Roster's first schema. */
export const initial: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable("tenants")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("created_at", "text", (c) => c.notNull())
      .execute();
    await db.schema
      .createTable("tenant_settings")
      .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("value", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("tenant_settings_pk", ["tenant_id", "name"])
      .execute();

    await db.schema
      .createTable("users")
      .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
      .addColumn("id", "text", (c) => c.notNull())
      .addColumn("id_lower", "text", (c) => c.notNull())
      .addColumn("email", "text")
      .addColumn("email_lower", "text")
      .addColumn("first_name", "text")
      .addColumn("last_name", "text")
      .addColumn("phone", "text")
      .addColumn("b2c_id", "text")
      .addColumn("display", "text", (c) => c.notNull())
      .addColumn("active", "integer", (c) => c.notNull())
      .addColumn("scim", "text")
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("modified_at", "text", (c) => c.notNull())
      .addColumn("version", "integer", (c) => c.notNull())
      .addPrimaryKeyConstraint("users_pk", ["tenant_id", "id"])
      .execute();
    await db.schema.createIndex("users_id_lower").unique().on("users").columns(["tenant_id", "id_lower"]).execute();
    await db.schema.createIndex("users_email").on("users").columns(["tenant_id", "email_lower"]).execute();
    await db.schema.createIndex("users_b2c_id").on("users").columns(["tenant_id", "b2c_id"]).execute();
    await db.schema.createIndex("users_created").on("users").columns(["tenant_id", "created_at", "id"]).execute();

    await externalIdTable(db, "user_external_ids", "users").execute();
    await db.schema
      .createIndex("user_external_ids_value")
      .unique()
      .on("user_external_ids")
      .columns(["tenant_id", "provider", "value_lower"])
      .execute();
    await indexTable(db, "user_index", "users").execute();
    await db.schema
      .createIndex("user_index_lookup")
      .on("user_index")
      .columns(["tenant_id", "path", "value_key"])
      .execute();
    await db.schema
      .createIndex("user_index_owner")
      .on("user_index")
      .columns(["tenant_id", "owner_id", "path"])
      .execute();

    await db.schema
      .createTable("roles")
      .addColumn("tenant_id", "text", (c) => c.notNull().references("tenants.id").onDelete("cascade"))
      .addColumn("id", "text", (c) => c.notNull())
      .addColumn("display_name", "text", (c) => c.notNull())
      .addColumn("name_norm", "text", (c) => c.notNull())
      .addColumn("role_type", "text", (c) => c.notNull())
      .addColumn("scim", "text")
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("modified_at", "text", (c) => c.notNull())
      .addColumn("version", "integer", (c) => c.notNull())
      .addPrimaryKeyConstraint("roles_pk", ["tenant_id", "id"])
      .execute();
    await db.schema.createIndex("roles_name").on("roles").columns(["tenant_id", "name_norm"]).execute();
    await db.schema.createIndex("roles_created").on("roles").columns(["tenant_id", "created_at", "id"]).execute();

    await externalIdTable(db, "role_external_ids", "roles").execute();
    await db.schema
      .createIndex("role_external_ids_value")
      .unique()
      .on("role_external_ids")
      .columns(["tenant_id", "provider", "value"])
      .execute();
    await indexTable(db, "role_index", "roles").execute();
    await db.schema
      .createIndex("role_index_lookup")
      .on("role_index")
      .columns(["tenant_id", "path", "value_key"])
      .execute();
    await db.schema
      .createIndex("role_index_owner")
      .on("role_index")
      .columns(["tenant_id", "owner_id", "path"])
      .execute();

    await db.schema
      .createTable("user_roles")
      .addColumn("tenant_id", "text", (c) => c.notNull())
      .addColumn("user_id", "text", (c) => c.notNull())
      .addColumn("role_id", "text", (c) => c.notNull())
      .addColumn("source", "text", (c) => c.notNull())
      .addColumn("provider", "text")
      .addPrimaryKeyConstraint("user_roles_pk", ["tenant_id", "user_id", "role_id"])
      .addForeignKeyConstraint("user_roles_user_fk", ["tenant_id", "user_id"], "users", ["tenant_id", "id"], (c) =>
        c.onDelete("cascade"),
      )
      .addForeignKeyConstraint("user_roles_role_fk", ["tenant_id", "role_id"], "roles", ["tenant_id", "id"], (c) =>
        c.onDelete("cascade"),
      )
      .execute();
    await db.schema
      .createIndex("user_roles_role")
      .on("user_roles")
      .columns(["tenant_id", "role_id", "user_id"])
      .execute();

    await db.schema
      .createTable("role_children")
      .addColumn("tenant_id", "text", (c) => c.notNull())
      .addColumn("parent_id", "text", (c) => c.notNull())
      .addColumn("child_id", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("role_children_pk", ["tenant_id", "parent_id", "child_id"])
      .addForeignKeyConstraint(
        "role_children_parent_fk",
        ["tenant_id", "parent_id"],
        "roles",
        ["tenant_id", "id"],
        (c) => c.onDelete("cascade"),
      )
      .addForeignKeyConstraint("role_children_child_fk", ["tenant_id", "child_id"], "roles", ["tenant_id", "id"], (c) =>
        c.onDelete("cascade"),
      )
      .execute();
    await db.schema
      .createIndex("role_children_child")
      .on("role_children")
      .columns(["tenant_id", "child_id", "parent_id"])
      .execute();
  },
};
