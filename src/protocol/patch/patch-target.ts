/** Resolves a PATCH path against a resource type's schemas into the target an operation acts on. */
import { fail, ok, type Result } from "../errors.ts";
import type { Filter } from "../filter/filter-ast.ts";
import { resolveValueFilter } from "../filter/resolve-filter.ts";
import type { ResolvedFilter } from "../filter/resolved-filter.ts";
import type { PatchPath } from "../path/patch-path.ts";
import { isCoreSchema, resolveAttribute, schemaOf, schemasFor } from "../schema/resolve-attribute.ts";
import type { ResolvedAttribute, ResourceTypeName, SchemaDefinition } from "../schema/schema-types.ts";
import { isForbiddenName } from "./safe-object.ts";

/** A value selection filter (RFC 7644 §3.5.2 `valuePath`) as written and as resolved. */
export interface TargetFilter {
  readonly written: Filter;
  readonly resolved: ResolvedFilter;
}

/**
 * What a path designates:
 * - `schema`: a path that is only the URN of one of the resource type's schemas;
 * - `unknown`: an attribute no schema defines, kept as sent (SPEC §3: a GET returns what the
 *   identity provider wrote), at top level or inside the object of its extension URN (a known
 *   extension, or one Roster does not serve, such as an Entra ID custom extension);
 * - `attribute`: a schema attribute, with its extension container (the schema URN under which
 *   the resource keeps it; undefined for the core schema), an optional value filter and an
 *   optional sub-attribute (`sub` is the path resolved down to it).
 */
export type PatchTarget =
  | { readonly kind: "schema"; readonly schema: SchemaDefinition; readonly core: boolean }
  | { readonly kind: "unknown"; readonly name: string; readonly container: string | undefined }
  | {
      readonly kind: "attribute";
      readonly attr: ResolvedAttribute;
      readonly container: string | undefined;
      readonly filter: TargetFilter | undefined;
      readonly sub: ResolvedAttribute | undefined;
    };

/**
 * Resolves `path` for `resourceType` (RFC 7644 §3.5.2, §3.10; RFC 7643 §2.1 case-insensitive
 * names). Fails with `invalidPath` for names that could reach a prototype, and for
 * sub-attributes or value filters that the schema does not define (including any below an
 * unknown attribute); `mutability` for `schemas`, which Roster maintains; the filter
 * resolver's own error (`invalidFilter`) for a filter that does not fit the attribute.
 */
export function resolveTarget(resourceType: ResourceTypeName, path: PatchPath): Result<PatchTarget> {
  const names = [path.uri, path.name, path.subAttr].filter((name) => name !== undefined);
  if (names.some(isForbiddenName)) return fail("invalidPath", "the path names a reserved property");
  if (path.name === "" && path.uri === undefined) return fail("invalidPath", "the path names no attribute");
  const wholeSchema = path.name === "" ? path.uri : path.uri === undefined ? path.name : undefined;
  const schema = wholeSchema === undefined ? undefined : schemaOf(resourceType, wholeSchema);
  if (wholeSchema !== undefined && (schema !== undefined || path.name === "")) {
    if (path.valueFilter !== undefined || path.subAttr !== undefined) {
      return fail("invalidPath", `"${wholeSchema}" is a schema; it takes no filter or sub-attribute`);
    }
    if (schema === undefined) return ok({ kind: "unknown", name: wholeSchema, container: undefined });
    return ok({ kind: "schema", schema, core: isCoreSchema(resourceType, schema) });
  }
  const inCore = path.uri === undefined || schemaOf(resourceType, path.uri) === schemasFor(resourceType)[0];
  if (inCore && path.name.toLowerCase() === "schemas") {
    return fail("mutability", `"schemas" is maintained by the service provider`);
  }
  const attr = resolveAttribute(resourceType, { uri: path.uri, name: path.name, subAttr: undefined });
  if (attr === undefined) return unknownTarget(resourceType, path);
  const sub = resolveSub(resourceType, path, attr);
  if (!sub.ok) return sub;
  const filter = resolveFilter(attr, path.valueFilter);
  if (!filter.ok) return filter;
  const container = isCoreSchema(resourceType, attr.schema) ? undefined : attr.schema.id;
  return ok({ kind: "attribute", attr, container, filter: filter.value, sub: sub.value });
}

function unknownTarget(resourceType: ResourceTypeName, path: PatchPath): Result<PatchTarget> {
  if (path.valueFilter !== undefined || path.subAttr !== undefined) {
    return fail("invalidPath", `"${describe(path)}" is not an attribute Roster knows, so it has no sub-attributes`);
  }
  const schema = path.uri === undefined ? undefined : schemaOf(resourceType, path.uri);
  const core = schema !== undefined && isCoreSchema(resourceType, schema);
  const container = path.uri === undefined || core ? undefined : (schema?.id ?? path.uri);
  return ok({ kind: "unknown", name: path.name, container });
}

function resolveSub(
  resourceType: ResourceTypeName,
  path: PatchPath,
  attr: ResolvedAttribute,
): Result<ResolvedAttribute | undefined> {
  if (path.subAttr === undefined) return ok(undefined);
  const sub =
    attr.attribute.type === "complex"
      ? resolveAttribute(resourceType, { uri: path.uri, name: path.name, subAttr: path.subAttr })
      : undefined;
  if (sub?.subAttribute === undefined) {
    return fail("invalidPath", `"${path.subAttr}" is not a sub-attribute of "${attr.attribute.name}"`);
  }
  return ok(sub);
}

function resolveFilter(attr: ResolvedAttribute, filter: Filter | undefined): Result<TargetFilter | undefined> {
  if (filter === undefined) return ok(undefined);
  // A single-valued complex attribute takes a filter too, tested on its one value: Entra ID
  // removes a manager with `manager[value eq "<id>"]` (see patch-single-filter.ts).
  if (attr.attribute.type !== "complex") {
    return fail("invalidPath", `"${attr.attribute.name}" is not a complex attribute; it takes no filter`);
  }
  const resolved = resolveValueFilter(attr, filter);
  return resolved.ok ? ok({ written: filter, resolved: resolved.value }) : resolved;
}

function describe(path: PatchPath): string {
  const name = path.uri === undefined ? path.name : `${path.uri}:${path.name}`;
  return path.subAttr === undefined ? name : `${name}.${path.subAttr}`;
}
