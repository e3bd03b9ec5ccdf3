/** The `attributes` and `excludedAttributes` parameters of RFC 7644 §3.9, and the projection they ask for. */
import { fail, ok, type Result } from "./errors.ts";
import { isScimObject, type JsonValue, type ScimObject } from "./resource/scim-object.ts";
import { parseAttributeName } from "./schema/parse-attribute-name.ts";
import {
  findAttribute,
  isCoreSchema,
  resolveAttribute,
  resolveInSchema,
  schemaOf,
  schemasFor,
} from "./schema/resolve-attribute.ts";
import type {
  AttributeDefinition,
  ResolvedAttribute,
  ResourceTypeName,
  SchemaDefinition,
} from "./schema/schema-types.ts";

/** The attributes a response should carry (RFC 7644 §3.9); both lists empty means the default set. */
export interface Projection {
  readonly attributes: readonly ResolvedAttribute[];
  readonly excludedAttributes: readonly ResolvedAttribute[];
}

/** No `attributes`, no `excludedAttributes`: every attribute whose `returned` is always or default. */
export const DEFAULT_PROJECTION: Projection = Object.freeze({ attributes: [], excludedAttributes: [] });

/**
 * Parses an `attributes` or `excludedAttributes` value (RFC 7644 §3.9): comma-separated names in
 * §3.10 notation (`userName`, `name.givenName`, URN-qualified names), or an array of them as a
 * POST `/.search` body sends. A schema URN alone stands for every attribute of that schema.
 * Names are resolved case-insensitively. RFC 7644 leaves unknown names open: Roster ignores
 * them (clients ask for custom attributes other servers know), but refuses text that is not
 * attribute notation at all (`emails[type eq "work"]`) with `invalidValue`.
 */
export function parseAttributeList(
  resourceType: ResourceTypeName,
  text: string | readonly string[] | undefined,
): Result<readonly ResolvedAttribute[]> {
  const names = (typeof text === "string" ? [text] : (text ?? [])).flatMap((part) => part.split(","));
  const resolved: ResolvedAttribute[] = [];
  for (const name of names.map((part) => part.trim()).filter((part) => part !== "")) {
    const schema = schemaOf(resourceType, name);
    if (schema !== undefined) {
      resolved.push(...schemaAttributes(resourceType, schema));
      continue;
    }
    const path = parseAttributeName(name);
    if (!path.ok) return fail("invalidValue", `"${name}" is not an attribute name (RFC 7644 §3.10)`);
    const attribute = resolveAttribute(resourceType, path.value);
    if (attribute !== undefined) resolved.push(attribute);
  }
  return ok(Object.freeze(resolved));
}

/**
 * Applies RFC 7644 §3.9 to a full resource: `schemas` and attributes returned "always" (`id`)
 * are always kept and "never" ones never; with `attributes`, only the listed attributes (a
 * listed sub-attribute such as `emails.value` keeps just that sub-attribute of each element)
 * plus the "always" ones; without, every "default" attribute minus the excluded ones. "request"
 * attributes come back only when listed in `attributes`. Attributes no schema defines count
 * as "default". When both lists are given, `attributes` selects and `excludedAttributes` then
 * removes. Complex values and extension objects left empty are dropped.
 */
export function projectResource(
  resource: ScimObject,
  resourceType: ResourceTypeName,
  projection: Projection,
): ScimObject {
  const plan = planFor(resourceType, projection);
  const projected: Record<string, JsonValue> = {};
  for (const key of Object.keys(resource)) {
    const value = resource[key] as JsonValue;
    if (key === "schemas") {
      put(projected, key, value);
      continue;
    }
    const top = plan.top(key);
    const result =
      top.extension !== undefined && isScimObject(value)
        ? nonEmpty(projectObject(top.extension, value))
        : applyEntry(top.core, value);
    if (result !== undefined) put(projected, key, result);
  }
  return projected;
}

