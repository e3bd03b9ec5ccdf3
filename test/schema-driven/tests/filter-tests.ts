/**
 * Filtering (RFC 7644 §3.4.2.2) on every attribute and sub-attribute the schemas declare, with
 * the values the shared resource holds: each filter is scoped with `and id eq "<id>"`, so it must
 * select exactly that resource, or nothing.
 */
import { describe, expect } from "vitest";
import { type CheckerContext, expectNoProblems } from "../checker.ts";
import { compareText, readPath } from "../compare.ts";
import { type AttributeDef, type ResourceModel, subAttribute } from "../discovery.ts";
import type { ValueGenerator } from "../generator.ts";
import { isObject, type Json, type JsonObject, type ScimResponse } from "../scim-client.ts";
import { errorProblems, listed, listProblems, literal, modelOf, totalResults } from "./helpers.ts";
import { swapCase } from "./lifecycle-tests.ts";
import { sharedBatch, sharedResource } from "./shared.ts";

export interface SimplePath {
  readonly path: string;
  readonly def: AttributeDef;
  /** The attribute or its parent is multi-valued. */
  readonly multiValued: boolean;
  /** The top-level attribute (itself, or the parent of a sub-attribute). */
  readonly top: AttributeDef;
}

/** Every simple attribute and sub-attribute a client may filter or sort on (not `returned: never`). */
export function simplePaths(model: ResourceModel): SimplePath[] {
  const paths: SimplePath[] = [];
  for (const attribute of model.attributes) {
    const def = attribute.def;
    if (def.returned === "never" || def.mutability === "writeOnly") continue;
    if (def.type !== "complex") {
      paths.push({ path: attribute.path, def, multiValued: def.multiValued, top: def });
      continue;
    }
    for (const sub of def.subAttributes) {
      if (sub.returned === "never" || sub.mutability === "writeOnly") continue;
      paths.push({
        path: `${attribute.path}.${sub.name}`,
        def: sub,
        multiValued: def.multiValued || sub.multiValued,
        top: def,
      });
    }
  }
  return paths;
}

interface FilterCase {
  readonly filter: string;
  /** Whether one value of the attribute satisfies the comparison (multi-valued: any value does). */
  readonly test: (value: Json) => boolean;
  /** The filter is `not (…)` of the comparison. */
  readonly negated?: boolean;
}

function compareAs(def: AttributeDef, a: Json, b: Json): number {
  if (def.type === "dateTime") return Date.parse(String(a)) - Date.parse(String(b));
  if (typeof a === "number" && typeof b === "number") return a - b;
  const x = def.caseExact ? String(a) : String(a).toLowerCase();
  const y = def.caseExact ? String(b) : String(b).toLowerCase();
  return compareText(x, y);
}

/** Comparisons of RFC 7644 §3.4.2.2 built around `value`, one of the values the resource holds. */
function cases(path: string, def: AttributeDef, value: Json, multiValued = false): FilterCase[] {
  const v = literal(value);
  const fold = (x: Json) => (def.caseExact ? String(x) : String(x).toLowerCase());
  const eq = (w: Json) => (x: Json) =>
    def.type === "boolean"
      ? x === w
      : def.type === "string" || def.type === "reference"
        ? fold(x) === fold(w)
        : compareAs(def, x, w) === 0;
  const list: FilterCase[] = [
    { filter: `${path} eq ${v}`, test: eq(value) },
    { filter: `not (${path} eq ${v})`, test: eq(value), negated: true },
    { filter: `${path} pr`, test: () => true },
  ];
  // `ne` on a multi-valued attribute is read differently by servers ("some value differs" or "no
  // value equals"); the checker keeps it to single values.
  if (!multiValued) list.push({ filter: `${path} ne ${v}`, test: eq(value), negated: true });
  if (typeof value === "string" && (def.type === "string" || def.type === "reference")) {
    const swapped = swapCase(value);
    if (swapped !== value) list.push({ filter: `${path} eq ${literal(swapped)}`, test: eq(swapped) });
    const chars = [...value];
    if (chars.length >= 3) {
      const start = chars.slice(0, 3).join("");
      const end = chars.slice(-3).join("");
      const middle = chars.slice(1, -1).join("");
      list.push(
        { filter: `${path} sw ${literal(start)}`, test: (x) => fold(x).startsWith(fold(start)) },
        { filter: `${path} ew ${literal(end)}`, test: (x) => fold(x).endsWith(fold(end)) },
        { filter: `${path} co ${literal(middle)}`, test: (x) => fold(x).includes(fold(middle)) },
      );
    }
    list.push({ filter: `${path} eq ${literal(`${value}~nope`)}`, test: eq(`${value}~nope`) });
  }
  // RFC 7644 §3.4.2.2: gt, ge, lt, le compare strings lexicographically (by caseExact), dateTimes
  // chronologically, numbers numerically.
  if (def.type === "string" || def.type === "dateTime" || def.type === "integer" || def.type === "decimal") {
    list.push(
      { filter: `${path} ge ${v}`, test: (x) => compareAs(def, x, value) >= 0 },
      { filter: `${path} le ${v}`, test: (x) => compareAs(def, x, value) <= 0 },
      { filter: `${path} gt ${v}`, test: (x) => compareAs(def, x, value) > 0 },
      { filter: `${path} lt ${v}`, test: (x) => compareAs(def, x, value) < 0 },
    );
  }
  if (def.type === "boolean") list.push({ filter: `${path} eq ${literal(!value)}`, test: eq(!value) });
  return list;
}

