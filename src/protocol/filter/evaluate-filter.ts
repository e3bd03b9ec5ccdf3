/** Evaluates a resolved RFC 7644 §3.4.2.2 filter against a resource, or an element of a multi-valued attribute. */
import { isScimObject, type JsonValue } from "../resource/scim-object.ts";
import type { ResolvedAttribute } from "../schema/schema-types.ts";
import { compareLeaf } from "./compare-leaf.ts";
import type { ResolvedFilter } from "./resolved-filter.ts";

type Scope = "resource" | "element";

/**
 * Whether `resource` (canonical-cased: keys as the schemas spell them, extension attributes
 * under their schema URN) matches `filter` (RFC 7644 §3.4.2.2). A comparison on a multi-valued
 * path holds when any value holds; strings compare case-insensitively unless `caseExact`;
 * dateTimes by instant. `pr` needs a value other than null, "" or an empty array or object.
 * `ne` is exactly `not eq`: true when the attribute is missing, and on a multi-valued attribute
 * true only when no value is equal. `eq null` is true when the attribute is not present.
 */
export function evaluateFilter(resource: JsonValue, filter: ResolvedFilter): boolean {
  return evaluate(resource, filter, "resource");
}

/**
 * Whether one element of a multi-valued (or complex) attribute matches a value filter from
 * `resolveValueFilter` (RFC 7644 §3.4.2.2 `valFilter`, §3.5.2 PATCH path filters): each
 * attribute's sub-attribute name is a key of `element`. Same semantics as `evaluateFilter`.
 */
export function evaluateValueFilter(element: JsonValue, filter: ResolvedFilter): boolean {
  return evaluate(element, filter, "element");
}

function evaluate(target: JsonValue, filter: ResolvedFilter, scope: Scope): boolean {
  switch (filter.kind) {
    case "and":
      return evaluate(target, filter.left, scope) && evaluate(target, filter.right, scope);
    case "or":
      return evaluate(target, filter.left, scope) || evaluate(target, filter.right, scope);
    case "not":
      return !evaluate(target, filter.filter, scope);
    case "present":
      return values(target, filter.attr, scope).some(isPresent);
    case "valuePath":
      return (
        scope === "resource" && values(target, filter.attr, scope).some((e) => evaluateValueFilter(e, filter.filter))
      );
    case "compare": {
      const found = values(target, filter.attr, scope);
      if (filter.value === null) return found.some(isPresent) === (filter.op === "ne");
      const def = filter.attr.subAttribute ?? filter.attr.attribute;
      const op = filter.op === "ne" ? "eq" : filter.op;
      const value = filter.value;
      const matched = found.some((leaf) => compareLeaf(def, leaf, op, value));
      return filter.op === "ne" ? !matched : matched;
    }
  }
}

/** The values `attr` names in `target`, multi-valued attributes flattened. */
function values(target: JsonValue, attr: ResolvedAttribute, scope: Scope): readonly JsonValue[] {
  const sub = attr.subAttribute;
  if (scope === "element") return sub === undefined ? flatten(target) : flatten(member(target, sub.name));
  const extension = attr.canonicalPath.startsWith(`${attr.schema.id}:`);
  const root = extension ? member(target, attr.schema.id) : target;
  const own = flatten(member(root, attr.attribute.name));
  return sub === undefined ? own : own.flatMap((value) => flatten(member(value, sub.name)));
}

/** `object[key]`, falling back to a case-insensitive match (RFC 7643 §2.1) for resources not yet canonical. */
function member(object: JsonValue | undefined, key: string): JsonValue | undefined {
  if (!isScimObject(object)) return undefined;
  if (Object.hasOwn(object, key)) return object[key];
  const lower = key.toLowerCase();
  const found = Object.keys(object).find((candidate) => candidate.toLowerCase() === lower);
  return found === undefined ? undefined : object[found];
}

/** The values of a single- or multi-valued attribute; null stands for no value (RFC 7643 §2.5). */
function flatten(value: JsonValue | undefined): readonly JsonValue[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? (value as readonly JsonValue[]).filter((item) => item !== null) : [value];
}

function isPresent(value: JsonValue): boolean {
  if (value === null || value === "") return false;
  if (Array.isArray(value)) return (value as readonly JsonValue[]).some(isPresent);
  if (isScimObject(value)) return Object.values(value).some(isPresent);
  return true;
}
