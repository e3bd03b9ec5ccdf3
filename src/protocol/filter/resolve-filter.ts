/** Resolves the attribute paths of a filter against a resource type's schemas (RFC 7644 §3.4.2.2, §3.10). */
import { fail, ok, type Result } from "../errors.ts";
import { isLongerThan, stringLimit } from "../limits.ts";
import { resolveAttribute, resolveSubAttribute, schemasFor } from "../schema/resolve-attribute.ts";
import type { AttributeDefinition, ResolvedAttribute, ResourceTypeName } from "../schema/schema-types.ts";
import type { AttrPath, Filter } from "./filter-ast.ts";
import { formatAttrPath } from "./format-filter.ts";
import { normalizeCompareValue } from "./normalize-compare-value.ts";
import type { ResolvedFilter } from "./resolved-filter.ts";

/** Where a filter's paths are looked up: a resource type, or the sub-attributes of one attribute. */
interface Scope {
  readonly describe: (path: AttrPath) => string;
  readonly lookup: (path: AttrPath) => ResolvedAttribute | undefined;
  readonly valuePath: ((path: AttrPath, filter: Filter) => Result<ResolvedFilter>) | undefined;
}

/**
 * Resolves every path of `filter` against the schemas of `resourceType` (names
 * case-insensitive, URN-qualified or not, RFC 7644 §3.10) and checks every comparison against
 * its attribute's type (see `normalizeCompareValue`). A path to a multi-valued complex
 * attribute without a sub-attribute (`emails eq "x"`, `emails pr`) becomes its `value`
 * sub-attribute (RFC 7644 §3.4.2.2). A value path must name a multi-valued or complex
 * attribute. Unknown attributes and misfits fail with `invalidFilter`, and so does a string
 * longer than the attribute's length limit (`src/protocol/limits.ts`), which no stored value has.
 */
export function resolveFilter(resourceType: ResourceTypeName, filter: Filter): Result<ResolvedFilter> {
  return resolveNode(
    {
      describe: formatAttrPath,
      lookup: (path) => resolveAttribute(resourceType, path) ?? schemasAttribute(resourceType, path),
      valuePath: (path, inner) => resolveValuePath(resourceType, path, inner),
    },
    filter,
  );
}

/**
 * Resolves a value filter (RFC 7644 §3.4.2.2 `valFilter`, the part inside `emails[…]`, and the
 * filter of a §3.5.2 PATCH path) whose paths are bare sub-attribute names of `parent`.
 * Qualified or dotted paths and nested value paths fail with `invalidFilter`.
 */
export function resolveValueFilter(parent: ResolvedAttribute, filter: Filter): Result<ResolvedFilter> {
  return resolveNode(
    {
      describe: (path) => `${parent.canonicalPath}.${formatAttrPath(path)}`,
      lookup: (path) =>
        path.uri === undefined && path.subAttr === undefined ? resolveSubAttribute(parent, path.name) : undefined,
      valuePath: undefined,
    },
    filter,
  );
}

/**
 * `schemas`, which RFC 7643 §3 defines for every resource but no schema lists: filterable
 * (`schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"`, an RFC 7644
 * §3.4.2.2 example) as a multi-valued, case-insensitive string.
 */
function schemasAttribute(resourceType: ResourceTypeName, path: AttrPath): ResolvedAttribute | undefined {
  if (path.uri !== undefined || path.subAttr !== undefined || path.name.toLowerCase() !== "schemas") return undefined;
  const [core] = schemasFor(resourceType);
  return core === undefined
    ? undefined
    : { schema: core, attribute: SCHEMAS_ATTRIBUTE, subAttribute: undefined, canonicalPath: "schemas" };
}

const SCHEMAS_ATTRIBUTE: AttributeDefinition = Object.freeze({
  name: "schemas",
  type: "reference",
  multiValued: true,
  description: "The schemas of the resource (RFC 7643 §3).",
  required: true,
  caseExact: false,
  mutability: "readOnly",
  returned: "always",
  uniqueness: "none",
  referenceTypes: Object.freeze(["uri"]),
});

