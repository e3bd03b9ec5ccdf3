/**
 * PATCH (RFC 7644 §3.5.2) of every writable attribute: add, replace, remove, with and without a
 * path; sub-attribute paths of complex attributes; value-path filters on multi-valued complex
 * attributes. Each case starts from a freshly created resource, applies one operation, and
 * compares the server's answer and a following GET with the state RFC 7644 says must result.
 */
import { isDeepStrictEqual } from "node:util";
import { describe, type TestContext } from "vitest";
import { type CheckerContext, expectNoProblems, expectStatus, ROSTER_PROFILE } from "../checker.ts";
import { resourceProblems } from "../compare.ts";
import {
  type AttributeDef,
  isWritable,
  member,
  type ResourceAttribute,
  type ResourceModel,
  subAttribute,
} from "../discovery.ts";
import { clone, readAttribute, ValueGenerator, writeAttribute } from "../generator.ts";
import { isObject, type Json, type JsonObject } from "../scim-client.ts";
import { type Created, createResource, errorProblems, modelOf } from "./helpers.ts";

export interface PatchPlan {
  readonly operations: JsonObject[];
  /** The state that must result (writable attributes), or the unchanged state for an error. */
  readonly expected: JsonObject;
  readonly absent?: readonly string[];
  readonly error?: { readonly status: number; readonly scimTypes: readonly string[] };
  /** 400 with one of these scimTypes is accepted as "not supported" (RFC 7644 §3.12), nothing applied. */
  readonly unsupported?: readonly string[];
  /** The operation changes nothing: meta.lastModified must not move (RFC 7644 §3.5.2.1). */
  readonly noChange?: boolean;
}

interface PlanInput {
  readonly gen: ValueGenerator;
  /** What the resource holds now (as the checker wrote it). */
  readonly state: JsonObject;
  readonly model: ResourceModel;
  readonly attribute: ResourceAttribute;
}

export interface PatchCase {
  readonly name: string;
  /** undefined: not applicable to this resource (e.g. the attribute has no value to filter on). */
  plan(input: PlanInput): PatchPlan | undefined;
}

const MUTABILITY_ERROR = { status: 400, scimTypes: ["mutability"] } as const;

/** RFC 7644 §3.5.2.3: no value matched; an immutable sub-attribute may be refused for that first. */
function noTarget(sub: AttributeDef) {
  return { status: 400, scimTypes: sub.mutability === "immutable" ? ["noTarget", "mutability"] : ["noTarget"] };
}

/** The attribute wrapped for a path-less operation (RFC 7644 §3.5.2.1: extension attributes under their URN). */
function wrap(attribute: ResourceAttribute, value: Json): JsonObject {
  return attribute.extension
    ? { [attribute.schema]: { [attribute.def.name]: value } }
    : { [attribute.def.name]: value };
}

/** RFC 7644 §3.5.2: setting `primary: true` on a value sets every other value's `primary` to false. */
function resetOtherPrimaries(elements: Json[], keep: ReadonlySet<Json>): void {
  for (const element of elements) {
    if (isObject(element) && !keep.has(element) && member(element, "primary") === true) element["primary"] = false;
  }
}

function hasPrimary(element: Json): boolean {
  return isObject(element) && member(element, "primary") === true;
}

/** The state after `replace` (RFC 7644 §3.5.2.3) of a whole attribute. */
function replaced(state: JsonObject, attribute: ResourceAttribute, value: Json): JsonObject {
  const next = clone(state);
  const old = readAttribute(next, attribute);
  if (attribute.def.type === "complex" && !attribute.def.multiValued && isObject(old) && isObject(value)) {
    // "Sub-attributes that are not specified in the value parameter are left unchanged."
    writeAttribute(next, attribute, { ...old, ...value });
  } else writeAttribute(next, attribute, value);
  return next;
}

/** The state after `add` (RFC 7644 §3.5.2.1) of a whole attribute. */
function added(state: JsonObject, attribute: ResourceAttribute, value: Json): JsonObject {
  if (!attribute.def.multiValued) return replaced(state, attribute, value);
  const next = clone(state);
  const old = readAttribute(next, attribute);
  const elements = [...(Array.isArray(old) ? old : []), ...(Array.isArray(value) ? value : [value])];
  const fresh = new Set(Array.isArray(value) ? value : [value]);
  if ([...fresh].some(hasPrimary)) resetOtherPrimaries(elements, fresh);
  writeAttribute(next, attribute, elements);
  return next;
}

