/** Canonicalizes the attributes of a resource-level object against the schemas of its resource type. */
import { fail, ok, type Result } from "../errors.ts";
import { checkUnknownValue } from "../limits.ts";
import { parseAttributeName } from "../schema/parse-attribute-name.ts";
import { isCoreSchema, resolveInSchema, schemaOf, schemasFor } from "../schema/resolve-attribute.ts";
import type { ResolvedAttribute, ResourceTypeName, SchemaDefinition } from "../schema/schema-types.ts";
import { canonicalizeValue } from "./canonicalize-value.ts";
import { copyJson, forbiddenKey, isForbiddenKey } from "./safe-json.ts";
import { isScimObject, type JsonValue, type ScimObject } from "./scim-object.ts";

type Container = Map<string, JsonValue>;

interface Draft {
  readonly resourceType: ResourceTypeName;
  readonly root: Container;
  /** Extension objects by schema URN, filled from URN-keyed objects and flattened URN keys. */
  readonly extensions: Map<string, Container>;
}

/**
 * Canonicalizes every attribute of `object` (a POST/PUT body, or a PATCH value without a path)
 * for `resourceType`, except `schemas`, which it leaves out:
 * - names in canonical case at every level; the value of each known attribute type-checked and
 *   canonicalized by `canonicalizeValue`; `null`/empty values dropped (unassigned);
 * - readOnly attributes (`id`, `meta`, `groups`, `members.display`…) dropped silently
 *   (RFC 7644 §3.5.1), and writeOnly ones (`password`) type-checked, then dropped too: Roster
 *   keeps no value it may never return;
 * - extension attributes under their schema URN, whether written as an object under the URN
 *   or flattened as `"urn:…:enterprise:2.0:User:department"` (or `…:manager.value`);
 *   `"name.givenName"` and `"urn:…:core:2.0:User:userName"` land where they belong too;
 * - unknown attributes kept as received (SPEC §3: a GET returns what the identity provider wrote).
 * Fails with `invalidValue` on a type error, a forbidden key (`__proto__`, `constructor`,
 * `prototype`) at any level, or an attribute given twice (e.g. `userName` and `USERNAME`).
 */
export function canonicalizeAttributes(resourceType: ResourceTypeName, object: ScimObject): Result<ScimObject> {
  const draft: Draft = { resourceType, root: new Map(), extensions: new Map() };
  for (const [key, raw] of Object.entries(object)) {
    if (isForbiddenKey(key)) return forbiddenKey(key, "the resource");
    if (key.toLowerCase() === "schemas") continue;
    const added = addEntry(draft, key, raw);
    if (!added.ok) return added;
  }
  for (const schema of schemasFor(resourceType)) {
    const extension = draft.extensions.get(schema.id);
    if (extension !== undefined && extension.size > 0) draft.root.set(schema.id, Object.fromEntries(extension));
  }
  return ok(Object.fromEntries(draft.root));
}

function addEntry(draft: Draft, key: string, raw: unknown): Result<void> {
  const schema = schemaOf(draft.resourceType, key);
  if (schema !== undefined) return addSchemaObject(draft, schema, key, raw);
  const path = parseAttributeName(key);
  if (path.ok) {
    const { uri, name, subAttr } = path.value;
    const target = uri === undefined ? schemasFor(draft.resourceType)[0] : schemaOf(draft.resourceType, uri);
    const resolved = target && resolveInSchema(draft.resourceType, target, name, subAttr);
    if (resolved !== undefined) return addResolved(draft, resolved, raw);
  }
  return addUnknown(draft.root, key, raw, key);
}

function addSchemaObject(draft: Draft, schema: SchemaDefinition, key: string, raw: unknown): Result<void> {
  if (raw === null) return ok(undefined);
  if (!isScimObject(raw)) return fail("invalidValue", `"${key}" must be an object of ${schema.name} attributes`);
  for (const [innerKey, innerRaw] of Object.entries(raw)) {
    if (isForbiddenKey(innerKey)) return forbiddenKey(innerKey, schema.id);
    const path = parseAttributeName(innerKey);
    const resolved =
      path.ok && path.value.uri === undefined
        ? resolveInSchema(draft.resourceType, schema, path.value.name, path.value.subAttr)
        : undefined;
    const added =
      resolved === undefined
        ? addUnknown(containerOf(draft, schema), innerKey, innerRaw, `${schema.id}:${innerKey}`)
        : addResolved(draft, resolved, innerRaw);
    if (!added.ok) return added;
  }
  return ok(undefined);
}

function addResolved(draft: Draft, resolved: ResolvedAttribute, raw: unknown): Result<void> {
  const { attribute, subAttribute } = resolved;
  const mutabilities = [attribute.mutability, subAttribute?.mutability];
  if (mutabilities.includes("readOnly")) return ok(undefined);
  if (subAttribute !== undefined && attribute.multiValued) {
    return fail(
      "invalidValue",
      `"${resolved.canonicalPath}" names a sub-attribute of multi-valued "${attribute.name}"`,
    );
  }
  const canonical = canonicalizeValue(resolved, raw);
  if (!canonical.ok) return canonical;
  // writeOnly values (`password`) are checked like any other, then dropped: Roster keeps none.
  if (canonical.value === null || mutabilities.includes("writeOnly")) return ok(undefined);
  const value = subAttribute === undefined ? canonical.value : { [subAttribute.name]: canonical.value };
  return put(containerOf(draft, resolved.schema), attribute.name, value, resolved.canonicalPath);
}

function addUnknown(container: Container, key: string, raw: unknown, where: string): Result<void> {
  const copied = copyJson(raw, where, 1);
  if (!copied.ok) return copied;
  const checked = checkUnknownValue(copied.value, where);
  if (!checked.ok) return checked;
  return copied.value === null ? ok(undefined) : put(container, key, copied.value, where);
}

function containerOf(draft: Draft, schema: SchemaDefinition): Container {
  if (isCoreSchema(draft.resourceType, schema)) return draft.root;
  let container = draft.extensions.get(schema.id);
  if (container === undefined) {
    container = new Map();
    draft.extensions.set(schema.id, container);
  }
  return container;
}

// Two writes of one attribute merge only when both are complex objects with distinct sub-attributes
// (`name` and `name.givenName`); anything else is the same attribute given twice.
function put(container: Container, name: string, value: JsonValue, where: string): Result<void> {
  const existing = container.get(name);
  if (existing === undefined) {
    container.set(name, value);
    return ok(undefined);
  }
  if (
    isScimObject(existing) &&
    isScimObject(value) &&
    Object.keys(value).every((key) => !Object.hasOwn(existing, key))
  ) {
    container.set(name, Object.fromEntries([...Object.entries(existing), ...Object.entries(value)]));
    return ok(undefined);
  }
  return fail("invalidValue", `Attribute "${where}" is given more than once`);
}
