import { describe, expect, it } from "vitest";
import { DocumentCheck, findCycle } from "./import-check.ts";

const header = (roles: number, users: number) =>
  JSON.stringify({
    Format: "roster-export",
    Version: 1,
    Tenant: "acme",
    ExportedAt: "2026-03-01T00:00:00.000Z",
    Counts: { Users: users, Roles: roles },
  });
const role = (id: string, children: string[] = [], extra: object = {}) =>
  JSON.stringify({ Kind: "Role", Id: id, DisplayName: id, Roles: children, ...extra });
const user = (id: string, roles: string[] = [], extra: object = {}) =>
  JSON.stringify({ Kind: "User", Id: id, Email: id, Roles: roles, ...extra });

function check(lines: readonly string[], context?: ConstructorParameters<typeof DocumentCheck>[0]) {
  const document = new DocumentCheck(context);
  lines.forEach((text, index) => {
    document.add({ number: index + 1, text });
  });
  return document.finish();
}

function refusal(lines: readonly string[], context?: ConstructorParameters<typeof DocumentCheck>[0]): string {
  try {
    check(lines, context);
  } catch (error) {
    expect(error).toMatchObject({ code: "invalidValue" });
    return (error as Error).message;
  }
  throw new Error("accepted");
}

describe("DocumentCheck", () => {
  it("accepts a document whose users hold and whose roles contain defined roles", () => {
    const checked = check([
      header(3, 2),
      role("regionalmanager", ["storemanager", "salesteam"]),
      role("storemanager"),
      role("salesteam"),
      "",
      user("pat@acme.example", ["regionalmanager"]),
      user("ada@acme.example"),
      "",
    ]);
    expect(checked.roles.map((r) => [r.line, r.role.id])).toEqual([
      [2, "regionalmanager"],
      [3, "storemanager"],
      [4, "salesteam"],
    ]);
    expect(checked.userCount).toBe(2);
  });

  it("names the line and the index of a role a user holds that the document does not define", () => {
    const lines = [
      header(2, 14),
      role("a"),
      role("a2"),
      ...Array.from({ length: 13 }, (_, i) => user(`u${i}@x.io`)),
      user("pat@x.io", ["a", "a2", "x"]),
    ];
    expect(lines).toHaveLength(17);
    expect(refusal(lines)).toBe('line 17: Roles[2] names role "x" that the document does not define');
  });

  it("counts a role of the tenant as defined in a merge", () => {
    const lines = [header(0, 1), user("pat@x.io", ["ops"])];
    expect(refusal(lines)).toMatch(/^line 2: Roles\[0\] names role "ops"/);
    expect(check(lines, { tenantRoleIds: new Set(["ops"]), tenantNestings: [] }).userCount).toBe(1);
  });

  it("refuses a role contained by a role that the document does not define", () => {
    expect(refusal([header(1, 0), role("a", ["ghost"])])).toBe(
      'line 2: Roles[0] names role "ghost" that the document does not define',
    );
  });

  it("refuses a nesting cycle, naming the first role of it in the document", () => {
    expect(refusal([header(3, 0), role("a", ["b"]), role("b", ["c"]), role("c", ["a"])])).toBe(
      'line 2: Roles nest in a cycle: "a" contains "b" contains "c" contains "a"',
    );
  });

  it("refuses a cycle the document would close with the tenant's nesting in a merge", () => {
    const context = { tenantRoleIds: new Set(["a", "b"]), tenantNestings: [{ parentId: "a", childId: "b" }] };
    expect(refusal([header(1, 0), role("b", ["a"])], context)).toBe(
      'line 2: Roles nest in a cycle: "a" contains "b" contains "a"',
    );
  });

  it("refuses an Id twice (user Ids case-insensitively) and an external id twice", () => {
    expect(refusal([header(2, 0), role("a"), role("a")])).toBe('line 3: role Id "a" is already defined on line 2');
    expect(refusal([header(0, 2), user("Pat@x.io"), user("pat@X.io")])).toMatch(
      /^line 3: user Id "pat@X.io" is already defined on line 2/,
    );
    const okta = (value: string) => ({ ExternalIds: [{ Provider: "Okta", Value: value }] });
    expect(refusal([header(0, 2), user("a@x.io", [], okta("A")), user("b@x.io", [], okta("a"))])).toBe(
      'line 3: ExternalIds: Okta "a" is also the external id of the user on line 2',
    );
    // Role external ids compare exactly, as SCIM's externalId does.
    expect(check([header(2, 0), role("a", [], okta("G")), role("b", [], okta("g"))]).roles).toHaveLength(2);
    expect(refusal([header(2, 0), role("a", [], okta("G")), role("b", [], okta("G"))])).toMatch(/^line 3: ExternalIds/);
  });

  it("refuses a role after the users, a missing header, an empty document and a second header", () => {
    expect(refusal([header(1, 1), user("a@x.io"), role("r")])).toBe(
      "line 3: a Role line after User lines: every role comes before the users",
    );
    expect(refusal([user("a@x.io")])).toMatch(/^line 1: the first line must be the header/);
    expect(refusal([])).toBe("line 1: the document is empty: its first line must be the header");
    expect(refusal(["", "  "])).toBe("line 1: the document is empty: its first line must be the header");
    expect(refusal([header(0, 0), header(0, 0)])).toMatch(/^line 2: a second header/);
  });

  it("refuses a document whose lines do not match the header's counts (a file cut short)", () => {
    expect(refusal([header(1, 2), role("a"), user("a@x.io")])).toBe(
      "line 1: the header announces 1 roles and 2 users, the document holds 1 and 1: is it cut short?",
    );
  });

  it("names the line of a malformed one", () => {
    expect(refusal([header(0, 1), '{"Kind":"User","Id":"a@x.io"'])).toBe("line 2: not a JSON value");
  });
});

describe("findCycle", () => {
  it("finds none in a deep chain, and the path of one that closes", () => {
    const chain = Array.from({ length: 20_000 }, (_, i) => ({ parentId: `r${i}`, childId: `r${i + 1}` }));
    expect(findCycle(chain)).toBeUndefined();
    expect(findCycle([...chain, { parentId: "r20000", childId: "r19998" }])).toEqual([
      "r19998",
      "r19999",
      "r20000",
      "r19998",
    ]);
    expect(findCycle([{ parentId: "a", childId: "a" }])).toEqual(["a", "a"]);
  });
});
