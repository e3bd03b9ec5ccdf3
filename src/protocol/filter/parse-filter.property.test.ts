/** Property tests: filters round-trip through formatFilter/parseFilter, and no input makes parseFilter throw. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isWellFormedText } from "../limits.ts";
import { filterArbitrary, loneSurrogateStringArbitrary } from "./filter-arbitraries.ts";
import { formatFilter } from "./format-filter.ts";
import { parseFilter } from "./parse-filter.ts";

const LIMITS = { maxLength: 1_000_000, maxDepth: 32 };
const TOKENS = [
  "(",
  ")",
  "[",
  "]",
  " ",
  "\t",
  "eq",
  "EQ",
  "pr",
  "gt",
  "and",
  "or",
  "not",
  "Not ",
  '"x"',
  '"',
  "\\",
  "\\u",
  "1",
  "-",
  "1e5",
  ".",
  ":",
  "urn",
  "emails",
  "type",
  "value",
  "true",
  "null",
  "$ref",
  "__proto__",
];

describe("parseFilter properties", () => {
  it("parses the text formatFilter writes back to an equal tree", () => {
    fc.assert(
      fc.property(filterArbitrary, (filter) => {
        const result = parseFilter(formatFilter(filter), LIMITS);
        expect(result).toEqual({ ok: true, value: filter });
      }),
      { numRuns: 500 },
    );
  });

  it("refuses a string value holding a lone surrogate, escaped or raw, with invalidFilter", () => {
    fc.assert(
      fc.property(loneSurrogateStringArbitrary, fc.boolean(), (value, escaped) => {
        // JSON.stringify escapes lone surrogates (`"\ud800"`); the raw form puts the code unit itself in the text.
        const raw = [...value].filter((char) => char !== '"' && char !== "\\" && char >= " ").join("");
        fc.pre(escaped || !isWellFormedText(raw));
        const literal = escaped ? JSON.stringify(value) : `"${raw}"`;
        const result = parseFilter(`userName eq ${literal}`, LIMITS);
        expect(result).toMatchObject({ ok: false, error: { code: "invalidFilter" } });
      }),
      { numRuns: 300 },
    );
  });

  it("returns a Result and never throws on arbitrary text", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: "binary" })), (text) => {
        expectResult(parseFilter(text));
      }),
      { numRuns: 1000 },
    );
  });

  it("returns a Result on token soup, and what it accepts round-trips", () => {
    const soup = fc.array(fc.constantFrom(...TOKENS), { maxLength: 30 }).map((tokens) => tokens.join(""));
    fc.assert(
      fc.property(soup, (text) => {
        const result = parseFilter(text);
        expectResult(result);
        if (result.ok) expect(parseFilter(formatFilter(result.value), LIMITS)).toEqual(result);
      }),
      { numRuns: 2000 },
    );
  });

  it("refuses nesting deeper than maxDepth with invalidFilter", () => {
    const opener = fc.constantFrom("(", "not (", "NOT(");
    fc.assert(
      fc.property(fc.array(opener, { minLength: 33, maxLength: 3000 }), (openers) => {
        const text = `${openers.join("")}a pr${")".repeat(openers.length)}`;
        const result = parseFilter(text, LIMITS);
        expect(result.ok ? undefined : result.error.code).toBe("invalidFilter");
      }),
      { numRuns: 100 },
    );
  });
});

function expectResult(result: ReturnType<typeof parseFilter>): void {
  expect(typeof result.ok).toBe("boolean");
  if (!result.ok) expect(result.error.code).toBe("invalidFilter");
}
