/** The RFC 7644 §3.4.2.2 `compValue` rule: `false / null / true / number / string`, JSON-encoded. */
import { isWellFormedText } from "../limits.ts";
import type { CompareValue } from "./filter-ast.ts";
import { isSpace, type SyntaxCursor } from "./syntax-cursor.ts";

const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/;
const WORD = /^[A-Za-z]$/;
const ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};
const HEX4 = /^[0-9A-Fa-f]{4}$/;

/**
 * Reads a JSON literal (RFC 8259) at the cursor, as RFC 7644 §3.4.2.2 requires for `compValue`:
 * a string with its escapes (which must make Unicode text: a lone surrogate such as `"\ud800"` is
 * refused), a finite number, or `true`/`false`/`null` (any case).
 * Numbers and keywords must be followed by whitespace, `)`, `]` or the end.
 */
export function readCompareValue(cursor: SyntaxCursor): CompareValue {
  const char = cursor.peek();
  if (char === '"') return readString(cursor);
  if (char === "-" || (char !== undefined && char >= "0" && char <= "9")) return readNumber(cursor);
  const start = cursor.pos;
  const word = cursor.takeWhile((c) => WORD.test(c)).toLowerCase();
  const value = word === "true" ? true : word === "false" ? false : word === "null" ? null : undefined;
  if (value === undefined) cursor.fail("a value (a JSON string, number, true, false or null)", start);
  assertDelimited(cursor, start);
  return value;
}

function readNumber(cursor: SyntaxCursor): number {
  const start = cursor.pos;
  const match = NUMBER.exec(cursor.text.slice(start, start + 400));
  if (match === null) cursor.fail("a number", start);
  cursor.pos += match[0].length;
  assertDelimited(cursor, start);
  const value = Number(match[0]);
  if (!Number.isFinite(value)) cursor.failWith("number out of range", start);
  return value;
}

function assertDelimited(cursor: SyntaxCursor, start: number): void {
  const next = cursor.peek();
  if (next !== undefined && !isSpace(next) && next !== ")" && next !== "]") {
    cursor.fail('a space, ")" or "]" after the value', cursor.pos);
  }
  if (cursor.pos === start) cursor.fail("a value", start);
}

function readString(cursor: SyntaxCursor): string {
  const start = cursor.pos;
  cursor.pos++;
  let value = "";
  for (;;) {
    const char = cursor.peek();
    if (char === undefined) cursor.failWith("unterminated string", start);
    if (char === '"') break;
    if (char < " ") cursor.failWith("unescaped control character in string", cursor.pos);
    if (char === "\\") {
      value += readEscape(cursor);
      continue;
    }
    const end = nextSpecial(cursor.text, cursor.pos);
    value += cursor.text.slice(cursor.pos, end);
    cursor.pos = end;
  }
  cursor.pos++;
  // `\ud800` is a valid JSON escape but not Unicode text: no stored value can equal it.
  if (!isWellFormedText(value)) cursor.failWith("the string holds a lone UTF-16 surrogate", start);
  return value;
}

function nextSpecial(text: string, from: number): number {
  let index = from;
  while (index < text.length) {
    const char = text[index]!;
    if (char === '"' || char === "\\" || char < " ") break;
    index++;
  }
  return index;
}

function readEscape(cursor: SyntaxCursor): string {
  const at = cursor.pos;
  const code = cursor.peek(1);
  if (code === "u") {
    const hex = cursor.text.slice(at + 2, at + 6);
    if (!HEX4.test(hex)) cursor.fail("four hexadecimal digits after \\u", at + 2);
    cursor.pos = at + 6;
    return String.fromCharCode(Number.parseInt(hex, 16));
  }
  const replacement = code === undefined ? undefined : ESCAPES[code];
  if (replacement === undefined) cursor.failWith("invalid escape in string", at);
  cursor.pos = at + 2;
  return replacement;
}
