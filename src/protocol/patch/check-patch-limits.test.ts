/** PATCH values at the size limits: refused by the parser, before any resource is read, and by applyPatch. */
import { describe, expect, it } from "vitest";
import { MAX_DISPLAY_NAME_LENGTH, MAX_ELEMENTS, MAX_IDENTIFIER_LENGTH, MAX_STRING_LENGTH } from "../limits.ts";
import { type JsonValue, type ScimObject, URN } from "../resource/scim-object.ts";
import { applyPatch } from "./apply-patch.ts";
import { parsePatchRequest } from "./parse-patch-request.ts";

const x = (length: number) => "x".repeat(length);
const body = (...operations: JsonValue[]) => ({ schemas: [URN.patchOp], Operations: operations });
const emails = (n: number, prefix = "u") => Array.from({ length: n }, (_, i) => ({ value: `${prefix}${i}@x.com` }));

function parsed(type: "User" | "Group", request: unknown): string {
  const result = parsePatchRequest(request, { resourceType: type, provider: "EntraID" });
  return result.ok ? "ok" : result.error.code;
}

describe("parsePatchRequest with a resource type checks the limits", () => {
  it.each([
    ["path userName", (n: number) => ({ op: "replace", path: "userName", value: x(n) }), MAX_IDENTIFIER_LENGTH],
    ["path-less userName", (n: number) => ({ op: "replace", value: { userName: x(n) } }), MAX_IDENTIFIER_LENGTH],
    ["path displayName", (n: number) => ({ op: "add", path: "displayName", value: x(n) }), MAX_DISPLAY_NAME_LENGTH],
    ["path externalId", (n: number) => ({ op: "add", path: "externalId", value: x(n) }), MAX_IDENTIFIER_LENGTH],
    [
      "a value-path sub-attribute",
      (n: number) => ({ op: "replace", path: 'emails[type eq "work"].value', value: x(n) }),
      MAX_IDENTIFIER_LENGTH,
    ],
    ["a sub-attribute", (n: number) => ({ op: "replace", path: "name.givenName", value: x(n) }), MAX_STRING_LENGTH],
    [
      "a flattened extension attribute",
      (n: number) => ({ op: "replace", value: { [`${URN.enterpriseUser}:department`]: x(n) } }),
      MAX_STRING_LENGTH,
    ],
    [
      "an extension object",
      (n: number) => ({ op: "add", path: URN.enterpriseUser, value: { department: x(n) } }),
      MAX_STRING_LENGTH,
    ],
    ["an unknown attribute", (n: number) => ({ op: "add", path: "nickName2", value: x(n) }), MAX_STRING_LENGTH],
    ["the elements of emails", (n: number) => ({ op: "add", path: "emails", value: emails(n) }), MAX_ELEMENTS],
  ])("%s: the limit passes, one more is invalidValue", (_, operation, limit) => {
    expect(parsed("User", body(operation(limit)))).toBe("ok");
    expect(parsed("User", body(operation(limit + 1)))).toBe("invalidValue");
  });

  it("names the operation and the attribute", () => {
    const result = parsePatchRequest(body({ op: "add", path: "emails", value: emails(20_000) }), {
      resourceType: "User",
    });
    expect(result).toMatchObject({
      ok: false,
      error: { code: "invalidValue", message: 'Operations[0]: Attribute "emails" may hold at most 1000 values' },
    });
  });

  it("lets a group PATCH add thousands of members, each id within the id limit", () => {
    const members = Array.from({ length: 5000 }, (_, i) => ({ value: `user-${i}@example.com` }));
    expect(parsed("Group", body({ op: "add", path: "members", value: members }))).toBe("ok");
    expect(parsed("Group", body({ op: "add", value: { members } }))).toBe("ok");
    expect(parsed("Group", body({ op: "add", path: "members", value: [{ value: x(301) }] }))).toBe("invalidValue");
    expect(parsed("Group", body({ op: "replace", path: "displayName", value: x(257) }))).toBe("invalidValue");
  });

  it("leaves readOnly echoes and type errors to applyPatch", () => {
    expect(parsed("User", body({ op: "replace", value: { id: x(5000), meta: { version: x(5000) } } }))).toBe("ok");
    expect(parsed("User", body({ op: "replace", path: "userName", value: 42 }))).toBe("ok");
  });

  it("refuses a lone surrogate in any value, path or not", () => {
    expect(parsed("User", body({ op: "replace", path: "userName", value: "\ud800x" }))).toBe("invalidValue");
    expect(parsed("User", body({ op: "replace", value: { displayName: "\ud800" } }))).toBe("invalidValue");
    expect(parsed("Group", body({ op: "add", path: "members", value: [{ value: "\udc00" }] }))).toBe("invalidValue");
  });

  it("refuses a lone surrogate in a path filter with invalidFilter", () => {
    expect(parsed("User", body({ op: "remove", path: 'emails[value eq "\\ud800"]' }))).toBe("invalidFilter");
    expect(parsed("Group", body({ op: "remove", path: 'members[value eq "\ud800"]' }))).toBe("invalidFilter");
  });
});

describe("applyPatch keeps the element limit after the operation", () => {
  const user: ScimObject = { schemas: [URN.user], userName: "ada", emails: emails(MAX_ELEMENTS - 1) };

  it("an add that reaches the limit passes, one that goes past it is invalidValue", () => {
    const reach = applyPatch("User", user, [{ op: "add", path: undefined, value: { emails: emails(1, "new") } }]);
    expect(reach.ok && (reach.value["emails"] as JsonValue[]).length).toBe(MAX_ELEMENTS);
    const past = applyPatch("User", user, [{ op: "add", path: undefined, value: { emails: emails(2, "new") } }]);
    expect(past).toMatchObject({ ok: false, error: { code: "invalidValue" } });
  });

  it("values the attribute already holds do not count twice", () => {
    const again = applyPatch("User", user, [{ op: "add", path: undefined, value: { emails: emails(10) } }]);
    expect(again.ok && (again.value["emails"] as JsonValue[]).length).toBe(MAX_ELEMENTS - 1);
  });

  it("a password of the wrong type is refused, a string one dropped", () => {
    const path = { uri: undefined, name: "password", valueFilter: undefined, subAttr: undefined };
    expect(applyPatch("User", user, [{ op: "replace", path, value: 42 }])).toMatchObject({
      error: { code: "invalidValue" },
    });
    expect(applyPatch("User", user, [{ op: "replace", path, value: "s3cret" }])).toEqual({ ok: true, value: user });
  });
});
