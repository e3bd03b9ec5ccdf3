import { describe, expect, it } from "vitest";
import { copyJson, isForbiddenKey, MAX_JSON_DEPTH } from "./safe-json.ts";

describe("copyJson", () => {
  it("copies JSON deeply into new objects", () => {
    const original = { a: [1, { b: "c" }], d: null };
    const copy = copyJson(original, "x");
    expect(copy).toEqual({ ok: true, value: original });
    expect(copy.ok && copy.value).not.toBe(original);
  });

  it.each([
    ["a forbidden key", JSON.parse('{"a":{"__proto__":1}}')],
    ["a function", { a: () => 1 }],
    ["undefined", [undefined]],
    ["NaN", Number.NaN],
    ["too deep", JSON.parse(`${"[".repeat(MAX_JSON_DEPTH + 2)}${"]".repeat(MAX_JSON_DEPTH + 2)}`)],
  ])("refuses %s with invalidValue", (_, value) => {
    const result = copyJson(value, "x");
    expect(result.ok ? undefined : result.error.code).toBe("invalidValue");
  });

  it("names the three prototype keys forbidden", () => {
    expect(["__proto__", "constructor", "prototype", "proto"].map(isForbiddenKey)).toEqual([true, true, true, false]);
  });
});
