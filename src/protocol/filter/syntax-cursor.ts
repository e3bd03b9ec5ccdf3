/** A position-tracking reader over filter and PATH text, shared by the RFC 7644 §3.4.2.2 and §3.5.2 parsers. */

/**
 * Thrown inside the parsers and caught at their entry points, which turn it into a `Result`;
 * it never leaves `parseFilter` or `parsePatchPath`. `position` is 0-based.
 */
export class SyntaxFailure {
  constructor(
    readonly position: number,
    readonly message: string,
  ) {}
}

const SPACE = new Set([" ", "\t", "\r", "\n"]);

/** True for the whitespace tolerated between tokens (RFC 7644 §3.4.2.2 writes SP; clients send more). */
export function isSpace(char: string | undefined): boolean {
  return char !== undefined && SPACE.has(char);
}

/** A cursor over one input text; `pos` only moves forward except when a caller backtracks explicitly. */
export class SyntaxCursor {
  pos = 0;

  constructor(readonly text: string) {}

  /** True when every character has been consumed. */
  get done(): boolean {
    return this.pos >= this.text.length;
  }

  /** The character at `pos + offset`, or undefined past the end. */
  peek(offset = 0): string | undefined {
    return this.text[this.pos + offset];
  }

  /** Skips whitespace; returns whether there was any. */
  skipSpace(): boolean {
    const start = this.pos;
    while (isSpace(this.text[this.pos])) this.pos++;
    return this.pos > start;
  }

  /** Consumes `char` or fails saying it was expected. */
  expect(char: string, what = `"${char}"`): void {
    if (this.text[this.pos] !== char) this.fail(what);
    this.pos++;
  }

  /** Consumes characters while `test` holds and returns them. */
  takeWhile(test: (char: string) => boolean): string {
    const start = this.pos;
    while (this.pos < this.text.length && test(this.text[this.pos]!)) this.pos++;
    return this.text.slice(start, this.pos);
  }

  /** Fails with "expected …, found …" at `at` (default: the current position). */
  fail(expected: string, at = this.pos): never {
    throw new SyntaxFailure(at, `expected ${expected} at position ${at + 1}, found ${this.describe(at)}`);
  }

  /** Fails with a message of its own at `at`. */
  failWith(message: string, at = this.pos): never {
    throw new SyntaxFailure(at, `${message} at position ${at + 1}`);
  }

  private describe(at: number): string {
    if (at >= this.text.length) return "the end of the text";
    const excerpt = this.text.slice(at, at + 12);
    return JSON.stringify(excerpt.length < this.text.length - at ? `${excerpt}…` : excerpt);
  }
}
