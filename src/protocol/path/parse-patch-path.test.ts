/** Fixture-table and property tests for the RFC 7644 §3.5.2 PATCH path parser. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import fixtures from "./parse-patch-path.fixtures.json" with { type: "json" };
import { parsePatchPath } from "./parse-patch-path.ts";

describe("parsePatchPath", () => {
  it.each(fixtures.valid)("parses $input", ({ input, expected }) => {
    expect(parsePatchPath(input)).toEqual({ ok: true, value: expected });
  });

  it.each(fixtures.invalid)("refuses $input with $code", ({ input, code }) => {
    const result = parsePatchPath(input);
    expect(result.ok ? undefined : result.error.code).toBe(code);
  });

  it("returns a frozen path", () => {
    const result = parsePatchPath('emails[type eq "work"].value');
    expect(result.ok && Object.isFrozen(result.value)).toBe(true);
  });

  it("refuses a path longer than the filter length cap", () => {
    const result = parsePatchPath(`a${"b".repeat(5000)}`);
    expect(result.ok ? undefined : result.error.code).toBe("invalidPath");
  });

  it("refuses deeply nested brackets quickly with invalidFilter", () => {
    const result = parsePatchPath(`emails[${"(".repeat(4000)}`);
    expect(result.ok ? undefined : result.error.code).toBe("invalidFilter");
  });
});

describe("parsePatchPath properties", () => {
  it("returns invalidPath or invalidFilter, never throws, on arbitrary text", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: "binary" })), (text) => {
        const result = parsePatchPath(text);
        if (!result.ok) expect(["invalidPath", "invalidFilter"]).toContain(result.error.code);
      }),
      { numRuns: 1000 },
    );
  });
});
