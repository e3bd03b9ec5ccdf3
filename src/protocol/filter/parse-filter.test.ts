/** Fixture-table and cap tests for the RFC 7644 §3.4.2.2 filter parser. */
import { describe, expect, it } from "vitest";
import type { Filter } from "./filter-ast.ts";
import { formatFilter } from "./format-filter.ts";
import fixtures from "./parse-filter.fixtures.json" with { type: "json" };
import { parseFilter } from "./parse-filter.ts";

describe("parseFilter", () => {
  it.each(fixtures.valid)("parses $input", ({ input, expected }) => {
    const result = parseFilter(input);
    expect(result).toEqual({ ok: true, value: expected });
  });

  it.each(fixtures.valid)("formats the tree of $input back to text that parses to the same tree", ({ input }) => {
    const tree = parseOk(input);
    expect(parseOk(formatFilter(tree))).toEqual(tree);
  });

  it.each(fixtures.invalid)("refuses $input with $code", ({ input, code }) => {
    const result = parseFilter(input);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe(code);
      expect(result.error.message).toMatch(/position \d+|longer than|must be/);
    }
  });

  it("names the position and what was expected", () => {
    const result = parseFilter('userName xx "a"');
    expect(result.ok || result.error.message).toBe(
      'invalid filter: expected an operator (eq, ne, co, sw, ew, gt, ge, lt, le, pr) at position 10, found "xx \\"a\\""',
    );
  });

  it("returns frozen trees", () => {
    const tree = parseOk('emails[type eq "work"] and not (a pr)');
    expect(Object.isFrozen(tree)).toBe(true);
    if (tree.kind !== "and" || tree.left.kind !== "valuePath") throw new Error("unexpected tree");
    expect(Object.isFrozen(tree.left.path)).toBe(true);
    expect(Object.isFrozen(tree.left.filter)).toBe(true);
  });

  it("refuses a non-string without throwing", () => {
    expect(parseFilter(42 as unknown as string).ok).toBe(false);
  });
});

describe("parseFilter caps", () => {
  it("refuses text longer than maxLength before parsing", () => {
    const text = `userName eq "${"x".repeat(4096)}"`;
    expect(code(parseFilter(text))).toBe("invalidFilter");
    expect(parseFilter(text, { maxLength: 10_000, maxDepth: 32 }).ok).toBe(true);
  });

  it("refuses 100,000 opening parentheses quickly and without overflowing the stack", () => {
    const started = performance.now();
    expect(code(parseFilter("(".repeat(100_000)))).toBe("invalidFilter");
    expect(code(parseFilter("(".repeat(100_000), { maxLength: 1_000_000, maxDepth: 1_000_000 }))).toBe("invalidFilter");
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("accepts nesting up to maxDepth and refuses one level more", () => {
    const nested = (depth: number) => `${"(".repeat(depth)}a pr${")".repeat(depth)}`;
    expect(parseFilter(nested(32)).ok).toBe(true);
    expect(code(parseFilter(nested(33)))).toBe("invalidFilter");
    expect(parseFilter(nested(3), { maxLength: 100, maxDepth: 3 }).ok).toBe(true);
    expect(code(parseFilter(nested(4), { maxLength: 100, maxDepth: 3 }))).toBe("invalidFilter");
  });

  it("counts not and brackets as nesting", () => {
    const limits = { maxLength: 1000, maxDepth: 2 };
    expect(parseFilter("not (not (a pr))", limits).ok).toBe(true);
    expect(code(parseFilter("not (not (not (a pr)))", limits))).toBe("invalidFilter");
    expect(parseFilter("(emails[type pr])", limits).ok).toBe(true);
    expect(code(parseFilter("((emails[type pr]))", limits))).toBe("invalidFilter");
  });

  it("parses a long and-chain without nesting", () => {
    const text = Array.from({ length: 300 }, (_, i) => `a${i} pr`).join(" and ");
    expect(parseFilter(text).ok).toBe(true);
  });
});

function parseOk(text: string): Filter {
  const result = parseFilter(text);
  if (!result.ok) throw result.error;
  return result.value;
}

function code(result: ReturnType<typeof parseFilter>): string | undefined {
  return result.ok ? undefined : result.error.code;
}