/** A fresh value for an attribute; complex single-valued: a random non-empty part of one (to test merging). */
function freshValue(input: PlanInput): Json | undefined {
  const { gen, attribute, state } = input;
  const def = attribute.def;
  if (def.type === "complex" && !def.multiValued) {
    const full = gen.attributeValue(def);
    if (!isObject(full)) return full;
    const keys = gen.rng.shuffle(Object.keys(full)).slice(0, gen.rng.int(1, Object.keys(full).length));
    return Object.fromEntries(keys.map((k) => [k, full[k] as Json]));
  }
  if (def.multiValued && ValueGenerator.referencedTypes(def).length > 0) {
    // New references only: the targets already present are not offered again.
    const current = readAttribute(state, attribute);
    const taken = new Set(
      (Array.isArray(current) ? current : []).map((e) => (isObject(e) ? String(member(e, "value")) : "")),
    );
    return gen.withReferences((t) => gen.references(t).filter((r) => !taken.has(r.id))).attributeValue(def);
  }
  return gen.attributeValue(def);
}

function removal(input: PlanInput, operations: JsonObject[]): PatchPlan {
  const { state, attribute } = input;
  if (attribute.def.required) {
    // A required attribute cannot become unassigned (RFC 7643 §2.2, RFC 7644 §3.5.2).
    return { operations, expected: state, error: { status: 400, scimTypes: ["mutability", "invalidValue"] } };
  }
  const next = clone(state);
  writeAttribute(next, attribute, undefined);
  return { operations, expected: next, absent: [attribute.path] };
}

/** Cases for an attribute as a whole. */
function attributeCases(attribute: ResourceAttribute): PatchCase[] {
  const def = attribute.def;
  const immutable = def.mutability === "immutable";
  const write = (op: "add" | "replace", withPath: boolean): PatchCase => ({
    name: `${op} ${withPath ? `path ${attribute.path}` : `without path {${attribute.path}}`}`,
    plan(input) {
      const value = freshValue(input);
      if (value === undefined) return undefined;
      const operation: JsonObject = withPath
        ? { op, path: attribute.path, value }
        : { op, value: wrap(attribute, value) };
      const hadValue = readAttribute(input.state, attribute) !== undefined;
      if (immutable && hadValue && !(op === "add" && def.multiValued)) {
        return { operations: [operation], expected: input.state, error: MUTABILITY_ERROR };
      }
      const expected = op === "add" ? added(input.state, attribute, value) : replaced(input.state, attribute, value);
      return { operations: [operation], expected };
    },
  });
  return [
    write("replace", true),
    write("add", true),
    write("replace", false),
    write("add", false),
    {
      name: `remove path ${attribute.path}`,
      plan: (input) =>
        immutable && readAttribute(input.state, attribute) !== undefined
          ? { operations: [{ op: "remove", path: attribute.path }], expected: input.state, error: MUTABILITY_ERROR }
          : removal(input, [{ op: "remove", path: attribute.path }]),
    },
  ];
}

/** Cases for each writable sub-attribute of a single-valued complex attribute: `name.givenName`. */
function subAttributeCases(attribute: ResourceAttribute): PatchCase[] {
  return attribute.def.subAttributes.filter(isWritable).flatMap((sub): PatchCase[] => {
    const path = `${attribute.path}.${sub.name}`;
    const set = (op: "add" | "replace"): PatchCase => ({
      name: `${op} path ${path}`,
      plan({ gen, state }) {
        const value =
          sub.type === "reference" && sub.referenceTypes.some((t) => t !== "external" && t !== "uri")
            ? gen.reference(sub)
            : gen.simpleValue(sub);
        if (value === undefined) return undefined;
        const next = clone(state);
        const old = readAttribute(next, attribute);
        writeAttribute(next, attribute, { ...(isObject(old) ? old : {}), [sub.name]: value });
        return { operations: [{ op, path, value }], expected: next };
      },
    });
    return [
      set("replace"),
      set("add"),
      {
        name: `remove path ${path}`,
        plan({ state }) {
          const old = readAttribute(state, attribute);
          if (!isObject(old) || member(old, sub.name) === undefined) return undefined;
          if (sub.required)
            return {
              operations: [{ op: "remove", path }],
              expected: state,
              error: { status: 400, scimTypes: ["mutability", "invalidValue"] },
            };
          const next = clone(state);
          const rest = Object.fromEntries(
            Object.entries(old).filter(([k]) => k.toLowerCase() !== sub.name.toLowerCase()),
          );
          writeAttribute(next, attribute, Object.keys(rest).length === 0 ? undefined : rest);
          return { operations: [{ op: "remove", path }], expected: next, absent: [path] };
        },
      },
    ];
  });
}

