/** fast-check generators of the trees `parseFilter` produces, for the filter and path property tests. */
import fc from "fast-check";
import { isWellFormedText } from "../limits.ts";
import type { AttrPath, CompareOperator, CompareValue, Filter } from "./filter-ast.ts";

const OPERATORS: readonly CompareOperator[] = ["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"];

/** An RFC 7644 §3.4.2.2 ATTRNAME (at most 8 characters, so never `constructor` or `prototype`), or `$ref`. */
export const attrNameArbitrary: fc.Arbitrary<string> = fc.oneof(
  { weight: 20, arbitrary: fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,7}$/) },
  { weight: 1, arbitrary: fc.constant("$ref") },
);

/** A schema URI: `urn:` and colon-separated segments, some with dots like `2.0`. */
export const uriArbitrary: fc.Arbitrary<string> = fc
  .array(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,7}$/), { minLength: 1, maxLength: 6 })
  .map((segments) => `urn:${segments.join(":")}`);

/**
 * Any Unicode string, including escapes, control characters and surrogate pairs; not lone
 * surrogates, which the parser refuses (see `loneSurrogateStringArbitrary`).
 */
const stringValueArbitrary: fc.Arbitrary<string> = fc
  .oneof(
    fc.string(),
    fc.string({ unit: "binary" }),
    fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)) }),
  )
  .filter(isWellFormedText);

/** A string holding at least one lone UTF-16 surrogate, anywhere. */
export const loneSurrogateStringArbitrary: fc.Arbitrary<string> = fc
  .tuple(fc.string(), fc.integer({ min: 0xd800, max: 0xdfff }), fc.string())
  .map(([before, code, after]) => `${before}${String.fromCharCode(code)}${after}`)
  .filter((text) => !isWellFormedText(text));

/** Any `compValue`: strings, finite numbers (including -0), booleans, null. */
export const compareValueArbitrary: fc.Arbitrary<CompareValue> = fc.oneof(
  stringValueArbitrary,
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
);

/** A top-level attribute path: optional URI, name, optional sub-attribute. */
export const attrPathArbitrary: fc.Arbitrary<AttrPath> = fc.record({
  uri: fc.option(uriArbitrary, { nil: undefined }),
  name: attrNameArbitrary,
  subAttr: fc.option(attrNameArbitrary, { nil: undefined }),
});

/** A path inside brackets: a bare sub-attribute name. */
export const subAttrPathArbitrary: fc.Arbitrary<AttrPath> = attrNameArbitrary.map((name) => ({
  uri: undefined,
  name,
  subAttr: undefined,
}));

function leaf(path: fc.Arbitrary<AttrPath>): fc.Arbitrary<Filter> {
  return fc.oneof(
    fc.record({
      kind: fc.constant("compare" as const),
      path,
      op: fc.constantFrom(...OPERATORS),
      value: compareValueArbitrary,
    }),
    fc.record({ kind: fc.constant("present" as const), path }),
  );
}

/** Filters built from `leafArbitrary` with and/or/not, at most `depth` levels of nesting. */
function tree(leafArbitrary: fc.Arbitrary<Filter>, depth: number): fc.Arbitrary<Filter> {
  const { node } = fc.letrec<{ node: Filter }>((self) => ({
    node: fc.oneof(
      { depthSize: "small", maxDepth: depth, withCrossShrink: true },
      leafArbitrary,
      fc.record({ kind: fc.constant("and" as const), left: self("node"), right: self("node") }),
      fc.record({ kind: fc.constant("or" as const), left: self("node"), right: self("node") }),
      fc.record({ kind: fc.constant("not" as const), filter: self("node") }),
    ),
  }));
  return node;
}

/** A value filter: what may appear inside `emails[…]`. */
export const valueFilterArbitrary: fc.Arbitrary<Filter> = tree(leaf(subAttrPathArbitrary), 4);

/** Any filter `parseFilter` can produce with the default limits, value paths included. */
export const filterArbitrary: fc.Arbitrary<Filter> = tree(
  fc.oneof(
    { weight: 3, arbitrary: leaf(attrPathArbitrary) },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant("valuePath" as const),
        path: attrPathArbitrary,
        filter: valueFilterArbitrary,
      }),
    },
  ),
  5,
);
