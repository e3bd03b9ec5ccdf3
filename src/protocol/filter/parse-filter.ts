/** Parses RFC 7644 §3.4.2.2 filter text into a `Filter` tree, with length and depth caps. */
import { fail, ok, type Result, RosterError } from "../errors.ts";
import { DEFAULT_FILTER_LIMITS, type Filter, type FilterLimits } from "./filter-ast.ts";
import { FilterParser } from "./filter-parser.ts";
import { SyntaxCursor, SyntaxFailure } from "./syntax-cursor.ts";

/**
 * The deepest nesting Roster parses whatever the configured limits say, so that a generous
 * configuration cannot exhaust the stack of the parser or of the code that walks the tree.
 */
export const MAX_FILTER_DEPTH = 256;

/**
 * Parses a filter (RFC 7644 §3.4.2.2, Figure 1): every comparison operator, `pr`, `and`/`or`/
 * `not (…)` with precedence not > and > or, parentheses, value paths (`emails[type eq "work"]`,
 * and `emails[type eq "work"].value eq "x"` as `emails[type eq "work" and value eq "x"]`),
 * schema-qualified names. Operators and keywords are case-insensitive and lower-cased in the
 * tree; names keep their case. Never throws: text longer than `limits.maxLength` or nested
 * deeper than `limits.maxDepth` (or `MAX_FILTER_DEPTH`) and every syntax error give
 * `invalidFilter` with a detail naming the position (1-based) and what was expected.
 */
export function parseFilter(text: string, limits: FilterLimits = DEFAULT_FILTER_LIMITS): Result<Filter> {
  if (typeof text !== "string") return fail("invalidFilter", "the filter must be a string");
  if (text.length > limits.maxLength) {
    return fail("invalidFilter", `the filter is longer than ${limits.maxLength} characters`);
  }
  const cursor = new SyntaxCursor(text);
  const maxDepth = Math.min(limits.maxDepth, MAX_FILTER_DEPTH);
  try {
    return ok(new FilterParser(cursor, maxDepth).parseAll());
  } catch (error) {
    if (error instanceof SyntaxFailure) return fail("invalidFilter", `invalid filter: ${error.message}`);
    if (error instanceof RangeError) return fail("invalidFilter", "invalid filter: nested too deeply");
    return { ok: false, error: new RosterError("invalidFilter", "invalid filter", { cause: error }) };
  }
}