/** The sub-attribute to select elements by: `value` when it is a string, else the first string one. */
function filterSub(def: AttributeDef): AttributeDef | undefined {
  const value = subAttribute(def, "value");
  if (value && (value.type === "string" || value.type === "reference")) return value;
  return def.subAttributes.find((s) => s.type === "string" && s.canonicalValues.length === 0 && isWritable(s));
}

function sameString(def: AttributeDef, a: Json | undefined, b: Json | undefined): boolean {
  if (typeof a !== "string" || typeof b !== "string") return false;
  return def.caseExact ? a === b : a.toLowerCase() === b.toLowerCase();
}

/** Cases with value-path filters on a multi-valued complex attribute: `emails[value eq "x"].type`. */
function valuePathCases(attribute: ResourceAttribute): PatchCase[] {
  const def = attribute.def;
  const by = filterSub(def);
  if (!by) return [];
  const pickElement = ({ gen, state }: PlanInput) => {
    const elements = readAttribute(state, attribute);
    if (!Array.isArray(elements) || elements.length === 0) return undefined;
    const candidates = elements.filter((e) => isObject(e) && typeof member(e, by.name) === "string");
    if (candidates.length === 0) return undefined;
    const element = gen.rng.pick(candidates) as JsonObject;
    const key = member(element, by.name) as string;
    return { elements, element, key, filter: `${attribute.path}[${by.name} eq ${JSON.stringify(key)}]` };
  };
  const matching = (elements: Json[], key: string) =>
    elements.filter((e) => isObject(e) && sameString(by, member(e, by.name), key));
  const subs = def.subAttributes.filter((s) => isWritable(s) && s.name !== "primary");
  const primary = subAttribute(def, "primary");

  const cases: PatchCase[] = [
    {
      name: `remove path ${attribute.path}[${by.name} eq …]`,
      plan(input) {
        const picked = pickElement(input);
        if (!picked) return undefined;
        const rest = picked.elements.filter((e) => !matching([e], picked.key).length);
        const next = clone(input.state);
        writeAttribute(next, attribute, rest.length === 0 ? undefined : rest);
        return {
          operations: [{ op: "remove", path: picked.filter }],
          expected: next,
          absent: rest.length === 0 ? [attribute.path] : [],
        };
      },
    },
    {
      name: `remove path ${attribute.path}[${by.name} eq … and <another sub-attribute> eq …]`,
      plan(input) {
        const picked = pickElement(input);
        if (!picked) return undefined;
        const other = def.subAttributes.find(
          (s) =>
            s !== by &&
            (s.type === "string" || s.type === "reference") &&
            typeof member(picked.element, s.name) === "string",
        );
        if (!other) return undefined;
        const otherValue = member(picked.element, other.name) as string;
        const hit = (e: Json) =>
          matching([e], picked.key).length > 0 && isObject(e) && sameString(other, member(e, other.name), otherValue);
        const rest = picked.elements.filter((e) => !hit(e));
        const next = clone(input.state);
        writeAttribute(next, attribute, rest.length === 0 ? undefined : rest);
        const path = `${attribute.path}[${by.name} eq ${JSON.stringify(picked.key)} and ${other.name} eq ${JSON.stringify(otherValue)}]`;
        return {
          operations: [{ op: "remove", path }],
          expected: next,
          absent: rest.length === 0 ? [attribute.path] : [],
          // "the specified attribute and filter comparison combination is not supported"
          unsupported: ["invalidFilter"],
        };
      },
    },
    {
      name: `replace path ${attribute.path}[${by.name} co <no match>].<sub-attribute>: 400 noTarget (RFC 7644 §3.5.2.3)`,
      plan(input) {
        const sub = subs.find((s) => s.mutability === "readWrite") ?? subs[0];
        if (!sub) return undefined;
        const value = input.gen.simpleValue(sub);
        if (value === undefined) return undefined;
        const path = `${attribute.path}[${by.name} co ${JSON.stringify(`~${input.gen.token()}~`)}].${sub.name}`;
        return { operations: [{ op: "replace", path, value }], expected: input.state, error: noTarget(sub) };
      },
    },
    {
      name: `replace path ${attribute.path}[${by.name} eq <no match>].<sub-attribute> while values exist: 400 noTarget (RFC 7644 §3.5.2.3)`,
      plan(input) {
        const elements = readAttribute(input.state, attribute);
        if (!Array.isArray(elements) || elements.length === 0) return undefined;
        const sub = subs.find((s) => s.mutability === "readWrite" && s !== by) ?? subs.find((s) => s !== by);
        if (!sub) return undefined;
        const value = input.gen.simpleValue(sub);
        if (value === undefined) return undefined;
        const path = `${attribute.path}[${by.name} eq ${JSON.stringify(`nomatch${input.gen.token()}`)}].${sub.name}`;
        return { operations: [{ op: "replace", path, value }], expected: input.state, error: noTarget(sub) };
      },
    },
  ];

  cases.push({
    name: `add path ${attribute.path} with a value it already holds: no change, lastModified kept (RFC 7644 §3.5.2.1)`,
    plan(input) {
      const picked = pickElement(input);
      if (!picked) return undefined;
      const copy = clone(picked.element);
      return {
        operations: [{ op: "add", path: attribute.path, value: [copy] }],
        expected: input.state,
        noChange: true,
      };
    },
  });

  for (const sub of subs) {
    for (const op of ["replace", "add"] as const) {
      cases.push({
        name: `${op} path ${attribute.path}[${by.name} eq …].${sub.name}`,
        plan(input) {
          const picked = pickElement(input);
          if (!picked) return undefined;
          const value =
            sub.type === "reference" && ValueGenerator.referencedTypes(def).length === 0
              ? input.gen.reference(sub)
              : input.gen.simpleValue(sub);
          if (value === undefined) return undefined;
          const operation = { op, path: `${picked.filter}.${sub.name}`, value };
          if (sub.mutability === "immutable")
            return { operations: [operation], expected: input.state, error: MUTABILITY_ERROR };
          const next = clone(input.state);
          const elements = readAttribute(next, attribute) as Json[];
          for (const e of matching(elements, picked.key)) (e as JsonObject)[sub.name] = value;
          return { operations: [operation], expected: next };
        },
      });
    }
    if (!sub.required) {
      cases.push({
        name: `remove path ${attribute.path}[${by.name} eq …].${sub.name}`,
        plan(input) {
          const picked = pickElement(input);
          if (!picked || member(picked.element, sub.name) === undefined) return undefined;
          const operation = { op: "remove", path: `${picked.filter}.${sub.name}` };
          if (sub.mutability === "immutable")
            return { operations: [operation], expected: input.state, error: MUTABILITY_ERROR };
          const next = clone(input.state);
          const elements = readAttribute(next, attribute) as Json[];
          for (const e of matching(elements, picked.key)) {
            for (const k of Object.keys(e as JsonObject))
              if (k.toLowerCase() === sub.name.toLowerCase()) delete (e as JsonObject)[k];
          }
          return { operations: [operation], expected: next };
        },
      });
    }
  }

  if (primary && isWritable(primary)) {
    cases.push({
      name: `replace path ${attribute.path}[${by.name} eq …].primary true: the other values lose primary (RFC 7644 §3.5.2)`,
      plan(input) {
        const elements = readAttribute(input.state, attribute);
        if (!Array.isArray(elements) || elements.length < 2) return undefined;
        const picked = pickElement(input);
        if (!picked) return undefined;
        const next = clone(input.state);
        const nextElements = readAttribute(next, attribute) as Json[];
        const chosen = new Set(matching(nextElements, picked.key));
        for (const e of chosen) (e as JsonObject)["primary"] = true;
        resetOtherPrimaries(nextElements, chosen);
        return { operations: [{ op: "replace", path: `${picked.filter}.primary`, value: true }], expected: next };
      },
    });
  }

  if (!def.subAttributes.some((s) => s.mutability === "immutable")) {
    cases.push({
      name: `replace path ${attribute.path}[${by.name} eq …] with a whole value`,
      plan(input) {
        const picked = pickElement(input);
        if (!picked) return undefined;
        const value = input.gen.complexValue(def);
        if (!value) return undefined;
        const oldPrimary = member(picked.element, "primary");
        if (oldPrimary !== undefined) value["primary"] = oldPrimary;
        const next = clone(input.state);
        const elements = readAttribute(next, attribute) as Json[];
        writeAttribute(
          next,
          attribute,
          elements.map((e) => (matching([e], picked.key).length > 0 ? value : e)),
        );
        return { operations: [{ op: "replace", path: picked.filter, value }], expected: next };
      },
    });
  }
  return cases;
}

