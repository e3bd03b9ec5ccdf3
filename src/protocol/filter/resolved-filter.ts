/** A filter whose attribute paths have been resolved against a resource type's schemas. */
import type { ResolvedAttribute } from "../schema/schema-types.ts";
import type { CompareOperator, CompareValue } from "./filter-ast.ts";

/**
 * The same tree as `Filter`, with every path resolved: names are canonical, types and
 * `caseExact` are known, and a path to a multi-valued complex attribute without a
 * sub-attribute (`emails eq "x"`) has been rewritten to its `value` sub-attribute
 * (RFC 7644 §3.4.2.2). Inside `valuePath`, each `attr` is a sub-attribute of the valuePath's
 * attribute (its `canonicalPath` is e.g. `emails.type`).
 */
export type ResolvedFilter =
  | {
      readonly kind: "compare";
      readonly attr: ResolvedAttribute;
      readonly op: CompareOperator;
      readonly value: CompareValue;
    }
  | { readonly kind: "present"; readonly attr: ResolvedAttribute }
  | { readonly kind: "and"; readonly left: ResolvedFilter; readonly right: ResolvedFilter }
  | { readonly kind: "or"; readonly left: ResolvedFilter; readonly right: ResolvedFilter }
  | { readonly kind: "not"; readonly filter: ResolvedFilter }
  | { readonly kind: "valuePath"; readonly attr: ResolvedAttribute; readonly filter: ResolvedFilter };