/** Sets an own property, `__proto__` included (JSON can carry it; plain assignment would set the prototype). */
function put(target: Record<string, JsonValue>, key: string, value: JsonValue): void {
  if (key === "__proto__")
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/**
 * What a projection does to each attribute name of one resource type, decided once per name
 * (the schema lookups are case-insensitive walks of the attribute lists) and remembered: a
 * page of 100 users asks the same questions 100 times. Plans of the default projection are
 * shared by every request; others live as long as their Projection object.
 */
interface ResourcePlan {
  top(key: string): TopPlan;
}

/** A top-level key: its plan as a core attribute, and as an extension object when it is an extension's URN. */
interface TopPlan {
  readonly core: EntryPlan;
  readonly extension: ObjectPlan | undefined;
}

/** The entries of one object (an extension's attributes): each key's plan. */
interface ObjectPlan {
  entry(key: string): EntryPlan;
}

/** One attribute's fate: dropped, kept whole, or its complex values' sub-attributes filtered by `keep`. */
type EntryPlan =
  | { readonly kind: "drop" }
  | { readonly kind: "keep" }
  | { readonly kind: "filter"; readonly keep: (subKey: string) => boolean };

const DROP: EntryPlan = Object.freeze({ kind: "drop" });
const KEEP: EntryPlan = Object.freeze({ kind: "keep" });

/** Names remembered per plan at most: attribute names no schema defines come from clients, so their number has no bound. */
const MAX_REMEMBERED = 1024;

function remembered<T>(decide: (key: string) => T): (key: string) => T {
  const known = new Map<string, T>();
  return (key) => {
    let found = known.get(key);
    if (found === undefined) {
      found = decide(key);
      if (known.size < MAX_REMEMBERED) known.set(key, found);
    }
    return found;
  };
}

const defaultPlans = new Map<ResourceTypeName, ResourcePlan>();
const projectionPlans = new WeakMap<Projection, Map<ResourceTypeName, ResourcePlan>>();

function planFor(resourceType: ResourceTypeName, projection: Projection): ResourcePlan {
  const isDefault = projection.attributes.length === 0 && projection.excludedAttributes.length === 0;
  let plans = isDefault ? defaultPlans : projectionPlans.get(projection);
  if (plans === undefined) {
    plans = new Map();
    projectionPlans.set(projection, plans);
  }
  let plan = plans.get(resourceType);
  if (plan === undefined) {
    plan = resourcePlan(resourceType, isDefault ? DEFAULT_PROJECTION : projection);
    plans.set(resourceType, plan);
  }
  return plan;
}

function resourcePlan(resourceType: ResourceTypeName, projection: Projection): ResourcePlan {
  const core = schemasFor(resourceType)[0];
  const extensions = new Map<SchemaDefinition, ObjectPlan>();
  const objectPlan = (schema: SchemaDefinition): ObjectPlan => {
    let found = extensions.get(schema);
    if (found === undefined) {
      found = { entry: remembered((key) => entryPlan(resourceType, schema, key, projection)) };
      extensions.set(schema, found);
    }
    return found;
  };
  return {
    top: remembered((key) => {
      const schema = schemaOf(resourceType, key);
      return {
        core: entryPlan(resourceType, core, key, projection),
        extension: schema !== undefined && !isCoreSchema(resourceType, schema) ? objectPlan(schema) : undefined,
      };
    }),
  };
}

/**
 * Whether a response under `projection` carries attribute `name` of `resourceType` (RFC 7644
 * §3.9), e.g. `needsAttribute(p, "Group", "members")`, so the server can skip reading what it
 * would not return. Unknown names answer true.
 */
export function needsAttribute(projection: Projection, resourceType: ResourceTypeName, name: string): boolean {
  const path = parseAttributeName(name);
  const resolved = path.ok ? resolveAttribute(resourceType, path.value) : undefined;
  return resolved === undefined || selection(resolved, projection) !== "none";
}

/** How much of one attribute a projection keeps: nothing, all of it, or some of its sub-attributes. */
export type Selection = "none" | "whole" | "some";

/**
 * The RFC 7644 §3.9 decision for one top-level attribute: "never" → none, "always" → whole;
 * excluded → none; with `attributes`, whole when listed, some when only sub-attributes are
 * listed, else none; without, whole unless `returned` is "request".
 */
export function selection(resolved: ResolvedAttribute, projection: Projection): Selection {
  const { returned } = resolved.attribute;
  if (returned === "never") return "none";
  if (returned === "always") return "whole";
  if (projection.excludedAttributes.some((other) => sameWhole(other, resolved))) return "none";
  if (projection.attributes.length === 0) return returned === "request" ? "none" : "whole";
  if (projection.attributes.some((other) => sameWhole(other, resolved))) return "whole";
  return projection.attributes.some((other) => isSubOf(other, resolved)) ? "some" : "none";
}

function projectObject(plan: ObjectPlan, object: ScimObject): ScimObject {
  const projected: Record<string, JsonValue> = {};
  for (const key of Object.keys(object)) {
    const result = applyEntry(plan.entry(key), object[key] as JsonValue);
    if (result !== undefined) put(projected, key, result);
  }
  return projected;
}

function entryPlan(
  resourceType: ResourceTypeName,
  schema: SchemaDefinition | undefined,
  key: string,
  projection: Projection,
): EntryPlan {
  const resolved = schema && resolveInSchema(resourceType, schema, key, undefined);
  if (resolved === undefined) return projection.attributes.length === 0 ? KEEP : DROP;
  const chosen = selection(resolved, projection);
  if (chosen === "none") return DROP;
  const { attribute } = resolved;
  if (attribute.type !== "complex" || attribute.returned === "always") return KEEP;
  const keep = remembered((subKey) => keepSubAttribute(resolved, subKey, chosen === "some", projection));
  return { kind: "filter", keep };
}

function applyEntry(plan: EntryPlan, value: JsonValue): JsonValue | undefined {
  if (plan.kind === "drop") return undefined;
  if (plan.kind === "keep") return value;
  const { keep } = plan;
  if (!Array.isArray(value)) return filterElement(value, keep);
  const filtered: JsonValue[] = [];
  for (const element of value) {
    const kept = filterElement(element, keep);
    if (kept !== undefined) filtered.push(kept);
  }
  return filtered.length === 0 ? undefined : filtered;
}

function keepSubAttribute(parent: ResolvedAttribute, key: string, selective: boolean, projection: Projection): boolean {
  const sub = findAttribute(parent.attribute.subAttributes, key);
  if (sub === undefined) return !selective;
  if (sub.returned === "never") return false;
  if (sub.returned === "always") return true;
  const listed = (list: readonly ResolvedAttribute[]): boolean =>
    list.some((other) => isSubOf(other, parent) && other.subAttribute === sub);
  if (listed(projection.excludedAttributes)) return false;
  return selective || sub.returned === "request" ? listed(projection.attributes) : true;
}

function filterElement(value: JsonValue, keep: (key: string) => boolean): JsonValue | undefined {
  if (!isScimObject(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 0) return undefined;
  // The common case keeps every sub-attribute: the element itself, not a copy.
  if (keys.every(keep)) return value;
  const kept: Record<string, JsonValue> = {};
  for (const key of keys) if (keep(key)) put(kept, key, value[key] as JsonValue);
  return nonEmpty(kept);
}

function nonEmpty(object: ScimObject): ScimObject | undefined {
  return Object.keys(object).length === 0 ? undefined : object;
}

function sameWhole(listed: ResolvedAttribute, resolved: ResolvedAttribute): boolean {
  return listed.subAttribute === undefined && listed.attribute === resolved.attribute;
}

function isSubOf(listed: ResolvedAttribute, parent: ResolvedAttribute): boolean {
  return listed.subAttribute !== undefined && listed.attribute === parent.attribute;
}

function schemaAttributes(resourceType: ResourceTypeName, schema: SchemaDefinition): ResolvedAttribute[] {
  return schema.attributes
    .map((attribute: AttributeDefinition) => resolveInSchema(resourceType, schema, attribute.name, undefined))
    .filter((resolved) => resolved !== undefined);
}
