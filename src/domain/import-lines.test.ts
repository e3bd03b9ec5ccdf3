import { describe, expect, it } from "vitest";
import { URN } from "../protocol/resource/scim-object.ts";
import { parseDocumentLine } from "./import-lines.ts";

const HEADER = {
  Format: "roster-export",
  Version: 1,
  Tenant: "acme",
  ExportedAt: "2026-03-01T00:00:00.000Z",
  Counts: { Users: 1, Roles: 1 },
};
const ROLE = {
  Kind: "Role",
  Id: "salesteam",
  DisplayName: "Sales Team",
  ExternalIds: [{ Provider: "EntraID", Value: "g-1" }],
  RoleType: "Group",
  Roles: ["storemanager"],
  CreatedAt: "2026-03-01T00:00:00.000Z",
  UpdatedAt: "2026-03-01T00:00:01.000Z",
  Scim: { EntraID: {} },
};
const USER = {
  Kind: "User",
  Id: "pat@acme.example",
  Email: "pat@acme.example",
  FirstName: "Pat",
  LastName: null,
  Phone: "+47 5555",
  B2CId: null,
  ExternalIds: [{ Provider: "Okta", Value: "pat" }],
  Roles: ["salesteam", "storemanager"],
  RoleSources: { salesteam: "scim:Okta", storemanager: "manual" },
  Active: false,
  CreatedAt: "2026-03-01T00:00:00.000Z",
  UpdatedAt: "2026-03-01T00:00:00.000Z",
};

function parse(value: unknown, header = false) {
  return parseDocumentLine(JSON.stringify(value), header);
}

function refusal(value: unknown, header = false): string {
  const result = parse(value, header);
  if (result.ok) throw new Error("accepted");
  expect(result.error.code).toBe("invalidValue");
  return result.error.message;
}

describe("the header", () => {
  it("reads Format, Version, Tenant, ExportedAt and Counts", () => {
    expect(parse(HEADER, true)).toEqual({ ok: true, value: { kind: "header", header: HEADER } });
  });

  it.each([
    [{ ...HEADER, Format: "csv-export" }, /^not a Roster export: Format must be "roster-export"/],
    [{ Version: 1 }, /^not a Roster export/],
    [{ ...HEADER, Version: 2 }, /^Version 2 is not one this Roster reads \(it reads Version 1\)/],
    [{ ...HEADER, Version: "1" }, /^Version the string "1" is not one/],
    [{ ...HEADER, Counts: { Users: -1, Roles: 0 } }, /^Counts.Users must be a whole number/],
    [{ ...HEADER, Counts: { Users: 1 } }, /^Counts.Roles must be a whole number/],
    [{ ...HEADER, ExportedAt: "yesterday" }, /^ExportedAt must be an ISO 8601 date-time/],
    [{ ...HEADER, Extra: 1 }, /^unknown field "Extra"/],
    [{ ...USER }, /^the first line must be the header/],
  ])("refuses %j", (value, message) => {
    expect(refusal(value, true)).toMatch(message);
  });

  it("says so when given the json format instead of ndjson", () => {
    const firstLine = `${JSON.stringify(HEADER).slice(0, -1)},"Items":[`;
    const result = parseDocumentLine(firstLine, true);
    expect(!result.ok && result.error.message).toMatch(/^this is a json export: the import reads the ndjson format/);
  });
});

describe("a role line", () => {
  it("reads every field", () => {
    expect(parse(ROLE)).toEqual({
      ok: true,
      value: {
        kind: "Role",
        role: {
          id: "salesteam",
          displayName: "Sales Team",
          externalIds: [{ provider: "EntraID", value: "g-1" }],
          roleType: "Group",
          children: ["storemanager"],
          scim: { provider: "EntraID", resource: {} },
          createdAt: "2026-03-01T00:00:00.000Z",
          updatedAt: "2026-03-01T00:00:01.000Z",
        },
      },
    });
  });

  it("leaves out what the line leaves out", () => {
    const result = parse({ Kind: "Role", Id: "ops", DisplayName: "Ops" });
    expect(result.ok && result.value).toEqual({
      kind: "Role",
      role: {
        id: "ops",
        displayName: "Ops",
        externalIds: undefined,
        roleType: undefined,
        children: undefined,
        scim: undefined,
        createdAt: undefined,
        updatedAt: undefined,
      },
    });
  });

  it.each([
    [{ ...ROLE, Id: "" }, /^Id must be a non-empty string/],
    [{ ...ROLE, Id: 7 }, /^Id must be a non-empty string, got 7/],
    [{ ...ROLE, DisplayName: "   " }, /^DisplayName must not be blank/],
    [{ ...ROLE, Roles: ["a", "a"] }, /^Roles\[1\] names role "a" twice/],
    [{ ...ROLE, Roles: ["salesteam"] }, /^Roles\[0\]: role "salesteam" cannot contain itself/],
    [
      {
        ...ROLE,
        ExternalIds: [
          { Provider: "Okta", Value: "1" },
          { Provider: "okta", Value: "2" },
        ],
      },
      /appears twice/,
    ],
    [
      { ...ROLE, ExternalIds: [{ Provider: "Ok ta", Value: "1" }] },
      /^ExternalIds\[0\].Provider must be a provider name/,
    ],
    [{ ...ROLE, ExternalIds: [{ Provider: "Okta" }] }, /^ExternalIds\[0\].Value must be a non-empty string/],
    [{ ...ROLE, Scim: { EntraID: {}, Okta: {} } }, /^Scim must hold exactly one provider/],
    [{ ...ROLE, Scim: { EntraID: { members: [] } } }, /^Scim.EntraID must not hold "members"/],
    [{ ...ROLE, CreatedAt: "2026-03-01" }, /^CreatedAt must be an ISO 8601 date-time/],
    [{ ...ROLE, Colour: "red" }, /^unknown field "Colour"/],
    [{ ...ROLE, Kind: "Group" }, /^Kind must be "Role" or "User"/],
    [{ ...ROLE, Id: "x\ud800" }, /^Id is not valid Unicode text/],
  ])("refuses %j", (value, message) => {
    expect(refusal(value)).toMatch(message);
  });
});

