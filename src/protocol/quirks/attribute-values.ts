/** Visits a request body's attribute values where the schemas define them, so that quirks can rewrite them. */
import { resolveTarget } from "../patch/patch-target.ts";
import { parsePatchPath } from "../path/parse-patch-path.ts";
import { isScimObject } from "../resource/scim-object.ts";
import { findAttribute } from "../schema/resolve-attribute.ts";
import type { AttributeDefinition, ResourceTypeName, SchemaDefinition } from "../schema/schema-types.ts";
import { getRaw, isPathless, opOf, pathOf, type RawObject, rewriteOperations, withRaw } from "./patch-body.ts";
import type { QuirkRequest } from "./quirk.ts";

/**
 * Rewrites one value. `def` is the attribute or sub-attribute the value belongs to; `element`
 * is true when the value is one element of a multi-valued attribute (or the value a filtered
 * PATCH path selects), false when it is the attribute's whole value. Returns `value` itself
 * when there is nothing to change.
 */
export type ValueRewrite = (def: AttributeDefinition, value: unknown, element: boolean) => unknown;

/** Where a name or path lands in a resource type's schemas: a whole schema, or the value of one attribute. */
export type Place =
  | { readonly kind: "schema"; readonly schema: SchemaDefinition }
  | { readonly kind: "value"; readonly def: AttributeDefinition; readonly element: boolean };

const RESOURCE_TYPES: readonly ResourceTypeName[] = ["User", "Group"];

/**
 * The request body with `rewrite` applied to every value a schema defines, at every level
 * (sub-attributes of complex values, elements of multi-valued ones): the attributes of a
 * POST/PUT body, including extension objects and URN-qualified or dotted names; in a PatchOp,
 * the `value` of each `add` and `replace`, read at the place its `path` names (or as a set of
 * attributes without one). Names and paths no schema defines are left as they are. Returns the
 * body itself when nothing changed; never mutates it.
 */
export function rewriteAttributeValues(request: QuirkRequest, rewrite: ValueRewrite): unknown {
  const types = resourceTypesOf(request);
  if (request.kind === "resource") {
    return isScimObject(request.body) ? rewriteSet(types, request.body, undefined, rewrite) : request.body;
  }
  return rewriteOperations(request.body, (operation) => {
    const op = opOf(operation);
    if (op !== "add" && op !== "replace") return operation;
    const value = getRaw(operation, "value");
    if (value === undefined) return operation;
    const next = rewriteOperationValue(types, operation, value, rewrite);
    return next === value ? operation : withRaw(operation, "value", next);
  });
}

function rewriteOperationValue(
  types: readonly ResourceTypeName[],
  operation: RawObject,
  value: unknown,
  rewrite: ValueRewrite,
): unknown {
  if (isPathless(operation)) return isScimObject(value) ? rewriteSet(types, value, undefined, rewrite) : value;
  const path = pathOf(operation);
  const place = path === undefined ? undefined : placeOf(types, path);
  if (place === undefined) return value;
  if (place.kind === "schema") return isScimObject(value) ? rewriteSet(types, value, place.schema.id, rewrite) : value;
  return visit(place.def, value, place.element, rewrite);
}

/** A set of attributes keyed by name (a resource, a path-less PATCH value, or an extension object under `uri`). */
function rewriteSet(
  types: readonly ResourceTypeName[],
  object: RawObject,
  uri: string | undefined,
  rewrite: ValueRewrite,
): RawObject {
  let changed = false;
  const entries = Object.entries(object).map(([key, value]) => {
    const place = placeOf(types, uri === undefined ? key : `${uri}:${key}`);
    let next = value;
    if (place?.kind === "schema" && uri === undefined && isScimObject(value)) {
      next = rewriteSet(types, value, place.schema.id, rewrite);
    } else if (place?.kind === "value") {
      next = visit(place.def, value, place.element, rewrite);
    }
    if (next !== value) changed = true;
    return [key, next] as const;
  });
  return changed ? Object.fromEntries(entries) : object;
}

function visit(def: AttributeDefinition, value: unknown, element: boolean, rewrite: ValueRewrite): unknown {
  const next = rewrite(def, value, element);
  if (Array.isArray(next) && !element) return visitItems(def, next, rewrite);
  if (def.multiValued && !element && next !== null && next !== undefined) return visit(def, next, true, rewrite);
  if (def.type !== "complex" || !isScimObject(next)) return next;
  let changed = false;
  const entries = Object.entries(next).map(([key, item]) => {
    const sub = findAttribute(def.subAttributes, key);
    const rewritten = sub === undefined ? item : visit(sub, item, false, rewrite);
    if (rewritten !== item) changed = true;
    return [key, rewritten] as const;
  });
  return changed ? Object.fromEntries(entries) : next;
}

function visitItems(def: AttributeDefinition, items: readonly unknown[], rewrite: ValueRewrite): readonly unknown[] {
  let changed = false;
  const next = items.map((item) => {
    const rewritten = visit(def, item, true, rewrite);
    if (rewritten !== item) changed = true;
    return rewritten;
  });
  return changed ? next : items;
}

/** The resource types a request's names are read against: its own, or each in turn when it is unknown. */
export function resourceTypesOf(request: QuirkRequest): readonly ResourceTypeName[] {
  return request.resourceType === undefined ? RESOURCE_TYPES : [request.resourceType];
}

/**
 * The place `text` (an attribute name, attribute path or PATCH path, RFC 7644 §3.10, §3.5.2)
 * names in the first of `types` that defines it; undefined for text that does not parse or
 * names nothing a schema defines.
 */
export function placeOf(types: readonly ResourceTypeName[], text: string): Place | undefined {
  const key = `${types.join(",")}\u0000${text}`;
  const known = PLACES.get(key);
  if (known !== undefined) return known ?? undefined;
  const place = findPlace(types, text);
  // Names come from request bodies: the memo is bounded, and simply starts over when full.
  if (PLACES.size >= PLACE_MEMO_SIZE) PLACES.clear();
  PLACES.set(key, place ?? null);
  return place;
}

/**
 * placeOf's answers so far. Every value quirk visits every attribute name of every body, and
 * parsing and resolving a name (an error object with its stack for `schemas`) cost about a
 * millisecond per SCIM create; the schemas never change, so neither does the answer.
 */
const PLACES = new Map<string, Place | null>();
const PLACE_MEMO_SIZE = 4096;

function findPlace(types: readonly ResourceTypeName[], text: string): Place | undefined {
  const path = parsePatchPath(text);
  if (!path.ok) return undefined;
  for (const resourceType of types) {
    const target = resolveTarget(resourceType, path.value);
    if (!target.ok || target.value.kind === "unknown") continue;
    if (target.value.kind === "schema") return { kind: "schema", schema: target.value.schema };
    const { attr, sub, filter } = target.value;
    if (sub?.subAttribute !== undefined) return { kind: "value", def: sub.subAttribute, element: false };
    return { kind: "value", def: attr.attribute, element: filter !== undefined };
  }
  return undefined;
}
