/**
 * The floor's SCIM filter (RFC 7644 §3.4.2.2): a small parser and an evaluator over plain JSON
 * resources, enough for what identity providers send (comparisons, `pr`, `and`/`or`/`not`,
 * parentheses, value paths such as `emails[type eq "work"].value eq "…"`). Kept apart from
 * Roster's own parser on purpose: the floor must not get faster or slower when Roster changes.
 */

/** Comparison operators. */
export type FilterOp = "eq" | "ne" | "co" | "sw" | "ew" | "gt" | "ge" | "lt" | "le";
type Scalar = string | number | boolean | null;

/** A parsed filter; attribute names are lower-cased. */
export type FilterNode =
  | { readonly kind: "compare"; readonly path: readonly string[]; readonly op: FilterOp; readonly value: Scalar }
  | { readonly kind: "present"; readonly path: readonly string[] }
  | { readonly kind: "and" | "or"; readonly left: FilterNode; readonly right: FilterNode }
  | { readonly kind: "not"; readonly inner: FilterNode }
  | {
      readonly kind: "valuePath";
      readonly attribute: string;
      readonly filter: FilterNode;
      /** `attr[filter].sub op value`: the comparison each matching element must also pass. */
      readonly sub?: FilterNode;
    };

/** The parse result: a tree, or why the text is no filter. */
export type ParsedFilter =
  | { readonly ok: true; readonly value: FilterNode }
  | { readonly ok: false; readonly error: string };

const OPS = new Set<string>(["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"]);
const TOKEN = /\s*(?:("(?:[^"\\]|\\.)*")|([()[\]])|([A-Za-z0-9_$:.-]+))/y;

function tokenize(text: string): string[] | undefined {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    if (/^\s*$/.test(text.slice(TOKEN.lastIndex))) break;
    const match = TOKEN.exec(text);
    if (!match) return undefined;
    tokens.push(match[1] ?? match[2] ?? match[3] ?? "");
  }
  return tokens;
}

/** `urn:…:User:department` → [schema, "department"]; `name.givenName` → ["name", "givenname"]. */
function attributePath(token: string): string[] {
  const lower = token.toLowerCase();
  if (lower.startsWith("urn:")) {
    const cut = lower.lastIndexOf(":");
    return [lower.slice(0, cut), ...lower.slice(cut + 1).split(".")];
  }
  return lower.split(".");
}

class Parser {
  private index = 0;
  constructor(private readonly tokens: readonly string[]) {}

  private peek(): string | undefined {
    return this.tokens[this.index];
  }

  private take(): string {
    const token = this.tokens[this.index++];
    if (token === undefined) throw new Error("unexpected end of filter");
    return token;
  }

  private expect(token: string): void {
    const got = this.take();
    if (got !== token) throw new Error(`expected ${token}, got ${got}`);
  }

  parse(): FilterNode {
    const node = this.or();
    if (this.peek() !== undefined) throw new Error(`unexpected ${this.peek()}`);
    return node;
  }

  or(): FilterNode {
    let left = this.and();
    while (this.peek()?.toLowerCase() === "or") {
      this.take();
      left = { kind: "or", left, right: this.and() };
    }
    return left;
  }

  and(): FilterNode {
    let left = this.atom();
    while (this.peek()?.toLowerCase() === "and") {
      this.take();
      left = { kind: "and", left, right: this.atom() };
    }
    return left;
  }

  atom(): FilterNode {
    const token = this.take();
    if (token === "(") {
      const inner = this.or();
      this.expect(")");
      return inner;
    }
    if (token.toLowerCase() === "not" && this.peek() === "(") {
      this.take();
      const inner = this.or();
      this.expect(")");
      return { kind: "not", inner };
    }
    if (token.startsWith('"') || token === "[" || token === "]" || token === ")") {
      throw new Error(`expected an attribute, got ${token}`);
    }
    if (this.peek() === "[") {
      this.take();
      const filter = this.or();
      this.expect("]");
      const next = this.peek();
      if (next?.startsWith(".")) {
        this.take();
        return { kind: "valuePath", attribute: token.toLowerCase(), filter, sub: this.comparison(next.slice(1)) };
      }
      return { kind: "valuePath", attribute: token.toLowerCase(), filter };
    }
    return this.comparison(token);
  }

