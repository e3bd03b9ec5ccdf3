/** The parse tree of an RFC 7644 §3.4.2.2 filter: plain frozen objects, each with a `kind`. */

/**
 * An attribute path as written in a filter or PATCH path: an optional schema URN, an attribute
 * name and an optional sub-attribute. Names keep the case they were written in; resolution
 * against the schemas (case-insensitive) happens later. Inside a value filter (`emails[...]`)
 * `name` is a sub-attribute of the enclosing attribute and `uri` and `subAttr` are undefined.
 */
export interface AttrPath {
  readonly uri: string | undefined;
  readonly name: string;
  readonly subAttr: string | undefined;
}

/** The comparison operators of RFC 7644 §3.4.2.2, lower-cased. */
export type CompareOperator = "eq" | "ne" | "co" | "sw" | "ew" | "gt" | "ge" | "lt" | "le";

/** A literal in a comparison: a JSON string, number, boolean or null. */
export type CompareValue = string | number | boolean | null;

/** A filter expression. */
export type Filter =
  | { readonly kind: "compare"; readonly path: AttrPath; readonly op: CompareOperator; readonly value: CompareValue }
  | { readonly kind: "present"; readonly path: AttrPath }
  | { readonly kind: "and"; readonly left: Filter; readonly right: Filter }
  | { readonly kind: "or"; readonly left: Filter; readonly right: Filter }
  | { readonly kind: "not"; readonly filter: Filter }
  /**
   * `emails[type eq "work"]`: true when one element of the multi-valued attribute matches
   * `filter`, whose paths name sub-attributes. `emails[type eq "work"].value eq "x"` is parsed
   * as `emails[type eq "work" and value eq "x"]`.
   */
  | { readonly kind: "valuePath"; readonly path: AttrPath; readonly filter: Filter };

/** Limits that keep a hostile filter from costing more than a normal one. */
export interface FilterLimits {
  /** Maximum length of the filter text, in characters. */
  readonly maxLength: number;
  /** Maximum nesting of parentheses, brackets and `not`. */
  readonly maxDepth: number;
}

/** The limits Roster applies unless configured otherwise. */
export const DEFAULT_FILTER_LIMITS: FilterLimits = Object.freeze({ maxLength: 4096, maxDepth: 32 });
