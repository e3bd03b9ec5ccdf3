/**
 * `attributes` and `excludedAttributes` (RFC 7644 §3.4.2.5, §3.9; RFC 7643 §2.2 `returned`) for
 * every attribute, sub-attribute and extension schema, on a single GET and in a list. The expected
 * representation is computed here from the full one and the schemas' `returned` characteristics.
 */
import { describe } from "vitest";
import { type CheckerContext, expectNoProblems } from "../checker.ts";
import { type AttributeDef, type ResourceModel, subAttribute } from "../discovery.ts";
import { isObject, type Json, type JsonObject, type ScimResponse } from "../scim-client.ts";
import { idFilter, listed, modelOf } from "./helpers.ts";
import { sharedResource } from "./shared.ts";

type Mode = "attributes" | "excludedAttributes";

interface Selector {
  readonly schema: string;
  readonly attribute?: string;
  readonly sub?: string;
}

/** `urn:…:User:department.x`, `name.givenName`, `urn:…:enterprise:2.0:User` → what it selects. */
function selector(model: ResourceModel, path: string): Selector | undefined {
  const lower = path.toLowerCase();
  for (const schema of [model.core, ...model.extensions]) {
    if (lower === schema.id.toLowerCase()) return { schema: schema.id };
  }
  for (const attribute of model.attributes) {
    const name = attribute.path.toLowerCase();
    if (lower === name) return { schema: attribute.schema, attribute: attribute.def.name };
    if (lower.startsWith(`${name}.`))
      return { schema: attribute.schema, attribute: attribute.def.name, sub: path.slice(name.length + 1) };
  }
  return undefined;
}

/** The sub-attributes of a complex value that stay, given the selected sub-attribute (if any). */
function keepSubs(def: AttributeDef, value: Json, keep: (sub: AttributeDef) => boolean): Json | undefined {
  const one = (element: Json): Json | undefined => {
    if (!isObject(element)) return element;
    const result: JsonObject = {};
    for (const [key, subValue] of Object.entries(element)) {
      const sub = subAttribute(def, key);
      if (!sub || (sub.returned !== "never" && (sub.returned === "always" || keep(sub)))) result[key] = subValue;
    }
    return Object.keys(result).length === 0 ? undefined : result;
  };
  if (!Array.isArray(value)) return one(value);
  const elements = value.flatMap((e) => one(e) ?? []);
  return elements.length === 0 ? undefined : elements;
}

/**
 * The representation RFC 7644 §3.4.2.5 asks for, from the full one: `attributes` returns the named
 * attributes (a sub-attribute path: that sub-attribute of its parent; a schema URN: that schema's
 * attributes) and those `returned: always`; `excludedAttributes` returns the default set minus the
 * named ones (never those `returned: always`). `returned: never` never comes back.
 */
