/** Flattens a canonical SCIM resource into the searchable values the database indexes for filters. */

import { schemasFor } from "../schema/resolve-attribute.ts";
import type { AttributeDefinition, ResourceTypeName, SchemaDefinition } from "../schema/schema-types.ts";
import { isScimObject, type JsonValue, type ScimObject } from "./scim-object.ts";

/**
 * One searchable value. `path` is the canonical path (see ResolvedAttribute.canonicalPath);
 * `element` is the index within a multi-valued attribute (0 otherwise), shared by the
 * sub-attributes of one element so that `emails[type eq "work" and value co "x"]` can require
 * both on the same element. Every complex value also gets a marker entry at its own path with
 * an empty value, so that elements can be enumerated and `pr` answered.
 */
export interface IndexEntry {
  readonly path: string;
  readonly element: number;
  readonly value: string;
  /** The numeric value for `integer` and `decimal` attributes, else null. */
  readonly number: number | null;
}

/** Attributes that are computed, not indexed from the stored resource (they map to columns or tables). */
const COMPUTED = new Set(["id", "meta", "schemas", "groups", "members", "userName"]);

/**
 * The index entries of a resource, for every attribute its schemas define (unknown attributes
 * cannot be filtered on, RFC 7644 §3.4.2.2, and are not indexed). Computed attributes are
 * skipped, except `userName` for Groups which has none.
 */
export function indexEntries(resourceType: ResourceTypeName, resource: ScimObject): readonly IndexEntry[] {
  const entries: IndexEntry[] = [];
  const [core, ...extensions] = schemasFor(resourceType);
  if (!core) return entries;
  const schemas = [core.id];
  addSchema(entries, core, "", resource);
  for (const extension of extensions) {
    const value = resource[extension.id];
    if (!isScimObject(value)) continue;
    schemas.push(extension.id);
    addSchema(entries, extension, `${extension.id}:`, value);
  }
  // `schemas eq "<urn>"` (RFC 7644 §3.4.2.2): the core schema and every extension the resource uses.
  schemas.forEach((urn, element) => {
    entries.push({ path: "schemas", element, value: urn, number: null });
  });
  return entries;
}

function addSchema(entries: IndexEntry[], schema: SchemaDefinition, prefix: string, object: ScimObject): void {
  for (const attribute of schema.attributes) {
    if (prefix === "" && COMPUTED.has(attribute.name)) continue;
    const value = object[attribute.name];
    if (value === undefined || value === null) continue;
    addAttribute(entries, attribute, prefix + attribute.name, value);
  }
  if (prefix === "" && typeof object["externalId"] === "string") {
    entries.push(simpleEntry("externalId", 0, object["externalId"], "string"));
  }
}

function addAttribute(entries: IndexEntry[], attribute: AttributeDefinition, path: string, value: JsonValue): void {
  const values = attribute.multiValued && Array.isArray(value) ? value : [value];
  values.forEach((item, element) => {
    if (attribute.type === "complex") {
      if (!isScimObject(item)) return;
      entries.push({ path, element, value: "", number: null });
      for (const sub of attribute.subAttributes ?? []) {
        const subValue = item[sub.name];
        if (typeof subValue === "string" || typeof subValue === "number" || typeof subValue === "boolean") {
          entries.push(simpleEntry(`${path}.${sub.name}`, element, subValue, sub.type));
        }
      }
    } else if (typeof item === "string" || typeof item === "number" || typeof item === "boolean") {
      entries.push(simpleEntry(path, element, item, attribute.type));
    }
  });
}

function simpleEntry(path: string, element: number, value: string | number | boolean, type: string): IndexEntry {
  if (typeof value === "number") return { path, element, value: String(value), number: value };
  if (typeof value === "boolean") return { path, element, value: String(value), number: null };
  if (type === "dateTime") return { path, element, value: normalizeDateTime(value), number: null };
  return { path, element, value, number: null };
}

/** ISO-8601 UTC with milliseconds, the form dateTime values are compared in; unparseable text is kept as is. */
export function normalizeDateTime(text: string): string {
  const time = Date.parse(text);
  return Number.isNaN(time) ? text : new Date(time).toISOString();
}
