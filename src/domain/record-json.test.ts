import { describe, expect, it } from "vitest";
import type { RoleRecord, UserRecord } from "./model.ts";
import { accessJson, roleJson, userJson } from "./record-json.ts";

const user: UserRecord = {
  id: "pat@x.io",
  email: "pat@x.io",
  firstName: "Pat",
  lastName: null,
  phone: "+1 555 0100",
  b2cId: "0f3c-oid",
  externalIds: [
    { provider: "Okta", value: "pat@corp" },
    { provider: "EntraID", value: "pat@tenant.onmicrosoft.com" },
  ],
  active: true,
  scim: { userName: "pat@corp" },
  scimProvider: "Okta",
  createdAt: "2026-03-01T00:00:00.000Z",
  modifiedAt: "2026-03-02T00:00:00.000Z",
  version: 3,
};

const role: RoleRecord = {
  id: "regionalmanager",
  displayName: "Regional Manager",
  externalIds: [{ provider: "EntraID", value: "g-1" }],
  roleType: "Group",
  scim: null,
  scimProvider: null,
  createdAt: "2026-03-01T00:00:00.000Z",
  modifiedAt: "2026-03-01T00:00:00.000Z",
  version: 1,
};

describe("the record shapes of SPEC §9 (API, CLI --json, export)", () => {
  it("maps a user to exactly the §9 keys, in order, with nulls kept and no SCIM fields", () => {
    const json = userJson({
      user,
      roles: [
        { roleId: "regionalmanager", source: "scim", provider: "EntraID" },
        { roleId: "rolea", source: "manual", provider: null },
      ],
    });
    expect(Object.keys(json)).toEqual([
      "Id",
      "Email",
      "FirstName",
      "LastName",
      "Phone",
      "B2CId",
      "ExternalIds",
      "Roles",
      "RoleSources",
      "Active",
      "CreatedAt",
      "UpdatedAt",
    ]);
    expect(json).toEqual({
      Id: "pat@x.io",
      Email: "pat@x.io",
      FirstName: "Pat",
      LastName: null,
      Phone: "+1 555 0100",
      B2CId: "0f3c-oid",
      ExternalIds: [
        { Provider: "Okta", Value: "pat@corp" },
        { Provider: "EntraID", Value: "pat@tenant.onmicrosoft.com" },
      ],
      Roles: ["regionalmanager", "rolea"],
      RoleSources: { regionalmanager: "scim:EntraID", rolea: "manual" },
      Active: true,
      CreatedAt: "2026-03-01T00:00:00.000Z",
      UpdatedAt: "2026-03-02T00:00:00.000Z",
    });
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });

  it("maps access to role Ids, direct and indirect apart", () => {
    const access = {
      active: true,
      direct: [{ id: "regionalmanager", displayName: "Regional Manager" }],
      indirect: [
        { id: "salesteam", displayName: "Sales Team" },
        { id: "storemanager", displayName: "Store Manager" },
      ],
    };
    expect(accessJson(access)).toEqual({
      Active: true,
      Direct: ["regionalmanager"],
      Indirect: ["salesteam", "storemanager"],
    });
  });

  it("maps an inactive user's access to no roles", () => {
    expect(accessJson({ active: false, direct: [], indirect: [] })).toEqual({
      Active: false,
      Direct: [],
      Indirect: [],
    });
  });

  it("maps a role to exactly the §9 keys, in order, with its child role Ids", () => {
    const json = roleJson({ role, children: ["salesteam", "storemanager"] });
    expect(Object.keys(json)).toEqual([
      "Id",
      "DisplayName",
      "ExternalIds",
      "RoleType",
      "Roles",
      "CreatedAt",
      "UpdatedAt",
    ]);
    expect(json).toEqual({
      Id: "regionalmanager",
      DisplayName: "Regional Manager",
      ExternalIds: [{ Provider: "EntraID", Value: "g-1" }],
      RoleType: "Group",
      Roles: ["salesteam", "storemanager"],
      CreatedAt: "2026-03-01T00:00:00.000Z",
      UpdatedAt: "2026-03-01T00:00:00.000Z",
    });
  });
});
