import { describe, expect, it } from "vitest";
import type { ImportedRole, ImportedUser } from "./import-lines.ts";
import { mergeExternalIds, mergeRole, mergeUser, newRole, newUser } from "./import-records.ts";
import type { RoleRecord, UserRecord } from "./model.ts";

const NOW = "2026-06-01T00:00:00.000Z";
const THEN = "2026-01-01T00:00:00.000Z";

const storedUser: UserRecord = {
  id: "Pat@acme.example",
  email: "pat@acme.example",
  firstName: "Pat",
  lastName: "Smith",
  phone: "+1",
  b2cId: "oid-1",
  externalIds: [
    { provider: "EntraID", value: "pat@corp" },
    { provider: "Okta", value: "pat" },
  ],
  active: true,
  scim: { userName: "pat@corp", active: true },
  scimProvider: "EntraID",
  createdAt: THEN,
  modifiedAt: THEN,
  version: 4,
};

const line = (fields: Partial<ImportedUser>): ImportedUser => ({
  id: "pat@acme.example",
  email: undefined,
  firstName: undefined,
  lastName: undefined,
  phone: undefined,
  b2cId: undefined,
  externalIds: undefined,
  roles: undefined,
  active: undefined,
  scim: undefined,
  createdAt: undefined,
  updatedAt: undefined,
  ...fields,
});

describe("mergeUser", () => {
  const stored = { user: storedUser, roles: [{ roleId: "ops", source: "manual" as const, provider: null }] };

  it("changes nothing for a line that carries only what is stored", () => {
    const merged = mergeUser(
      stored,
      line({ firstName: "Pat", roles: [{ roleId: "ops", source: "manual", provider: null }] }),
      NOW,
    );
    expect(merged).toEqual({ record: storedUser, changed: false, assignments: [] });
  });

  it("lets the line win for the fields it carries (null included) and keeps the others", () => {
    const merged = mergeUser(stored, line({ lastName: null, phone: "+47", active: false }), NOW);
    expect(merged.changed).toBe(true);
    expect(merged.record).toEqual({
      ...storedUser,
      lastName: null,
      phone: "+47",
      active: false,
      modifiedAt: NOW,
      version: 5,
    });
  });

  it("sets the line's external id per provider and keeps every other provider's", () => {
    const merged = mergeUser(
      stored,
      line({
        externalIds: [
          { provider: "okta", value: "pat.smith" },
          { provider: "OneLogin", value: "p" },
        ],
      }),
      NOW,
    );
    expect(merged.record.externalIds).toEqual([
      { provider: "EntraID", value: "pat@corp" },
      { provider: "okta", value: "pat.smith" },
      { provider: "OneLogin", value: "p" },
    ]);
  });

  it("adds roles and sets sources, keeping roles the line does not name", () => {
    const merged = mergeUser(
      stored,
      line({
        roles: [
          { roleId: "ops", source: "scim", provider: "Okta" },
          { roleId: "sales", source: "manual", provider: null },
        ],
      }),
      NOW,
    );
    expect(merged.changed).toBe(true);
    expect(merged.assignments).toEqual([
      { roleId: "ops", source: "scim", provider: "Okta" },
      { roleId: "sales", source: "manual", provider: null },
    ]);
  });

  it("replaces the SCIM attributes only when the line carries them", () => {
    expect(mergeUser(stored, line({}), NOW).record.scim).toEqual(storedUser.scim);
    const merged = mergeUser(stored, line({ scim: { provider: "Okta", resource: { userName: "pat" } } }), NOW);
    expect(merged.record).toMatchObject({ scim: { userName: "pat" }, scimProvider: "Okta" });
  });
});

describe("mergeRole", () => {
  const role: RoleRecord = {
    id: "ops",
    displayName: "Ops",
    externalIds: [{ provider: "EntraID", value: "g-1" }],
    roleType: "Group",
    scim: {},
    scimProvider: "EntraID",
    createdAt: THEN,
    modifiedAt: THEN,
    version: 2,
  };
  const roleLine = (fields: Partial<ImportedRole>): ImportedRole => ({
    id: "ops",
    displayName: "Ops",
    externalIds: undefined,
    roleType: undefined,
    children: undefined,
    scim: undefined,
    createdAt: undefined,
    updatedAt: undefined,
    ...fields,
  });

  it("adds contained roles and keeps those it has", () => {
    const merged = mergeRole(role, ["a"], roleLine({ children: ["a", "b"] }), NOW);
    expect(merged).toMatchObject({
      changed: true,
      addedChildren: ["b"],
      record: { version: 3, modifiedAt: NOW, createdAt: THEN },
    });
    expect(mergeRole(role, ["a", "b"], roleLine({ children: ["a"] }), NOW)).toEqual({
      record: role,
      changed: false,
      addedChildren: [],
    });
  });

  it("renames, and keeps the role type when the line has none", () => {
    const merged = mergeRole(role, [], roleLine({ displayName: "Operations" }), NOW);
    expect(merged.record).toMatchObject({ displayName: "Operations", roleType: "Group" });
  });
});

describe("new records", () => {
  it("take the line's timestamps, else the import's time, and the defaults of a record made by hand", () => {
    expect(newUser(line({ createdAt: THEN }), NOW)).toEqual({
      id: "pat@acme.example",
      email: null,
      firstName: null,
      lastName: null,
      phone: null,
      b2cId: null,
      externalIds: [],
      active: true,
      scim: null,
      scimProvider: null,
      createdAt: THEN,
      modifiedAt: THEN,
      version: 1,
    });
    const made = newRole(
      {
        id: "x",
        displayName: "X",
        externalIds: undefined,
        roleType: undefined,
        children: undefined,
        scim: { provider: "Okta", resource: {} },
        createdAt: undefined,
        updatedAt: undefined,
      },
      NOW,
    );
    expect(made).toMatchObject({ roleType: "Group", createdAt: NOW, modifiedAt: NOW, scimProvider: "Okta" });
  });

  it("merges external ids by provider, case-insensitively", () => {
    expect(mergeExternalIds([{ provider: "Okta", value: "a" }], undefined)).toEqual([{ provider: "Okta", value: "a" }]);
    expect(mergeExternalIds([{ provider: "Okta", value: "a" }], [{ provider: "OKTA", value: "b" }])).toEqual([
      { provider: "OKTA", value: "b" },
    ]);
  });
});
