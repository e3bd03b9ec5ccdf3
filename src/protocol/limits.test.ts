import { describe, expect, it } from "vitest";
import {
  checkText,
  checkUnknownValue,
  codePointLength,
  elementLimit,
  isLongerThan,
  isWellFormedText,
  MAX_BINARY_LENGTH,
  MAX_DISPLAY_NAME_LENGTH,
  MAX_ELEMENTS,
  MAX_ID_LENGTH,
  MAX_IDENTIFIER_LENGTH,
  MAX_STRING_LENGTH,
  parseResourceId,
  stringLimit,
} from "./limits.ts";
import { URN } from "./resource/scim-object.ts";

describe("the limits", () => {
  it("give identifiers, display names, ids, binaries and other strings their own caps", () => {
    expect(stringLimit("userName", "string")).toBe(MAX_IDENTIFIER_LENGTH);
    expect(stringLimit("externalId", "string")).toBe(MAX_IDENTIFIER_LENGTH);
    expect(stringLimit("emails.value", "string")).toBe(MAX_IDENTIFIER_LENGTH);
    expect(stringLimit("displayName", "string")).toBe(MAX_DISPLAY_NAME_LENGTH);
    expect(stringLimit("id", "string")).toBe(MAX_ID_LENGTH);
    expect(stringLimit("members.value", "string")).toBe(MAX_ID_LENGTH);
    expect(stringLimit(`${URN.enterpriseUser}:manager.value`, "string")).toBe(MAX_ID_LENGTH);
    expect(stringLimit("x509Certificates.value", "binary")).toBe(MAX_BINARY_LENGTH);
    expect(stringLimit("title", "string")).toBe(MAX_STRING_LENGTH);
    expect(stringLimit("anything-unknown")).toBe(MAX_STRING_LENGTH);
  });

  it("leave a group's members without an element cap and cap every other multi-valued attribute", () => {
    expect(elementLimit("members")).toBeUndefined();
    expect(elementLimit(`${URN.group}:members`)).toBeUndefined();
    expect(elementLimit("emails")).toBe(MAX_ELEMENTS);
    expect(elementLimit(`${URN.enterpriseUser}:whatever`)).toBe(MAX_ELEMENTS);
  });

  it("leave room for every id Roster makes: a normalized display name with a -N suffix", () => {
    expect(MAX_ID_LENGTH).toBeGreaterThan(MAX_DISPLAY_NAME_LENGTH + "-99999".length);
    expect(MAX_ID_LENGTH).toBeGreaterThanOrEqual(MAX_IDENTIFIER_LENGTH);
  });
});

describe("codePointLength", () => {
  it("counts code points, a surrogate pair as one", () => {
    expect(codePointLength("abc")).toBe(3);
    expect(codePointLength("a😀b")).toBe(3);
    expect(codePointLength("\ud800x")).toBe(2);
  });

  it("stops counting past the limit", () => {
    expect(codePointLength("x".repeat(100_000), 10)).toBeGreaterThan(10);
    expect(codePointLength("x".repeat(100_000), 10)).toBeLessThan(100);
  });

  it("isLongerThan compares in code points", () => {
    expect(isLongerThan("😀".repeat(256), 256)).toBe(false);
    expect(isLongerThan("😀".repeat(257), 256)).toBe(true);
    expect(isLongerThan("x".repeat(256), 256)).toBe(false);
    expect(isLongerThan("x".repeat(257), 256)).toBe(true);
  });
});

describe("isWellFormedText", () => {
  it.each([
    ["\ud800", false],
    ["\udfff", false],
    ["\ud800x", false],
    ["x\udc00", false],
    ["\udc00\ud800", false],
    ["😀", true],
    ["\ud83d\ude00", true],
    ["plain", true],
    ["", true],
  ])("%j → %s", (text, expected) => {
    expect(isWellFormedText(text)).toBe(expected);
  });
});

describe("checkText", () => {
  it("accepts the limit and refuses one more character with invalidValue", () => {
    expect(checkText("x".repeat(256), "userName", 256)).toEqual({ ok: true, value: "x".repeat(256) });
    expect(checkText("x".repeat(257), "userName", 256)).toMatchObject({
      ok: false,
      error: { code: "invalidValue", message: '"userName" is longer than 256 characters' },
    });
  });

  it("refuses a lone surrogate with invalidValue", () => {
    expect(checkText("\ud800", "displayName", 256)).toMatchObject({ ok: false, error: { code: "invalidValue" } });
  });
});

describe("checkUnknownValue", () => {
  it("caps strings and arrays at any depth", () => {
    const long = "x".repeat(MAX_STRING_LENGTH + 1);
    expect(checkUnknownValue({ a: [{ b: "x".repeat(MAX_STRING_LENGTH) }] }, "custom").ok).toBe(true);
    expect(checkUnknownValue({ a: [{ b: long }] }, "custom")).toMatchObject({
      ok: false,
      error: { code: "invalidValue", message: expect.stringContaining('"custom.a.b"') },
    });
    expect(checkUnknownValue(Array(MAX_ELEMENTS).fill(1), "custom").ok).toBe(true);
    expect(checkUnknownValue(Array(MAX_ELEMENTS + 1).fill(1), "custom")).toMatchObject({
      error: { code: "invalidValue" },
    });
  });
});

describe("parseResourceId", () => {
  it("accepts ids up to MAX_ID_LENGTH characters", () => {
    expect(parseResourceId("a".repeat(MAX_ID_LENGTH))).toEqual({ ok: true, value: "a".repeat(MAX_ID_LENGTH) });
    expect(parseResourceId("ada@example.com").ok).toBe(true);
  });

  it("refuses longer ids and lone surrogates with invalidValue", () => {
    expect(parseResourceId("a".repeat(MAX_ID_LENGTH + 1))).toMatchObject({ error: { code: "invalidValue" } });
    expect(parseResourceId("\udc00")).toMatchObject({ error: { code: "invalidValue" } });
  });
});