describe("a user line", () => {
  it("reads every field, with each role's source", () => {
    const result = parse(USER);
    expect(result.ok && result.value).toMatchObject({
      kind: "User",
      user: {
        id: "pat@acme.example",
        email: "pat@acme.example",
        firstName: "Pat",
        lastName: null,
        phone: "+47 5555",
        b2cId: null,
        externalIds: [{ provider: "Okta", value: "pat" }],
        roles: [
          { roleId: "salesteam", source: "scim", provider: "Okta" },
          { roleId: "storemanager", source: "manual", provider: null },
        ],
        active: false,
        scim: undefined,
      },
    });
  });

  it("reads roles without RoleSources as granted by hand", () => {
    const result = parse({ Kind: "User", Id: "a@x.io", Roles: ["ops"] });
    expect(result.ok && result.value.kind === "User" && result.value.user.roles).toEqual([
      { roleId: "ops", source: "manual", provider: null },
    ]);
  });

  it("keeps an identity provider's email as it sent it, but needs an address for a user made by hand", () => {
    const scim = { userName: "kiosk", emails: [{ value: "kiosk-7", type: "work", primary: true }], active: true };
    expect(parse({ ...USER, Email: "kiosk-7", Scim: { Okta: scim } }).ok).toBe(true);
    expect(refusal({ ...USER, Email: "kiosk-7" })).toBe('Email "kiosk-7" is not an email address');
    expect(refusal({ ...USER, Email: " pat@acme.example" })).toMatch(/surrounding white space/);
  });

  it("accepts the SCIM attributes Roster stores, extension included", () => {
    const scim = {
      userName: "pat",
      name: { givenName: "Pat" },
      emails: [{ value: "pat@acme.example", type: "work", primary: true }],
      [URN.enterpriseUser]: { department: "Sales", manager: { value: "boss@acme.example" } },
      active: false,
      "urn:example:custom": "kept as received",
    };
    const result = parse({ ...USER, Scim: { Okta: scim } });
    expect(result.ok && result.value.kind === "User" && result.value.user.scim).toEqual({
      provider: "Okta",
      resource: scim,
    });
  });

  it.each([
    [{ ...USER, Active: "yes" }, /^Active must be true or false/],
    [
      { ...USER, RoleSources: { salesteam: "manual", ops: "manual" } },
      /^RoleSources names role "ops" that Roles does not list/,
    ],
    [{ ...USER, RoleSources: { salesteam: "ldap" } }, /^RoleSources.salesteam must be "manual" or "scim:<provider>"/],
    [{ ...USER, RoleSources: { salesteam: "scim:" } }, /provider of RoleSources.salesteam must be a provider name/],
    [{ Kind: "User", Id: "a@x.io", RoleSources: {} }, /^RoleSources needs Roles/],
    [{ ...USER, Scim: { Okta: { UserName: "pat" } } }, /^Scim.Okta is not SCIM attributes as Roster stores them/],
    [{ ...USER, Scim: { Okta: { userName: 42 } } }, /^Scim.Okta: /],
    [{ ...USER, Scim: { Okta: { id: "x" } } }, /^Scim.Okta must not hold "id"/],
    [{ ...USER, Scim: { Okta: "x" } }, /^Scim.Okta must be an object/],
    [{ ...USER, FirstName: "" }, /^FirstName must be a non-empty string/],
    [{ ...USER, Phone: "x".repeat(2049) }, /^Phone is longer than 2048 characters/],
    [{ ...USER, Id: "x".repeat(301) }, /^Id is longer than 300 characters/],
  ])("refuses %j", (value, message) => {
    expect(refusal(value)).toMatch(message);
  });
});

describe("any line", () => {
  it.each([
    ["not json", /^not a JSON value/],
    ["[1,2]", /^a line must be a JSON object, got an array/],
    ['{"__proto__":{"x":1},"Kind":"User","Id":"a"}', /^field "__proto__" is not allowed/],
    [JSON.stringify(HEADER), /^a second header/],
  ])("refuses %j", (text, message) => {
    const result = parseDocumentLine(text, false);
    expect(!result.ok && result.error.message).toMatch(message);
  });
});