export function project(model: ResourceModel, full: JsonObject, mode: Mode, path: string): JsonObject {
  const s = selector(model, path);
  const result: JsonObject = {};
  const decide = (schemaId: string, def: AttributeDef, value: Json): Json | undefined => {
    if (def.returned === "never") return undefined;
    if (def.returned === "always") return value;
    const sameSchema = s !== undefined && s.schema.toLowerCase() === schemaId.toLowerCase();
    const named = sameSchema && s.attribute?.toLowerCase() === def.name.toLowerCase();
    const wholeSchema = sameSchema && s.attribute === undefined;
    const sub = named ? s.sub : undefined;
    if (mode === "attributes") {
      if (wholeSchema || (named && sub === undefined)) return def.returned === "request" && !named ? undefined : value;
      if (named && sub !== undefined) return keepSubs(def, value, (x) => x.name.toLowerCase() === sub.toLowerCase());
      return undefined;
    }
    if (def.returned === "request" || wholeSchema || (named && sub === undefined)) return undefined;
    if (named && sub !== undefined) {
      return keepSubs(def, value, (x) => x.returned === "default" && x.name.toLowerCase() !== sub.toLowerCase());
    }
    return def.type === "complex" ? keepSubs(def, value, (x) => x.returned === "default") : value;
  };
  for (const [key, value] of Object.entries(full)) {
    if (key === "schemas") {
      result[key] = value;
      continue;
    }
    const extension = model.extensions.find((e) => e.id.toLowerCase() === key.toLowerCase());
    if (extension) {
      if (!isObject(value)) continue;
      const inner: JsonObject = {};
      for (const [name, v] of Object.entries(value)) {
        const attribute = model.attributes.find(
          (a) => a.schema === extension.id && a.def.name.toLowerCase() === name.toLowerCase(),
        );
        const kept = attribute ? decide(extension.id, attribute.def, v) : mode === "attributes" ? undefined : v;
        if (kept !== undefined) inner[name] = kept;
      }
      if (Object.keys(inner).length > 0) result[key] = inner;
      continue;
    }
    const attribute = model.attributes.find((a) => !a.extension && a.def.name.toLowerCase() === key.toLowerCase());
    // Attributes no schema defines: returned unless `attributes` is given (docs/scim-resources.md).
    const kept = attribute ? decide(model.core.id, attribute.def, value) : mode === "attributes" ? undefined : value;
    if (kept !== undefined) result[key] = kept;
  }
  return result;
}

/** JSON with sorted keys and multi-valued arrays sorted: representation equality. */
export function canonical(value: Json | undefined): string {
  const sort = (v: Json): Json => {
    if (Array.isArray(v)) return v.map(sort).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
    if (isObject(v))
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((k) => [k, sort(v[k] as Json)]),
      );
    return v;
  };
  return JSON.stringify(value === undefined ? null : sort(value));
}

function withoutSchemas(value: Json | undefined): Json | undefined {
  if (!isObject(value)) return value;
  const { schemas: _schemas, ...rest } = value;
  return rest;
}

/** Every path a client may name: attributes, sub-attributes, extension schema URNs. */
export function projectionPaths(model: ResourceModel): string[] {
  const paths: string[] = [];
  for (const attribute of model.attributes) {
    paths.push(attribute.path);
    for (const sub of attribute.def.subAttributes) paths.push(`${attribute.path}.${sub.name}`);
  }
  for (const extension of model.extensions) paths.push(extension.id);
  return paths;
}

export function defineProjectionTests(context: CheckerContext, resourceType: string): void {
  const declared = context.target().discovery.model(resourceType);
  describe.concurrent("attributes / excludedAttributes on every attribute (RFC 7644 §3.4.2.5)", () => {
    for (const path of projectionPaths(declared)) {
      context.check(`projection of ${path}`, async () => {
        const model = modelOf(context, resourceType);
        const shared = await sharedResource(context, resourceType);
        const client = context.client();
        const full = shared.current;
        const problems: string[] = [];
        const responses: ScimResponse[] = [];
        for (const mode of ["attributes", "excludedAttributes"] as const) {
          const expected = canonical(withoutSchemas(project(model, full, mode, path)));
          const single = await client.get(shared.location, { [mode]: path });
          const list = await client.get(model.type.endpoint, { filter: idFilter([shared.id]), [mode]: path });
          for (const [what, response, got] of [
            ["GET", single, single.body],
            ["list", list, listed(list)[0]],
          ] as const) {
            const actual = canonical(withoutSchemas(got));
            if (response.status !== 200) problems.push(`${what} ?${mode}=${path}: status ${response.status}`);
            else if (actual !== expected) {
              problems.push(`${what} ?${mode}=${path}:\n    expected ${expected}\n    got      ${actual}`);
              responses.push(response);
            }
            if (isObject(got) && !Array.isArray(got["schemas"])) problems.push(`${what} ?${mode}=${path}: no schemas`);
          }
        }
        expectNoProblems(problems, ...responses);
      });
    }
  });
}