  comparison(attribute: string): FilterNode {
    const path = attributePath(attribute);
    const op = this.take().toLowerCase();
    if (op === "pr") return { kind: "present", path };
    if (!OPS.has(op)) throw new Error(`unknown operator ${op}`);
    return { kind: "compare", path, op: op as FilterOp, value: scalar(this.take()) };
  }
}

function scalar(token: string): Scalar {
  if (token.startsWith('"')) return JSON.parse(token) as string;
  const lower = token.toLowerCase();
  if (lower === "true") return true;
  if (lower === "false") return false;
  if (lower === "null") return null;
  const number = Number(token);
  if (Number.isFinite(number)) return number;
  throw new Error(`bad value ${token}`);
}

/** Parses a filter; never throws. */
export function parseFilter(text: string): ParsedFilter {
  const tokens = tokenize(text);
  if (!tokens || tokens.length === 0) return { ok: false, error: "malformed filter" };
  try {
    return { ok: true, value: new Parser(tokens).parse() };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** The value of `key` in `object`, attribute names compared case-insensitively (RFC 7643 §2.1). */
export function attribute(object: unknown, key: string): unknown {
  if (typeof object !== "object" || object === null || Array.isArray(object)) return undefined;
  const record = object as Record<string, unknown>;
  if (key in record) return record[key];
  for (const name of Object.keys(record)) if (name.toLowerCase() === key) return record[name];
  return undefined;
}

/** Every value at `path`, multi-valued attributes flattened. */
function valuesAt(resource: unknown, path: readonly string[]): unknown[] {
  let current: unknown[] = [resource];
  for (const key of path) {
    const next: unknown[] = [];
    for (const value of current) {
      const found = attribute(value, key);
      if (Array.isArray(found)) next.push(...found);
      else if (found !== undefined) next.push(found);
    }
    current = next;
  }
  return current;
}

// RFC 7643 §4.1, §7: id and externalId compare case-exactly; the rest of what providers filter on does not.
const CASE_EXACT = new Set(["id", "externalid"]);

function compare(actual: unknown, op: FilterOp, expected: Scalar, caseExact: boolean): boolean {
  if (typeof actual === "object" && actual !== null) actual = attribute(actual, "value");
  if (typeof actual === "string" && typeof expected === "string") {
    const a = caseExact ? actual : actual.toLowerCase();
    const b = caseExact ? expected : expected.toLowerCase();
    switch (op) {
      case "eq":
        return a === b;
      case "ne":
        return a !== b;
      case "co":
        return a.includes(b);
      case "sw":
        return a.startsWith(b);
      case "ew":
        return a.endsWith(b);
      case "gt":
        return a > b;
      case "ge":
        return a >= b;
      case "lt":
        return a < b;
      case "le":
        return a <= b;
    }
  }
  if (op === "eq") return actual === expected;
  if (op === "ne") return actual !== expected;
  if (typeof actual === "number" && typeof expected === "number") {
    if (op === "gt") return actual > expected;
    if (op === "ge") return actual >= expected;
    if (op === "lt") return actual < expected;
    if (op === "le") return actual <= expected;
  }
  return false;
}

/** Whether `resource` matches `node`. */
export function matches(node: FilterNode, resource: unknown): boolean {
  switch (node.kind) {
    case "and":
      return matches(node.left, resource) && matches(node.right, resource);
    case "or":
      return matches(node.left, resource) || matches(node.right, resource);
    case "not":
      return !matches(node.inner, resource);
    case "present":
      return valuesAt(resource, node.path).some((v) => v !== null && v !== "");
    case "compare": {
      const values = valuesAt(resource, node.path);
      const caseExact = CASE_EXACT.has(node.path[node.path.length - 1] ?? "");
      if (node.op === "ne") return values.every((v) => compare(v, "ne", node.value, caseExact));
      return values.some((v) => compare(v, node.op, node.value, caseExact));
    }
    case "valuePath": {
      const elements = valuesAt(resource, [node.attribute]);
      return elements.some(
        (element) => matches(node.filter, element) && (node.sub === undefined || matches(node.sub, element)),
      );
    }
  }
}