/** Every case for a resource model, named after the attribute and the operation. */
export function patchCases(model: ResourceModel): { attribute: ResourceAttribute; patchCase: PatchCase }[] {
  const all: { attribute: ResourceAttribute; patchCase: PatchCase }[] = [];
  for (const attribute of model.attributes) {
    if (!isWritable(attribute.def)) continue;
    for (const patchCase of attributeCases(attribute)) all.push({ attribute, patchCase });
    if (attribute.def.type !== "complex") continue;
    const cases = attribute.def.multiValued ? valuePathCases(attribute) : subAttributeCases(attribute);
    for (const patchCase of cases) all.push({ attribute, patchCase });
  }
  return all;
}

/** Readonly attributes and sub-attributes: a PATCH that modifies one is refused with `mutability`. */
function readOnlyPaths(model: ResourceModel): { path: string; def: AttributeDef }[] {
  return model.attributes.flatMap((a) => {
    if (a.def.mutability === "readOnly") return [{ path: a.path, def: a.def }];
    if (a.def.type === "complex" && !a.def.multiValued) {
      return a.def.subAttributes
        .filter((s) => s.mutability === "readOnly")
        .map((s) => ({ path: `${a.path}.${s.name}`, def: s }));
    }
    return [];
  });
}

/** Some value of the right shape for a readOnly attribute (the server must refuse it whatever it is). */
function someValue(gen: ValueGenerator, def: AttributeDef): Json {
  const one = (): Json => {
    if (def.type !== "complex") return gen.simpleValue({ ...def, canonicalValues: [] }) ?? gen.string();
    const object: JsonObject = {};
    for (const sub of def.subAttributes)
      object[sub.name] = gen.simpleValue({ ...sub, referenceTypes: ["external"] }) ?? gen.string();
    return object;
  };
  return def.multiValued ? [one()] : one();
}

