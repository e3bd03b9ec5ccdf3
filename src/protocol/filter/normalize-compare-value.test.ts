/** Table tests for checking comparison operators and values against attribute types. */
import { describe, expect, it } from "vitest";
import { defineAttribute } from "../schema/define-attribute.ts";
import type { AttributeType } from "../schema/schema-types.ts";
import type { CompareOperator, CompareValue } from "./filter-ast.ts";
import { normalizeCompareValue } from "./normalize-compare-value.ts";

const def = (type: AttributeType) => defineAttribute("x", type, "test");

describe("normalizeCompareValue", () => {
  it.each<[AttributeType, CompareOperator, CompareValue, CompareValue]>([
    ["integer", "gt", 3, 3],
    ["integer", "eq", -0, -0],
    ["decimal", "le", 2.5, 2.5],
    ["boolean", "eq", "False", false],
    ["boolean", "ne", true, true],
    ["dateTime", "gt", "2026-01-02T03:04:05+01:00", "2026-01-02T02:04:05.000Z"],
    ["string", "co", "x", "x"],
    ["reference", "sw", "https://", "https://"],
    ["binary", "eq", "TUlJ", "TUlJ"],
    ["integer", "eq", null, null],
    ["complex", "eq", null, null],
  ])("accepts %s %s %j as %j", (type, op, value, expected) => {
    expect(normalizeCompareValue(def(type), op, value, "x")).toEqual({ ok: true, value: expected });
  });

  it.each<[AttributeType, CompareOperator, CompareValue]>([
    ["integer", "eq", 1.5],
    ["integer", "eq", "1"],
    ["integer", "co", 1],
    ["decimal", "sw", 1],
    ["decimal", "eq", true],
    ["boolean", "gt", true],
    ["boolean", "eq", "yes"],
    ["boolean", "eq", 0],
    ["dateTime", "ew", "2026-01-02T03:04:05Z"],
    ["dateTime", "eq", "2026-01-02"],
    ["string", "eq", 1],
    ["string", "gt", null],
    ["binary", "lt", "TUlJ"],
    ["complex", "eq", "x"],
    ["complex", "co", "x"],
  ])("refuses %s %s %j with invalidFilter", (type, op, value) => {
    const result = normalizeCompareValue(def(type), op, value, "x");
    expect(result.ok ? undefined : result.error.code).toBe("invalidFilter");
  });
});
