/** Fixture-table and property tests for the RFC 7644 §3.5.2 PATCH path parser. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { attrNameArbitrary, uriArbitrary, valueFilterArbitrary } from "../filter/filter-arbitraries.ts";
import { formatPatchPath } from "./format-patch-path.ts";
import fixtures from "./parse-patch-path.fixtures.json" with { type: "json" };
import { parsePatchPath } from "./parse-patch-path.ts";
import type { PatchPath } from "./patch-path.ts";

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

const pathArbitrary: fc.Arbitrary<PatchPath> = fc.oneof(
  fc.record({
    uri: fc.option(uriArbitrary, { nil: undefined }),
    name: attrNameArbitrary,
    valueFilter: fc.constant(undefined),
    subAttr: fc.option(attrNameArbitrary, { nil: undefined }),
  }),
  fc.record({
    uri: fc.option(uriArbitrary, { nil: undefined }),
    name: attrNameArbitrary,
    valueFilter: valueFilterArbitrary,
    subAttr: fc.option(attrNameArbitrary, { nil: undefined }),
  }),
);

describe("parsePatchPath properties", () => {
  it("parses the text formatPatchPath writes back to an equal path", () => {
    fc.assert(
      fc.property(pathArbitrary, (path) => {
        // A URI whose last segment is a version would make `uri:name` read as a bare schema URN.
        fc.pre(path.uri === undefined || !/:\d+(?:\.\d+)*$/.test(path.uri));
        expect(parsePatchPath(formatPatchPath(path))).toEqual({ ok: true, value: path });
      }),
      { numRuns: 500 },
    );
  });

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