export function definePatchTests(context: CheckerContext, resourceType: string): void {
  const declared = context.target().discovery.model(resourceType);
  describe.concurrent("PATCH every attribute (RFC 7644 §3.5.2)", () => {
    for (const { attribute, patchCase } of patchCases(declared)) {
      context.check(patchCase.name, async (t) => {
        const model = modelOf(context, resourceType);
        // The attribute under test, and a random part of the others (which must stay as they are);
        // two values at least in multi-valued attributes, so that a value path leaves others.
        const gen = context.generator(`${resourceType}:patch:${patchCase.name}`, {
          minElements: 2,
          omitProbability: 0.6,
        });
        const body = gen.resource(model);
        if (readAttribute(body, attribute) === undefined) {
          const value = gen.attributeValue(attribute.def);
          if (value !== undefined) writeAttribute(body, attribute, value);
          if (attribute.extension && !(body["schemas"] as Json[]).includes(attribute.schema)) {
            (body["schemas"] as Json[]).push(attribute.schema);
          }
        }
        const created = await createResource(context, model, gen, body);
        const plan = patchCase.plan({ gen, state: created.sent, model, attribute });
        if (!plan) {
          t.skip("not applicable to the generated resource");
          return;
        }
        await runPlan(context, model, created, plan, t);
      });
    }

    for (const { path, def } of readOnlyPaths(declared)) {
      context.check(`replace path ${path} (readOnly): 400 mutability, nothing applied (RFC 7644 §3.5.2)`, async () => {
        const model = modelOf(context, resourceType);
        const gen = context.generator(`${resourceType}:patch-readonly:${path}`);
        const created = await createResource(context, model, gen);
        const value = someValue(gen, def);
        await runPlan(context, model, created, {
          operations: [
            { op: "replace", path, value },
            { op: "replace", value: { externalId: gen.string() } },
          ],
          expected: created.sent,
          error: MUTABILITY_ERROR,
        });
      });
    }

    context.check("several operations in one request apply in order (RFC 7644 §3.5.2)", async () => {
      const model = modelOf(context, resourceType);
      const gen = context.generator(`${resourceType}:patch-sequence`);
      const created = await createResource(context, model, gen);
      const optional = model.attributes.filter((a) => isWritable(a.def) && !a.def.required && a.def.type === "string");
      const [first] = gen.rng.shuffle(optional);
      if (!first) return;
      const a = gen.attributeValue(first.def) as Json;
      const b = gen.attributeValue(first.def) as Json;
      const next = clone(created.sent);
      writeAttribute(next, first, b);
      await runPlan(context, model, created, {
        operations: [
          { op: "replace", path: first.path, value: a },
          { op: "remove", path: first.path },
          { op: "add", path: first.path, value: b },
        ],
        expected: next,
      });
    });
  });
}