function resolveValuePath(resourceType: ResourceTypeName, path: AttrPath, filter: Filter): Result<ResolvedFilter> {
  const attr = resolveAttribute(resourceType, path);
  if (attr === undefined) return unknown(formatAttrPath(path));
  const def = attr.subAttribute ?? attr.attribute;
  if (attr.subAttribute !== undefined || !(def.multiValued || def.type === "complex")) {
    return fail(
      "invalidFilter",
      `"${attr.canonicalPath}" is neither multi-valued nor complex, so it takes no [filter]`,
    );
  }
  const inner = resolveValueFilter(attr, filter);
  return inner.ok ? ok(Object.freeze({ kind: "valuePath", attr, filter: inner.value })) : inner;
}

function resolveNode(scope: Scope, filter: Filter): Result<ResolvedFilter> {
  switch (filter.kind) {
    case "and":
    case "or": {
      const left = resolveNode(scope, filter.left);
      if (!left.ok) return left;
      const right = resolveNode(scope, filter.right);
      if (!right.ok) return right;
      return ok(Object.freeze({ kind: filter.kind, left: left.value, right: right.value }));
    }
    case "not": {
      const inner = resolveNode(scope, filter.filter);
      return inner.ok ? ok(Object.freeze({ kind: "not", filter: inner.value })) : inner;
    }
    case "valuePath":
      return scope.valuePath === undefined
        ? fail("invalidFilter", "value paths cannot be nested")
        : scope.valuePath(filter.path, filter.filter);
    case "present": {
      const attr = resolveLeaf(scope, filter.path);
      return attr.ok ? ok(Object.freeze({ kind: "present", attr: attr.value })) : attr;
    }
    case "compare": {
      const attr = resolveLeaf(scope, filter.path);
      if (!attr.ok) return attr;
      const def = attr.value.subAttribute ?? attr.value.attribute;
      const value = normalizeCompareValue(def, filter.op, filter.value, attr.value.canonicalPath);
      if (!value.ok) return value;
      const limit = stringLimit(attr.value.canonicalPath, def.type);
      if (typeof value.value === "string" && isLongerThan(value.value, limit)) {
        // No value of the attribute can be this long (and `gt`/`lt` would not simply match nothing).
        return fail(
          "invalidFilter",
          `the value compared with "${attr.value.canonicalPath}" is longer than its limit of ${limit} characters`,
        );
      }
      return ok(Object.freeze({ kind: "compare", attr: attr.value, op: filter.op, value: value.value }));
    }
  }
}

/** The attribute a comparison or `pr` tests; multi-valued complex attributes stand for their `value`. */
function resolveLeaf(scope: Scope, path: AttrPath): Result<ResolvedAttribute> {
  const attr = scope.lookup(path);
  if (attr === undefined) return unknown(scope.describe(path));
  if ((attr.subAttribute ?? attr.attribute).returned === "never") {
    // RFC 7644 §3.4.2.2 / §7: a filter must not probe values that are never returned (password).
    return fail("invalidFilter", `"${attr.canonicalPath}" cannot be used in a filter`);
  }
  const { attribute } = attr;
  if (attr.subAttribute !== undefined || attribute.type !== "complex") return ok(attr);
  const value = resolveSubAttribute(attr, "value");
  // A single-valued complex attribute with a `value` (the enterprise `manager`) stands for it
  // too: Entra ID checks a manager reference with `manager eq "<id>"` (its SCIM tutorial, Example 4).
  if (value === undefined && !attribute.multiValued) return ok(attr);
  return value === undefined
    ? fail("invalidFilter", `"${attr.canonicalPath}" has no "value" sub-attribute to filter on`)
    : ok(value);
}

function unknown<T>(path: string): Result<T> {
  return fail("invalidFilter", `unknown attribute "${path}"`);
}
