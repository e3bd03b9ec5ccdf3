import { describe, expect, it } from "vitest";
import { prefixUpperBound } from "./user-page-sql.ts";

describe("prefixUpperBound", () => {
  it.each([
    ["pat", "pau"],
    ["a-", "a."],
    ["ö", "÷"],
    ["a\u{10FFFF}", "b"],
    ["\u{10FFFF}", undefined],
    ["a\uD7FF", "a\uE000"],
  ])("bounds the strings starting with %j above by %j", (prefix, bound) => {
    expect(prefixUpperBound(prefix)).toBe(bound);
  });
});
