import { describe, expect, it } from "vitest";
import { CSV_HEAD, csvCell, csvRow } from "./export-csv.ts";
import type { UserRecord } from "./model.ts";

describe("csvCell", () => {
  it.each([
    ["plain", "plain"],
    ["Øystein", "Øystein"],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ["cr\rlf", '"cr\rlf"'],
    [null, ""],
    ["", ""],
  ])("writes %j as %j", (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it.each([
    ['=HYPERLINK("http://evil")', `"'=HYPERLINK(""http://evil"")"`],
    ["+47 555 0100", "'+47 555 0100"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tTAB", "'\tTAB"],
    ["\r=1", '"\'\r=1"'],
  ])("neutralizes the formula %j as %j", (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });
});

describe("csvRow", () => {
  it("writes one user a row in the header's column order, direct roles joined by ;", () => {
    const user: UserRecord = {
      id: "pat@x.io",
      email: "pat@x.io",
      firstName: "Pat",
      lastName: "O'Neil, Jr.",
      phone: null,
      b2cId: "oid",
      externalIds: [],
      active: false,
      scim: null,
      scimProvider: null,
      createdAt: "2026-01-01T00:00:00.000Z",
      modifiedAt: "2026-01-01T00:00:00.000Z",
      version: 1,
    };
    const roles = [
      { roleId: "salesteam", source: "manual" as const, provider: null },
      { roleId: "storemanager", source: "scim" as const, provider: "Okta" },
    ];
    expect(CSV_HEAD).toBe("\uFEFFId,Email,FirstName,LastName,Phone,Active,Roles\r\n");
    expect(csvRow({ user, roles })).toBe('pat@x.io,pat@x.io,Pat,"O\'Neil, Jr.",,false,salesteam;storemanager\r\n');
  });
});