/**
 * Attributes a server may decline to filter on with `400 invalidFilter` ("the specified attribute
 * and filter comparison combination is not supported", RFC 7644 §3.12): references and values the
 * server computes. The checker accepts that answer for them, and only for them.
 */
function mayBeUnfilterable(def: AttributeDef): boolean {
  return def.type === "reference" || def.mutability === "readOnly";
}

export function defineFilterTests(context: CheckerContext, resourceType: string): void {
  const declared = context.target().discovery.model(resourceType);
  describe.concurrent("filter on every attribute (RFC 7644 §3.4.2.2)", () => {
    for (const { path, def, multiValued } of simplePaths(declared)) {
      context.check(`filter on ${path}`, async (t) => {
        const model = modelOf(context, resourceType);
        const shared = await sharedResource(context, resourceType);
        const read = readPath(model, shared.current, path);
        const values = (Array.isArray(read) ? read : [read]).filter((v): v is Json => v !== undefined && v !== null);
        const value = values[values.length - 1];
        if (value === undefined || value === null) {
          // Nothing to compare with: only `pr` can be checked.
          const response = await context.client().get(model.type.endpoint, {
            filter: `${path} pr and id eq ${literal(shared.id)}`,
          });
          expectNoProblems(
            totalResults(response) === 0 ? [] : [`${path} pr matched a resource without ${path}`],
            response,
          );
          return;
        }
        const problems: string[] = [];
        const wrong: ScimResponse[] = [];
        let unsupported = false;
        for (const { filter, test, negated } of cases(path, def, value, multiValued)) {
          const matches = values.some(test) !== (negated === true);
          const scoped = `(${filter}) and id eq ${literal(shared.id)}`;
          const response = await context.client().get(model.type.endpoint, { filter: scoped });
          if (
            response.status === 400 &&
            mayBeUnfilterable(def) &&
            errorProblems(response, 400, ["invalidFilter"]).length === 0
          ) {
            unsupported = true;
            continue;
          }
          const shape = listProblems(response);
          if (shape.length > 0) problems.push(`${scoped}: ${shape.join(", ")}`);
          else if (totalResults(response) !== (matches ? 1 : 0)) {
            problems.push(`${scoped}: totalResults ${totalResults(response)}, expected ${matches ? 1 : 0}`);
          } else continue;
          wrong.push(response);
        }
        expectNoProblems(problems, ...wrong);
        if (unsupported) await t.annotate(`${path}: not filterable (400 invalidFilter, allowed by RFC 7644 §3.12)`);
      });
    }

    for (const attribute of declared.attributes.filter(
      (a) => a.def.multiValued && a.def.type === "complex" && subAttribute(a.def, "value"),
    )) {
      context.check(
        `filter on ${attribute.path} without a sub-attribute compares its value (RFC 7644 §3.4.2.2)`,
        async () => {
          const model = modelOf(context, resourceType);
          const shared = await sharedResource(context, resourceType);
          const values = valuesAt(model, shared.current, `${attribute.path}.value`).filter(
            (v) => typeof v === "string",
          );
          const value = values[0];
          if (value === undefined) return;
          const problems: string[] = [];
          const responses: ScimResponse[] = [];
          for (const [filter, expected] of [
            [`${attribute.path} eq ${literal(value)}`, 1],
            [`${attribute.path} co ${literal(value)}`, 1],
            [`${attribute.path} eq ${literal(`${value}~nope`)}`, 0],
          ] as const) {
            const response = await context
              .client()
              .get(model.type.endpoint, { filter: `(${filter}) and id eq ${literal(shared.id)}` });
            responses.push(response);
            if (totalResults(response) !== expected)
              problems.push(
                `${filter}: ${response.status}, totalResults ${totalResults(response)}, expected ${expected}`,
              );
          }
          expectNoProblems(problems, ...responses);
        },
      );
    }

    const unordered = simplePaths(declared).filter((p) => p.def.type === "boolean" || p.def.type === "binary");
    if (unordered.length > 0) {
      context.check(
        "gt, ge, lt, le on boolean and binary attributes: 400 invalidFilter (RFC 7644 §3.4.2.2)",
        async () => {
          const model = modelOf(context, resourceType);
          const problems: string[] = [];
          const responses: ScimResponse[] = [];
          for (const { path, def } of unordered) {
            for (const op of ["gt", "ge", "lt", "le"]) {
              const filter = `${path} ${op} ${def.type === "boolean" ? "true" : literal("AAAA")}`;
              const response = await context.client().get(model.type.endpoint, { filter, count: 0 });
              const found = errorProblems(response, 400, ["invalidFilter"]);
              if (found.length > 0) {
                problems.push(`${filter}: ${found.join("; ")}`);
                responses.push(response);
              }
            }
          }
          expectNoProblems(problems, ...responses.slice(0, 3));
        },
      );
    }

    context.check("POST .search answers what GET answers for the same query (RFC 7644 §3.4.3)", async () => {
      const model = modelOf(context, resourceType);
      const { filter: scope } = await sharedBatch(context, resourceType);
      const listing = await context.client().get(model.type.endpoint, { filter: scope });
      const resources = listed(listing);
      const gen = context.generator(`${resourceType}:search`);
      const paths = simplePaths(model).filter(
        (p) => p.def.type === "string" && p.def.mutability !== "readOnly" && !context.isKnownBug(`filter on ${p.path}`),
      );
      const problems: string[] = [];
      const responses: ScimResponse[] = [];
      for (let i = 0; i < 5; i++) {
        const expression = randomExpression(gen, model, resources, paths, 2);
        const query = {
          filter: `(${expression.filter}) and (${scope})`,
          sortBy: "id",
          sortOrder: gen.rng.bool() ? "descending" : "ascending",
          startIndex: gen.rng.int(1, 3),
          count: gen.rng.int(1, 4),
          attributes: gen.rng.pick(paths).path,
        };
        const get = await context.client().get(model.type.endpoint, query);
        const post = await context.client().post(`${model.type.endpoint}/.search`, {
          schemas: ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
          ...query,
        });
        if (post.status !== 200 || get.status !== 200 || JSON.stringify(post.body) !== JSON.stringify(get.body)) {
          problems.push(`${JSON.stringify(query)}: GET ${get.status}, POST .search ${post.status}, bodies differ`);
          responses.push(get, post);
        }
      }
      expectNoProblems(problems, ...responses);
    });

    context.check(
      "random filter expressions (and, or, not, parentheses, value paths) select what RFC 7644 §3.4.2.2 says",
      async () => {
        const model = modelOf(context, resourceType);
        const { ids, filter: scope } = await sharedBatch(context, resourceType);
        const listing = await context.client().get(model.type.endpoint, { filter: scope });
        const resources = listed(listing);
        const gen = context.generator(`${resourceType}:random-filters`);
        // Attributes the server declines to filter on (400 invalidFilter, see mayBeUnfilterable) are left out.
        const candidates = simplePaths(model).filter(
          (p) => p.def.type !== "binary" && !context.isKnownBug(`filter on ${p.path}`),
        );
        const declined = await Promise.all(
          candidates.map(async (p) => {
            if (!mayBeUnfilterable(p.def)) return false;
            const probe = await context.client().get(model.type.endpoint, { filter: `${p.path} pr`, count: 0 });
            return probe.status === 400;
          }),
        );
        const paths = candidates.filter((_, i) => !declined[i]);
        const problems: string[] = [];
        const wrong: ScimResponse[] = [];
        for (let i = 0; i < 25; i++) {
          const expression = randomExpression(gen, model, resources, paths, 3);
          const response = await context
            .client()
            .get(model.type.endpoint, { filter: `(${expression.filter}) and (${scope})` });
          const expected = resources
            .filter(expression.test)
            .map((r) => String(r["id"]))
            .sort();
          const got = listed(response)
            .map((r) => String(r["id"]))
            .sort();
          if (response.status !== 200 || got.join() !== expected.join()) {
            problems.push(
              `${expression.filter}\n    expected ${JSON.stringify(expected)}\n    got ${response.status} ${JSON.stringify(got)}`,
            );
            wrong.push(response);
          }
        }
        expect(ids.length).toBeGreaterThan(0);
        expectNoProblems(problems, ...wrong);
      },
    );
  });
}

