/** Parses an RFC 7644 §3.5.2 PATCH `path` (Figure 7: `PATH = attrPath / valuePath [subAttr]`). */
import { fail, ok, type Result, RosterError } from "../errors.ts";
import { readAttrPath } from "../filter/attr-path-syntax.ts";
import { DEFAULT_FILTER_LIMITS, type Filter } from "../filter/filter-ast.ts";
import { FilterParser } from "../filter/filter-parser.ts";
import { MAX_FILTER_DEPTH } from "../filter/parse-filter.ts";
import { SyntaxCursor, SyntaxFailure } from "../filter/syntax-cursor.ts";
import type { PatchPath } from "./patch-path.ts";

/**
 * Parses a PATCH path (RFC 7644 §3.5.2): `name.givenName`, `emails[type eq "work"].value`,
 * `members[value eq "2819c223"]`, `urn:…:enterprise:2.0:User:manager.value`, or a bare schema
 * URN (`urn:…:enterprise:2.0:User`, giving `name` ""). Names keep their case; surrounding
 * whitespace is ignored. Never throws. A malformed filter inside the brackets (including an
 * unclosed `[`) fails with `invalidFilter`, the code RFC 7644 §3.12 gives for "PATCH (Path
 * Filter)"; everything else, including a segment equal to `__proto__`, `constructor` or
 * `prototype` in any case, or text longer than `DEFAULT_FILTER_LIMITS.maxLength`, fails with
 * `invalidPath`.
 */
export function parsePatchPath(text: string): Result<PatchPath> {
  if (typeof text !== "string") return fail("invalidPath", "the path must be a string");
  if (text.length > DEFAULT_FILTER_LIMITS.maxLength) {
    return fail("invalidPath", `the path is longer than ${DEFAULT_FILTER_LIMITS.maxLength} characters`);
  }
  const cursor = new SyntaxCursor(text);
  try {
    return ok(readPatchPath(cursor));
  } catch (error) {
    if (error instanceof FilterFailure) return fail("invalidFilter", `invalid filter in path: ${error.message}`);
    if (error instanceof SyntaxFailure) return fail("invalidPath", `invalid path: ${error.message}`);
    return { ok: false, error: new RosterError("invalidPath", "invalid path", { cause: error }) };
  }
}

class FilterFailure extends SyntaxFailure {}

function readPatchPath(cursor: SyntaxCursor): PatchPath {
  cursor.skipSpace();
  const path = readAttrPath(cursor, { allowSchemaUri: true });
  let valueFilter: Filter | undefined;
  let subAttr = path.subAttr;
  if (path.name !== "" && cursor.peek() === "[") {
    if (subAttr !== undefined) cursor.failWith("a value filter must follow an attribute, not a sub-attribute");
    cursor.pos++;
    valueFilter = readValueFilter(cursor);
    if (cursor.peek() === ".") {
      cursor.pos++;
      const subStart = cursor.pos;
      const sub = readAttrPath(cursor, { allowSchemaUri: false });
      if (sub.uri !== undefined || sub.subAttr !== undefined) cursor.fail("a sub-attribute name", subStart);
      subAttr = sub.name;
    }
  }
  cursor.skipSpace();
  if (!cursor.done) cursor.fail("the end of the path");
  return Object.freeze({ uri: path.uri, name: path.name, valueFilter, subAttr });
}

function readValueFilter(cursor: SyntaxCursor): Filter {
  try {
    return new FilterParser(cursor, Math.min(DEFAULT_FILTER_LIMITS.maxDepth, MAX_FILTER_DEPTH)).parseBracketBody(0);
  } catch (error) {
    if (error instanceof SyntaxFailure) throw new FilterFailure(error.position, error.message);
    throw error;
  }
}
