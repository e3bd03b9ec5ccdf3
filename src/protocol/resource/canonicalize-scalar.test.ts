import { describe, expect, it } from "vitest";
import { canonicalizeScalar, isDateTime } from "./canonicalize-scalar.ts";

describe("canonicalizeScalar (RFC 7643 §2.3)", () => {
  it.each([
    ["string", "x", "x"],
    ["reference", "https://example.com/Users/1", "https://example.com/Users/1"],
    ["binary", "TWFu", "TWFu"],
    ["boolean", true, true],
    ["integer", 42, 42],
    ["integer", -3, -3],
    ["decimal", 1.5, 1.5],
    ["decimal", 2, 2],
    ["dateTime", "2008-01-23T04:56:22Z", "2008-01-23T04:56:22Z"],
    ["dateTime", "2015-09-01T10:00:00.123+02:00", "2015-09-01T10:00:00.123+02:00"],
  ] as const)("accepts a %s %j", (type, value, expected) => {
    expect(canonicalizeScalar(type, value, "attr")).toEqual({ ok: true, value: expected });
  });

  it.each([
    ["string", 1],
    ["string", true],
    ["string", {}],
    ["reference", 5],
    ["boolean", "yes"],
    ["boolean", "True"],
    ["boolean", "FALSE"],
    ["boolean", 1],
    ["integer", 1.5],
    ["integer", "42"],
    ["integer", 2 ** 60],
    ["decimal", "1.5"],
    ["decimal", Number.POSITIVE_INFINITY],
    ["dateTime", "yesterday"],
    ["dateTime", "2008-13-45T04:56:22Z"],
    ["dateTime", 1_700_000_000],
  ] as const)("refuses a %s given %j with invalidValue naming the attribute", (type, value) => {
    const result = canonicalizeScalar(type, value, "emails.primary");
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe("invalidValue");
      expect(result.error.message).toContain("emails.primary");
    }
  });

  it("recognizes xsd:dateTime only", () => {
    expect(isDateTime("2008-01-23T04:56:22")).toBe(true);
    expect(isDateTime("2008-01-23")).toBe(false);
  });
});
