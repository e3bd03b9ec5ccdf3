/** Resource bodies at the size limits (src/protocol/limits.ts) and with text that is not Unicode: each limit passes, one more is refused. */
import { describe, expect, it } from "vitest";
import {
  MAX_BINARY_LENGTH,
  MAX_DISPLAY_NAME_LENGTH,
  MAX_ELEMENTS,
  MAX_IDENTIFIER_LENGTH,
  MAX_STRING_LENGTH,
} from "../limits.ts";
import { parseResource } from "./parse-resource.ts";
import { type JsonValue, URN } from "./scim-object.ts";

const user = (attributes: Record<string, JsonValue>) => ({ schemas: [URN.user], userName: "ada", ...attributes });
const group = (attributes: Record<string, JsonValue>) => ({ schemas: [URN.group], displayName: "Ops", ...attributes });
const x = (length: number) => "x".repeat(length);

function outcome(type: "User" | "Group", body: unknown): string {
  const result = parseResource(type, body, "EntraID");
  return result.ok ? "ok" : result.error.code;
}

describe("string limits on POST and PUT bodies", () => {
  it.each([
    ["userName", (n: number) => user({ userName: x(n) }), MAX_IDENTIFIER_LENGTH],
    ["externalId", (n: number) => user({ externalId: x(n) }), MAX_IDENTIFIER_LENGTH],
    ["emails.value", (n: number) => user({ emails: [{ value: `${x(n - 6)}@x.com` }] }), MAX_IDENTIFIER_LENGTH],
    ["a user's displayName", (n: number) => user({ displayName: x(n) }), MAX_DISPLAY_NAME_LENGTH],
    ["title (other strings)", (n: number) => user({ title: x(n) }), MAX_STRING_LENGTH],
    ["name.givenName", (n: number) => user({ name: { givenName: x(n) } }), MAX_STRING_LENGTH],
    [
      "the enterprise department",
      (n: number) => ({ ...user({}), [URN.enterpriseUser]: { department: x(n) } }),
      MAX_STRING_LENGTH,
    ],
    [
      "a binary x509Certificates.value",
      (n: number) => user({ x509Certificates: [{ value: x(n) }] }),
      MAX_BINARY_LENGTH,
    ],
    ["an attribute no schema defines", (n: number) => user({ custom: { nested: [x(n)] } }), MAX_STRING_LENGTH],
    ["an unknown sub-attribute", (n: number) => user({ name: { nickname2: x(n) } }), MAX_STRING_LENGTH],
  ])("%s: the limit passes, one more character is invalidValue", (_, body, limit) => {
    expect(outcome("User", body(limit))).toBe("ok");
    expect(outcome("User", body(limit + 1))).toBe("invalidValue");
  });

  it("a group's displayName and externalId, and a member's value", () => {
    expect(outcome("Group", group({ displayName: x(MAX_DISPLAY_NAME_LENGTH) }))).toBe("ok");
    expect(outcome("Group", group({ displayName: x(MAX_DISPLAY_NAME_LENGTH + 1) }))).toBe("invalidValue");
    expect(outcome("Group", group({ externalId: x(MAX_IDENTIFIER_LENGTH + 1) }))).toBe("invalidValue");
    expect(outcome("Group", group({ members: [{ value: x(300) }] }))).toBe("ok");
    expect(outcome("Group", group({ members: [{ value: x(301) }] }))).toBe("invalidValue");
  });

  it("counts characters, not UTF-16 units: 256 emoji are a valid userName", () => {
    expect(outcome("User", user({ userName: "😀".repeat(MAX_IDENTIFIER_LENGTH) }))).toBe("ok");
    expect(outcome("User", user({ userName: "😀".repeat(MAX_IDENTIFIER_LENGTH + 1) }))).toBe("invalidValue");
  });

  it("a 100 KB userName is refused with a detail naming the attribute and the limit", () => {
    const result = parseResource("User", user({ userName: x(100_000) }));
    expect(result).toMatchObject({
      ok: false,
      error: { code: "invalidValue", message: `"userName" is longer than ${MAX_IDENTIFIER_LENGTH} characters` },
    });
  });
});

describe("element limits", () => {
  const emails = (n: number) => Array.from({ length: n }, (_, i) => ({ value: `u${i}@x.com` }));

  it(`a multi-valued attribute holds up to ${MAX_ELEMENTS} values`, () => {
    expect(outcome("User", user({ emails: emails(MAX_ELEMENTS) }))).toBe("ok");
    expect(outcome("User", user({ emails: emails(MAX_ELEMENTS + 1) }))).toBe("invalidValue");
  });

  it("is counted before any element is looked at", () => {
    // The first element is malformed; the count is what is refused.
    const result = parseResource("User", user({ emails: [42, ...emails(20_000)] }));
    expect(result).toMatchObject({ error: { code: "invalidValue", message: expect.stringContaining("at most") } });
  });

  it("a group's members are not capped", () => {
    const members = Array.from({ length: 5000 }, (_, i) => ({ value: `u${i}@x.com` }));
    expect(outcome("Group", group({ members }))).toBe("ok");
  });
});

describe("text that is not Unicode (lone UTF-16 surrogates)", () => {
  it.each([
    ["userName", user({ userName: "\ud800" })],
    ["userName with text after", user({ userName: "\ud800x" })],
    ["a user's displayName", user({ displayName: "\udc00" })],
    ["a sub-attribute", user({ name: { givenName: "a\ud800" } })],
    ["an element", user({ emails: [{ value: "\ud800@x.com" }] })],
    ["an unknown attribute", user({ custom: "\ud800" })],
    ["an attribute name", user({ "cu\ud800stom": "x" })],
    ["an ignored readOnly attribute", user({ meta: { location: "\ud800" } })],
  ])("%s → invalidValue", (_, body) => {
    expect(outcome("User", body)).toBe("invalidValue");
  });

  it("a group's displayName → invalidValue", () => {
    expect(outcome("Group", group({ displayName: "\ud800" }))).toBe("invalidValue");
  });

  it("surrogate pairs are text: accepted", () => {
    expect(outcome("User", user({ displayName: "Ada 😀 \ud83d\ude00" }))).toBe("ok");
  });
});

describe("password", () => {
  it("is type-checked, then dropped", () => {
    expect(outcome("User", user({ password: 42 }))).toBe("invalidValue");
    expect(outcome("User", user({ password: true }))).toBe("invalidValue");
    expect(outcome("User", user({ password: "\ud800" }))).toBe("invalidValue");
    const accepted = parseResource("User", user({ password: "t1meMa$heen" }));
    expect(accepted.ok && "password" in accepted.value).toBe(false);
  });
});
