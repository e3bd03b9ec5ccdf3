/** Entra ID removes members with `remove members` and a `value` list; RFC 7644 §3.5.2.2 selects them by filter. */
import { DEFAULT_FILTER_LIMITS } from "../filter/filter-ast.ts";
import { formatCompareValue } from "../filter/format-filter.ts";
import { parsePatchPath } from "../path/parse-patch-path.ts";
import { isScimObject } from "../resource/scim-object.ts";
import { findAttribute } from "../schema/resolve-attribute.ts";
import type { ResourceTypeName } from "../schema/schema-types.ts";
import { placeOf, resourceTypesOf } from "./attribute-values.ts";
import {
  getRaw,
  operationsOf,
  opOf,
  pathOf,
  type RawObject,
  rewriteOperations,
  withoutRaw,
  withRaw,
} from "./patch-body.ts";
import type { Quirk, QuirkRequest } from "./quirk.ts";

/**
 * The values an Entra ID style `remove` lists, or undefined when the operation is not one:
 * `remove` with a `path` naming (without filter or sub-attribute) a multi-valued complex
 * attribute that has a `value` sub-attribute, and a non-empty `value` list of `{ "value": id }`
 * objects or bare ids, every id a string.
 */
function listedValues(types: readonly ResourceTypeName[], operation: RawObject): readonly string[] | undefined {
  if (opOf(operation) !== "remove") return undefined;
  const text = pathOf(operation);
  if (text === undefined) return undefined;
  const path = parsePatchPath(text);
  if (!path.ok || path.value.valueFilter !== undefined || path.value.subAttr !== undefined) return undefined;
  const place = placeOf(types, text);
  if (place?.kind !== "value" || place.element || !place.def.multiValued || place.def.type !== "complex")
    return undefined;
  if (findAttribute(place.def.subAttributes, "value") === undefined) return undefined;
  const value = getRaw(operation, "value");
  const items = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  const ids = items.map((item) => (isScimObject(item) ? getRaw(item, "value") : item));
  return ids.length > 0 && ids.every((id) => typeof id === "string") ? (ids as string[]) : undefined;
}

/**
 * The filtered paths that select `ids`: `members[value eq "a" or value eq "b"]`, split so that no
 * path is longer than a path may be (`DEFAULT_FILTER_LIMITS.maxLength`).
 */
function filteredPaths(base: string, ids: readonly string[]): string[] {
  const paths: string[] = [];
  let terms: string[] = [];
  const build = (list: readonly string[]) => `${base}[${list.join(" or ")}]`;
  for (const id of ids) {
    const term = `value eq ${formatCompareValue(id)}`;
    if (terms.length > 0 && build([...terms, term]).length > DEFAULT_FILTER_LIMITS.maxLength) {
      paths.push(build(terms));
      terms = [];
    }
    terms.push(term);
  }
  paths.push(build(terms));
  return paths;
}

/**
 * Turns `{ "op": "remove", "path": "members", "value": [{ "value": "u1" }, …] }` into
 * `{ "op": "remove", "path": "members[value eq \"u1\" or …]" }` (several operations when the
 * list is too long for one path), for any multi-valued complex attribute with a `value`
 * sub-attribute. Without this, RFC 7644 §3.5.2.2 reads the operation as removing every member.
 */
export const entraRemoveValueArray: Quirk = Object.freeze({
  id: "entra-remove-value-array",
  summary: 'PATCH "remove" of "members" with a "value" list becomes a remove of members[value eq …] for those ids.',
  source:
    "https://learn.microsoft.com/en-us/entra/identity/app-provisioning/application-provisioning-config-problem-scim-compatibility#flags-to-alter-the-scim-behavior",
  kinds: Object.freeze(["patch"] as const),
  providers: "any",
  matches(request: QuirkRequest): boolean {
    const types = resourceTypesOf(request);
    return operationsOf(request.body).some(
      (operation) => isScimObject(operation) && listedValues(types, operation) !== undefined,
    );
  },
  rewrite(request: QuirkRequest): unknown {
    const types = resourceTypesOf(request);
    return rewriteOperations(request.body, (operation) => {
      const ids = listedValues(types, operation);
      if (ids === undefined) return operation;
      const base = withoutRaw(operation, "value");
      return filteredPaths(pathOf(operation)!.trim(), ids).map((path) => withRaw(base, "path", path));
    });
  },
});