interface Expression {
  readonly filter: string;
  readonly test: (resource: JsonObject) => boolean;
}

function valuesAt(model: ResourceModel, resource: JsonObject, path: string): Json[] {
  const read = readPath(model, resource, path);
  return (Array.isArray(read) ? read : [read]).filter((v): v is Json => v !== undefined && v !== null);
}

/** A comparison on one attribute, around a value some resource of the batch holds. */
function randomLeaf(
  gen: ValueGenerator,
  model: ResourceModel,
  resources: JsonObject[],
  paths: SimplePath[],
): Expression {
  for (;;) {
    const resource = gen.rng.pick(resources);
    const { path, def, multiValued } = gen.rng.pick(paths);
    const values = valuesAt(model, resource, path);
    if (values.length === 0) continue;
    // `ne` is only generated where every resource has a value (RFC 7644 leaves unassigned open).
    const all = resources.every((r) => valuesAt(model, r, path).length > 0);
    const c = gen.rng.pick(cases(path, def, gen.rng.pick(values), multiValued || !all));
    return { filter: c.filter, test: (r) => valuesAt(model, r, path).some(c.test) !== (c.negated === true) };
  }
}

/** `emails[type eq "work" and value sw "ab"]`: conditions on one value of a multi-valued complex attribute. */
function randomValuePath(
  gen: ValueGenerator,
  model: ResourceModel,
  resources: JsonObject[],
  paths: SimplePath[],
): Expression | undefined {
  const attributes = model.attributes.filter((a) => a.def.multiValued && a.def.type === "complex");
  const resource = gen.rng.pick(resources);
  const attribute = gen.rng.pick(attributes);
  const elements = readPath(model, resource, attribute.path);
  if (!Array.isArray(elements) || elements.length === 0) return undefined;
  const element = gen.rng.pick(elements);
  if (!isObject(element)) return undefined;
  // Only sub-attributes the random leaves may use too (known bugs and unfilterable ones are out).
  const subs = attribute.def.subAttributes.filter(
    (s) =>
      (s.type === "string" || s.type === "boolean") &&
      element[s.name] !== undefined &&
      paths.some((p) => p.path === `${attribute.path}.${s.name}`),
  );

  if (subs.length === 0) return undefined;
  const chosen = gen.rng.shuffle(subs).slice(0, gen.rng.int(1, Math.min(2, subs.length)));
  const conditions = chosen.map((sub) => gen.rng.pick(cases(sub.name, sub, element[sub.name] as Json, true)));
  const joiner = gen.rng.bool() ? "and" : "or";
  const filter = `${attribute.path}[${conditions.map((c) => c.filter).join(` ${joiner} `)}]`;
  const holds = (e: Json) =>
    isObject(e) &&
    conditions[joiner === "and" ? "every" : "some"]((c, i) => {
      const v = e[(chosen[i] as AttributeDef).name];
      return (v !== undefined && v !== null && c.test(v)) !== (c.negated === true);
    });
  return {
    filter,
    test: (r) => {
      const list = readPath(model, r, attribute.path);
      return Array.isArray(list) && list.some(holds);
    },
  };
}

function randomExpression(
  gen: ValueGenerator,
  model: ResourceModel,
  resources: JsonObject[],
  paths: SimplePath[],
  depth: number,
): Expression {
  const roll = gen.rng.next();
  if (depth === 0 || roll < 0.35) {
    if (gen.rng.bool(0.25)) {
      const valuePath = randomValuePath(gen, model, resources, paths);
      if (valuePath) return valuePath;
    }
    return randomLeaf(gen, model, resources, paths);
  }
  if (roll < 0.5) {
    const inner = randomExpression(gen, model, resources, paths, depth - 1);
    return { filter: `not (${inner.filter})`, test: (r) => !inner.test(r) };
  }
  const a = randomExpression(gen, model, resources, paths, depth - 1);
  const b = randomExpression(gen, model, resources, paths, depth - 1);
  const and = gen.rng.bool();
  return {
    filter: `(${a.filter}) ${and ? "and" : "or"} (${b.filter})`,
    test: and ? (r) => a.test(r) && b.test(r) : (r) => a.test(r) || b.test(r),
  };
}
