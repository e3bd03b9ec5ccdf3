/** The recursive-descent grammar of RFC 7644 §3.4.2.2 (Figure 1), over a syntax cursor. */
import { readAttrPath } from "./attr-path-syntax.ts";
import { readCompareValue } from "./compare-value-syntax.ts";
import type { AttrPath, CompareOperator, Filter } from "./filter-ast.ts";
import { isSpace, type SyntaxCursor } from "./syntax-cursor.ts";

const COMPARE_OPERATORS: ReadonlySet<string> = new Set(["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"]);
const LETTER = /^[A-Za-z]$/;
const OPERATORS = "an operator (eq, ne, co, sw, ew, gt, ge, lt, le, pr)";

/**
 * Parses RFC 7644 §3.4.2.2 filters with `not` binding tighter than `and`, and `and` tighter
 * than `or`; both are left-associative. `depth` counts open parentheses, brackets and
 * `not (`; passing `maxDepth` fails before recursing further, so the stack stays shallow.
 * Throws `SyntaxFailure`, which the public entry points turn into a `Result`.
 */
export class FilterParser {
  constructor(
    private readonly cursor: SyntaxCursor,
    private readonly maxDepth: number,
  ) {}

  /** FILTER up to the end of the text. */
  parseAll(): Filter {
    const filter = this.parseOr(0, false);
    this.cursor.skipSpace();
    if (!this.cursor.done) this.cursor.fail('"and", "or" or the end of the filter');
    return filter;
  }

  /**
   * `valFilter "]"`: the filter inside a value path's brackets, whose opening `[` has been
   * consumed; consumes the closing `]`. Paths inside are bare sub-attribute names.
   */
  parseBracketBody(depth: number): Filter {
    this.enter(depth);
    const filter = this.parseOr(depth + 1, true);
    this.cursor.skipSpace();
    this.cursor.expect("]", '"and", "or" or "]"');
    return filter;
  }

  private parseOr(depth: number, inBracket: boolean): Filter {
    let left = this.parseAnd(depth, inBracket);
    while (this.keyword("or")) {
      left = Object.freeze({ kind: "or", left, right: this.parseAnd(depth, inBracket) });
    }
    return left;
  }

  private parseAnd(depth: number, inBracket: boolean): Filter {
    let left = this.parseUnary(depth, inBracket);
    while (this.keyword("and")) {
      left = Object.freeze({ kind: "and", left, right: this.parseUnary(depth, inBracket) });
    }
    return left;
  }

  private parseUnary(depth: number, inBracket: boolean): Filter {
    const cursor = this.cursor;
    cursor.skipSpace();
    if (cursor.peek() === "(") {
      cursor.pos++;
      return this.parseGroup(depth, inBracket);
    }
    if (this.notKeyword()) {
      return Object.freeze({ kind: "not", filter: this.parseGroup(depth, inBracket) });
    }
    const first = cursor.peek();
    if (first === undefined || !(LETTER.test(first) || first === "$")) cursor.fail('an attribute path, "(" or "not ("');
    return this.parseAttrExp(depth, inBracket);
  }

  private parseGroup(depth: number, inBracket: boolean): Filter {
    this.enter(depth);
    const filter = this.parseOr(depth + 1, inBracket);
    this.cursor.skipSpace();
    this.cursor.expect(")", '"and", "or" or ")"');
    return filter;
  }

  private parseAttrExp(depth: number, inBracket: boolean): Filter {
    const cursor = this.cursor;
    const start = cursor.pos;
    const path = readAttrPath(cursor, { allowSchemaUri: false });
    if (inBracket && (path.uri !== undefined || path.subAttr !== undefined)) {
      cursor.fail("a sub-attribute name of the enclosing attribute", start);
    }
    const spaced = cursor.skipSpace();
    if (cursor.peek() === "[") {
      if (inBracket) cursor.failWith("value paths cannot be nested", cursor.pos);
      cursor.pos++;
      return this.parseValuePath(path, depth);
    }
    if (!spaced) cursor.fail(`a space and ${OPERATORS}`);
    return this.parseOperation(path);
  }

  private parseValuePath(path: AttrPath, depth: number): Filter {
    const cursor = this.cursor;
    const inner = this.parseBracketBody(depth);
    if (cursor.peek() !== ".") return Object.freeze({ kind: "valuePath", path, filter: inner });
    cursor.pos++;
    const subStart = cursor.pos;
    const sub = readAttrPath(cursor, { allowSchemaUri: false });
    if (sub.uri !== undefined || sub.subAttr !== undefined) cursor.fail("a sub-attribute name", subStart);
    if (!cursor.skipSpace()) cursor.fail(`a space and ${OPERATORS}`);
    const filter: Filter = Object.freeze({ kind: "and", left: inner, right: this.parseOperation(sub) });
    return Object.freeze({ kind: "valuePath", path, filter });
  }

  private parseOperation(path: AttrPath): Filter {
    const cursor = this.cursor;
    const start = cursor.pos;
    const op = cursor.takeWhile((char) => LETTER.test(char)).toLowerCase();
    const next = cursor.peek();
    const delimited = next === undefined || isSpace(next) || next === ")" || next === "]";
    if (op === "pr" && delimited) return Object.freeze({ kind: "present", path });
    if (!COMPARE_OPERATORS.has(op)) cursor.fail(OPERATORS, start);
    if (!delimited) cursor.fail(`a space after "${op}"`);
    if (!cursor.skipSpace()) cursor.fail(`a space and a value after "${op}"`);
    const value = readCompareValue(cursor);
    return Object.freeze({ kind: "compare", path, op: op as CompareOperator, value });
  }

  /** Consumes `and`/`or` (any case) when it comes next as a whole word, after a token boundary. */
  private keyword(word: string): boolean {
    const cursor = this.cursor;
    const save = cursor.pos;
    const previous = cursor.text[save - 1];
    const spaced = cursor.skipSpace();
    const bounded = spaced || previous === ")" || previous === "]" || previous === '"';
    const end = cursor.pos + word.length;
    const after = cursor.text[end];
    if (
      bounded &&
      cursor.text.slice(cursor.pos, end).toLowerCase() === word &&
      (after === undefined || isSpace(after) || after === "(")
    ) {
      cursor.pos = end;
      return true;
    }
    cursor.pos = save;
    return false;
  }

  /** Consumes `not` followed by optional whitespace and `(` (RFC 7644 errata 7319). */
  private notKeyword(): boolean {
    const cursor = this.cursor;
    if (cursor.text.slice(cursor.pos, cursor.pos + 3).toLowerCase() !== "not") return false;
    let index = cursor.pos + 3;
    while (isSpace(cursor.text[index])) index++;
    if (cursor.text[index] !== "(") return false;
    cursor.pos = index + 1;
    return true;
  }

  private enter(depth: number): void {
    if (depth >= this.maxDepth) this.cursor.failWith(`nesting deeper than ${this.maxDepth} levels`);
  }
}
