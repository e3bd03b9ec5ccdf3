/** Writes a `Filter` tree back as RFC 7644 §3.4.2.2 filter text. */
import type { AttrPath, CompareValue, Filter } from "./filter-ast.ts";

/**
 * Formats a filter (RFC 7644 §3.4.2.2) so that `parseFilter(formatFilter(f))` gives a tree
 * equal to `f` for every tree `parseFilter` can produce: parentheses only where precedence
 * (not > and > or, left-associative) needs them, strings and numbers as JSON, `not (…)`.
 */
export function formatFilter(filter: Filter): string {
  switch (filter.kind) {
    case "compare":
      return `${formatAttrPath(filter.path)} ${filter.op} ${formatCompareValue(filter.value)}`;
    case "present":
      return `${formatAttrPath(filter.path)} pr`;
    case "and":
      return `${group(filter.left, filter.left.kind === "or")} and ${group(filter.right, filter.right.kind === "or" || filter.right.kind === "and")}`;
    case "or":
      return `${formatFilter(filter.left)} or ${group(filter.right, filter.right.kind === "or")}`;
    case "not":
      return `not (${formatFilter(filter.filter)})`;
    case "valuePath":
      return `${formatAttrPath(filter.path)}[${formatFilter(filter.filter)}]`;
  }
}

/** Formats an RFC 7644 §3.4.2.2 `attrPath`: `[URI ":"] name ["." subAttr]`. */
export function formatAttrPath(path: AttrPath): string {
  const prefix = path.uri === undefined ? "" : `${path.uri}:`;
  const suffix = path.subAttr === undefined ? "" : `.${path.subAttr}`;
  return `${prefix}${path.name}${suffix}`;
}

/** Formats a `compValue` as JSON (RFC 7644 §3.4.2.2); `-0` keeps its sign. */
export function formatCompareValue(value: CompareValue): string {
  if (typeof value === "number" && Object.is(value, -0)) return "-0";
  return JSON.stringify(value);
}

function group(filter: Filter, parenthesize: boolean): string {
  return parenthesize ? `(${formatFilter(filter)})` : formatFilter(filter);
}
