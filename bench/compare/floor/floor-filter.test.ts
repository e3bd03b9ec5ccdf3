import { describe, expect, it } from "vitest";
import { matches, parseFilter } from "./floor-filter.ts";

const user = {
  id: "ada@example.com",
  userName: "ADA@corp.example",
  externalId: "Obj-1",
  active: true,
  name: { givenName: "Ada" },
  emails: [
    { value: "ada@example.com", type: "work", primary: true },
    { value: "ada@home.example", type: "home" },
  ],
  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { department: "R&D" },
};

describe("the floor's filter", () => {
  it.each([
    ['userName eq "ada@corp.example"', true],
    ['username EQ "ada@corp.example"', true],
    ['externalId eq "obj-1"', false],
    ['externalId eq "Obj-1"', true],
    ['emails[type eq "work"].value eq "ada@example.com"', true],
    ['emails[type eq "home"].value eq "ada@example.com"', false],
    ['emails[type eq "work" and value co "@example.com"]', true],
    ['emails.value co "home.ex"', true],
    ['emails.value sw "ADA@"', true],
    ['emails.value ew "@nowhere"', false],
    ['userName eq "x" or name.givenName eq "Ada"', true],
    ['userName eq "x" or userName eq "y" and active eq true', false],
    ["not (active eq true)", false],
    ["name.familyName pr", false],
    ['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "r&d"', true],
  ])("%s matches: %s", (text, expected) => {
    const parsed = parseFilter(text);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(matches(parsed.value, user)).toBe(expected);
  });

  it.each(["userName eq", 'userName foo "x"', '(userName eq "x"', '"x" eq userName', ""])("refuses %j", (text) => {
    expect(parseFilter(text).ok).toBe(false);
  });
});