/** Sends the PATCH and judges its answer and the following GET. */
export async function runPlan(
  context: CheckerContext,
  model: ResourceModel,
  created: Created,
  plan: PatchPlan,
  t?: TestContext,
): Promise<void> {
  const { location, id, sent: before } = created;
  const client = context.client();
  const response = await client.patch(location, plan.operations);
  const body = isObject(response.body) ? response.body : {};
  if (response.status === 400 && plan.unsupported?.includes(String(body["scimType"]))) {
    const after = await client.get(location);
    await t?.annotate(`not supported: ${String(body["detail"])}`);
    const unchanged = resourceProblems(model, before, after.body).map((p) => `after the refused PATCH: ${p}`);
    expectNoProblems(unchanged, response, after);
    return;
  }
  if (plan.error) {
    const problems = errorProblems(response, plan.error.status, plan.error.scimTypes);
    const after = await client.get(location);
    problems.push(...resourceProblems(model, plan.expected, after.body).map((p) => `after the refused PATCH: ${p}`));
    expectNoProblems(problems, response, after);
    return;
  }
  const statuses = model.type.name === "Group" ? [...ROSTER_PROFILE.groupPatchStatuses] : [200, 204];
  expectStatus(response, ...statuses);
  const problems: string[] = [];
  if (response.status === 200) {
    problems.push(
      ...resourceProblems(model, plan.expected, response.body, { absent: plan.absent }).map(
        (p) => `PATCH response: ${p}`,
      ),
    );
  }
  const after = await client.get(location);
  problems.push(...resourceProblems(model, plan.expected, after.body, { absent: plan.absent }).map((p) => `GET: ${p}`));
  if (isObject(after.body) && after.body["id"] !== id)
    problems.push(`the id changed to ${JSON.stringify(after.body["id"])}`);
  // meta (RFC 7643 §3.1) and the ETag (RFC 7644 §3.14) follow the change, or its absence.
  const metaBefore = isObject(created.body["meta"]) ? created.body["meta"] : {};
  const metaAfter = isObject(after.body) && isObject(after.body["meta"]) ? after.body["meta"] : {};
  if (metaAfter["created"] !== metaBefore["created"]) problems.push("meta.created changed");
  // Whether the representation changed, whatever the plan expected (a random value can equal the
  // one held, and a writeOnly password is never shown): RFC 7644 §3.14 ties the version to it.
  const { meta: _beforeMeta, ...representationBefore } = created.body;
  const { meta: _afterMeta, ...representationAfter } = isObject(after.body) ? after.body : {};
  const changed = !isDeepStrictEqual(representationBefore, representationAfter);
  if (plan.noChange) {
    if (metaAfter["lastModified"] !== metaBefore["lastModified"])
      problems.push("meta.lastModified changed, though nothing did");
  } else if (Date.parse(String(metaAfter["lastModified"])) < Date.parse(String(metaBefore["lastModified"]))) {
    problems.push("meta.lastModified went back");
  }
  if (context.target().discovery.config.etag) {
    if (changed && metaAfter["version"] === metaBefore["version"]) problems.push("meta.version did not change");
    if (!changed && metaAfter["version"] !== metaBefore["version"])
      problems.push("meta.version changed, though nothing did");
    const body = isObject(response.body) ? response.body : undefined;
    const meta = body && isObject(body["meta"]) ? body["meta"] : undefined;
    if (response.status === 200 && meta && response.headers.get("etag") !== meta["version"]) {
      problems.push(`PATCH ETag ${response.headers.get("etag")} ≠ meta.version ${meta["version"]}`);
    }
  }
  expectNoProblems(problems, response, after);
}
