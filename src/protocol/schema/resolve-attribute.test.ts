import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { AttrPath } from "../filter/filter-ast.ts";
import { ID_ATTRIBUTE } from "./common-attributes.ts";
import { ENTERPRISE_USER_SCHEMA } from "./enterprise-user-schema.ts";
import { findAttribute, resolveAttribute, resolveSubAttribute, schemaOf, schemasFor } from "./resolve-attribute.ts";
import type { ResourceTypeName } from "./schema-types.ts";
import { USER_SCHEMA } from "./user-schema.ts";

interface Row {
  readonly resourceType: ResourceTypeName;
  readonly path: { readonly uri?: string; readonly name: string; readonly subAttr?: string };
  readonly canonicalPath: string | null;
}

const rows = JSON.parse(readFileSync(new URL("./resolve-attribute.fixture.json", import.meta.url), "utf8")) as Row[];

function path(row: Row): AttrPath {
  return { uri: row.path.uri, name: row.path.name, subAttr: row.path.subAttr };
}

describe("resolveAttribute", () => {
  it.each(rows.map((row) => [`${row.resourceType} ${JSON.stringify(row.path)}`, row] as const))(
    "resolves %s",
    (_, row) => {
      expect(resolveAttribute(row.resourceType, path(row))?.canonicalPath ?? null).toBe(row.canonicalPath);
    },
  );

  it("reports the schema, attribute and sub-attribute it resolved", () => {
    const resolved = resolveAttribute("User", { uri: undefined, name: "emails", subAttr: "type" });
    expect(resolved?.schema).toBe(USER_SCHEMA);
    expect(resolved?.attribute.name).toBe("emails");
    expect(resolved?.subAttribute?.canonicalValues).toEqual(["work", "home", "other"]);
  });

  it("gives common attributes the core schema", () => {
    const resolved = resolveAttribute("User", { uri: undefined, name: "id", subAttr: undefined });
    expect(resolved?.schema).toBe(USER_SCHEMA);
    expect(resolved?.attribute).toBe(ID_ATTRIBUTE);
    expect(resolved?.subAttribute).toBeUndefined();
  });

  it("gives extension attributes their extension schema", () => {
    const resolved = resolveAttribute("User", { uri: undefined, name: "department", subAttr: undefined });
    expect(resolved?.schema).toBe(ENTERPRISE_USER_SCHEMA);
  });
});

describe("resolveSubAttribute", () => {
  it("resolves a sub-attribute case-insensitively", () => {
    const emails = resolveAttribute("User", { uri: undefined, name: "emails", subAttr: undefined });
    expect(emails && resolveSubAttribute(emails, "PRIMARY")?.canonicalPath).toBe("emails.primary");
  });

  it("extends extension paths with a dot", () => {
    const manager = resolveAttribute("User", { uri: ENTERPRISE_USER_SCHEMA.id, name: "manager", subAttr: undefined });
    expect(manager && resolveSubAttribute(manager, "displayname")?.canonicalPath).toBe(
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.displayName",
    );
  });

  it("refuses a sub-attribute of a sub-attribute, or of a simple attribute", () => {
    const value = resolveAttribute("User", { uri: undefined, name: "emails", subAttr: "value" });
    const userName = resolveAttribute("User", { uri: undefined, name: "userName", subAttr: undefined });
    expect(value && resolveSubAttribute(value, "value")).toBeUndefined();
    expect(userName && resolveSubAttribute(userName, "value")).toBeUndefined();
  });
});

describe("schema lookups", () => {
  it("finds schemas of a resource type by URN, case-insensitively", () => {
    expect(schemaOf("User", ENTERPRISE_USER_SCHEMA.id.toUpperCase())).toBe(ENTERPRISE_USER_SCHEMA);
    expect(schemaOf("Group", ENTERPRISE_USER_SCHEMA.id)).toBeUndefined();
    expect(schemasFor("User")[0]).toBe(USER_SCHEMA);
  });

  it("finds attributes case-insensitively", () => {
    expect(findAttribute(USER_SCHEMA.attributes, "PHONENUMBERS")?.name).toBe("phoneNumbers");
    expect(findAttribute(undefined, "x")).toBeUndefined();
  });
});
