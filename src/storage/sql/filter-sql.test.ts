import { describe, expect, it } from "vitest";
import { coveringTrigrams } from "./filter-sql.ts";

describe("coveringTrigrams", () => {
  it.each([
    ["abc", `"abc"`],
    ["abcd", `"abc" AND "bcd"`],
    ["abcdef", `"abc" AND "def"`],
    ["abcdefg", `"abc" AND "def" AND "efg"`],
    ["aaaaaa", `"aaa"`],
    [`a"b"c`, `"a""b" AND "b""c"`],
    ["😀ab😀", `"😀ab" AND "ab😀"`],
    ["a b*c", `"a b" AND "b*c"`],
  ])("covers %j with %s", (needle, query) => {
    expect(coveringTrigrams(needle)).toBe(query);
  });
});
