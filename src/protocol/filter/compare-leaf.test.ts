import fc from "fast-check";
/** Table tests for comparing one stored value with a filter value, by attribute type. */
import { describe, expect, it } from "vitest";
import type { JsonValue } from "../resource/scim-object.ts";
import { defineAttribute } from "../schema/define-attribute.ts";
import type { AttributeType } from "../schema/schema-types.ts";
import { compareCodePoints, compareLeaf } from "./compare-leaf.ts";
import type { CompareOperator, CompareValue } from "./filter-ast.ts";

const def = (type: AttributeType, caseExact = false) => defineAttribute("x", type, "test", { caseExact });

describe("compareLeaf", () => {
  it.each<[AttributeType, JsonValue, CompareOperator, CompareValue, boolean]>([
    ["integer", 5, "gt", 3, true],
    ["integer", 5, "ge", 5, true],
    ["integer", 5, "lt", 5, false],
    ["integer", -2, "le", -1, true],
    ["integer", 5, "eq", 5, true],
    ["integer", "5", "eq", 5, false],
    ["decimal", 0.25, "lt", 0.5, true],
    ["decimal", 1e3, "eq", 1000, true],
    ["decimal", 2.5, "gt", 2.5, false],
    ["boolean", true, "eq", true, true],
    ["boolean", "false", "eq", false, true],
    ["boolean", 1, "eq", true, false],
    ["dateTime", "2026-01-02T03:04:05.000Z", "eq", "2026-01-02T03:04:05.000Z", true],
    ["dateTime", "2026-01-02T05:04:05+02:00", "eq", "2026-01-02T03:04:05.000Z", true],
    ["dateTime", "2026-01-02T03:04:06.000Z", "gt", "2026-01-02T03:04:05.000Z", true],
    ["dateTime", "not a date", "lt", "2026-01-02T03:04:05.000Z", false],
    ["string", "Hello", "eq", "hello", true],
    ["string", "Hello", "co", "ELL", true],
    ["string", "Hello", "sw", "he", true],
    ["string", "Hello", "ew", "LO", true],
    ["string", "b", "gt", "A", true],
    ["string", 5, "eq", "5", false],
    ["reference", "https://x/Users/1", "sw", "HTTPS://", true],
    ["binary", "TUlJ", "eq", "tulj", true],
    ["complex", { a: 1 }, "eq", "x", false],
  ])("%s %j %s %j is %s", (type, leaf, op, value, expected) => {
    expect(compareLeaf(def(type), leaf, op, value)).toBe(expected);
  });

  it.each<[JsonValue, CompareOperator, string, boolean]>([
    ["Hello", "eq", "hello", false],
    ["Hello", "eq", "Hello", true],
    ["Hello", "co", "ELL", false],
    ["Hello", "sw", "He", true],
    ["b", "gt", "A", true],
    ["B", "gt", "a", false],
  ])("with caseExact, %j %s %j is %s", (leaf, op, value, expected) => {
    expect(compareLeaf(def("string", true), leaf, op, value)).toBe(expected);
  });
});

describe("compareCodePoints", () => {
  it("orders by Unicode code point, as UTF-8 bytes do: 😀 (U+1F600) after ｘ (U+FF58)", () => {
    expect(compareCodePoints("😀", "ｘ")).toBeGreaterThan(0);
    expect("😀" < "ｘ").toBe(true); // JavaScript's UTF-16 order, which the databases do not use
    expect(compareLeaf(def("string"), "😀a", "gt", "ｘ")).toBe(true);
    expect(compareLeaf(def("string"), "ｘ", "gt", "😀")).toBe(false);
  });

  it("agrees with comparing the UTF-8 bytes, for any strings", () => {
    const text = fc.string({ unit: "grapheme", maxLength: 6 });
    fc.assert(
      fc.property(text, text, (a, b) => {
        expect(Math.sign(compareCodePoints(a, b))).toBe(Math.sign(Buffer.compare(Buffer.from(a), Buffer.from(b))));
      }),
      { numRuns: 2000 },
    );
  });
});
