/**
 * HTML that escapes by default: the `html` tagged template escapes every interpolation unless it
 * is already `SafeHtml` (the result of another `html` template, or of `unsafeRaw` for markup the
 * caller wrote itself). Every page of the console and every HTML error page is built with it.
 */

const ESCAPES: Readonly<Record<string, string>> = Object.freeze({
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
  "`": "&#96;",
});
const SPECIAL = /[&<>"'`]/g;

/** Markup that is already safe to place in a page; only `html` and `unsafeRaw` make one. */
export class SafeHtml {
  readonly #text: string;
  constructor(text: string) {
    this.#text = text;
  }
  /** The markup. */
  toString(): string {
    return this.#text;
  }
}

/** What an `html` template may interpolate: text (escaped), markup, nothing, or a list of these. */
export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

/** `text` with `& < > " ' \`` replaced by entities: safe in element content and in quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(SPECIAL, (c) => ESCAPES[c] ?? c);
}

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return "";
  if (value instanceof SafeHtml) return value.toString();
  if (Array.isArray(value)) return value.map(render).join("");
  return escapeHtml(String(value));
}

/**
 * The tagged template: the literal parts are kept as written, every interpolated value is
 * escaped (`null`, `undefined` and `false` render as nothing; arrays are joined). Attribute
 * values must be quoted in the template (`href="${url}"`): escaping makes a quoted value safe,
 * not an unquoted one.
 */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let out = strings[0] ?? "";
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + (strings[i + 1] ?? "");
  return new SafeHtml(out);
}

/** Markup the caller vouches for (a constant it wrote, never input): placed as is. */
export function unsafeRaw(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/** Renders a value as markup text (escaping text). */
export function renderHtml(value: HtmlValue): string {
  return render(value);
}
