/**
 * Sorting (RFC 7644 §3.4.2.3) by every simple attribute and sub-attribute, and index paging
 * (§3.4.2.4), on a batch of resources the checker made, selected with `id eq … or …`.
 */
import { describe } from "vitest";
import { type CheckerContext, expectNoProblems, ROSTER_PROFILE } from "../checker.ts";
import { compareText, readPath } from "../compare.ts";
import { type AttributeDef, isWritable, type ResourceModel } from "../discovery.ts";
import { isObject, type JsonObject, type ScimResponse } from "../scim-client.ts";
import { simplePaths } from "./filter-tests.ts";
import { listed, listProblems, modelOf, totalResults } from "./helpers.ts";
import { sharedBatch as batch } from "./shared.ts";

type Key = string | number | boolean | undefined;

/** RFC 7644 §3.4.2.3: a multi-valued attribute sorts by its primary value, else its first. */
function sortKey(model: ResourceModel, resource: JsonObject, path: string, multiValued: boolean): Key {
  const dot = path.lastIndexOf(".");
  const value = readPath(model, resource, path);
  if (!multiValued) return value === null || isObject(value) || Array.isArray(value) ? undefined : (value as Key);
  const parentPath = dot > path.lastIndexOf(":") ? path.slice(0, dot) : path;
  const parent = readPath(model, resource, parentPath);
  if (!Array.isArray(parent) || parent.length === 0) return undefined;
  if (parentPath === path) return parent[0] as Key;
  const sub = path.slice(dot + 1);
  const chosen = parent.find((e) => isObject(e) && e["primary"] === true) ?? parent[0];
  const v = isObject(chosen) ? chosen[sub] : undefined;
  return v === null || v === undefined ? undefined : (v as Key);
}

function compareKeys(def: AttributeDef, a: Key, b: Key): number {
  if (def.type === "dateTime") return Date.parse(String(a)) - Date.parse(String(b));
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  const x = def.caseExact ? String(a) : String(a).toLowerCase();
  const y = def.caseExact ? String(b) : String(b).toLowerCase();
  return compareText(x, y);
}

/** Problems of an order: non-decreasing (descending: non-increasing), unassigned last (descending: first). */
function orderProblems(def: AttributeDef, keys: Key[], descending: boolean): string[] {
  const problems: string[] = [];
  for (let i = 1; i < keys.length; i++) {
    const a = keys[i - 1];
    const b = keys[i];
    const missingA = a === undefined;
    const missingB = b === undefined;
    if (missingA && missingB) continue;
    if (missingA !== missingB) {
      // ascending: values, then the unassigned; descending: the unassigned first.
      if (descending ? missingB : missingA)
        problems.push(`unassigned at ${descending ? i : i - 1} comes ${descending ? "after" : "before"} a value`);
      continue;
    }
    const c = compareKeys(def, a, b);
    if (descending ? c < 0 : c > 0) problems.push(`${JSON.stringify(a)} before ${JSON.stringify(b)}`);
  }
  return problems;
}

export function defineSortPageTests(context: CheckerContext, resourceType: string): void {
  const declared = context.target().discovery.model(resourceType);
  const sortable = simplePaths(declared).filter((p) => p.def.type !== "binary");
  describe.concurrent("sortBy every simple attribute (RFC 7644 §3.4.2.3)", () => {
    const unsortable = new Set<string>(ROSTER_PROFILE.unsortableAttributes.map((name) => name.toLowerCase()));
    for (const { path, def, multiValued, top } of sortable) {
      if (unsortable.has(top.name.toLowerCase())) {
        context.check(
          `sortBy ${path}: refused with 400 invalidValue (Roster: memberships are not sortable)`,
          async () => {
            const model = modelOf(context, resourceType);
            const response = await context.client().get(model.type.endpoint, { sortBy: path });
            const problems: string[] = [];
            const body = response.body as JsonObject;
            if (response.status !== 400) problems.push(`status ${response.status}, expected 400`);
            if (body["scimType"] !== "invalidValue")
              problems.push(`scimType ${String(body["scimType"])}, expected invalidValue`);
            expectNoProblems(problems, response);
          },
        );
        continue;
      }
      // Both tests of a path read the same two lists: fetched once, each test gets its own problems.
      let lists:
        | Promise<{
            runs: { order: "ascending" | "descending"; response: ScimResponse; keys: Key[] }[];
            problems: string[];
          }>
        | undefined;
      const sorted = async () => {
        lists ??= fetchSorted();
        const { runs, problems } = await lists;
        return { runs, problems: [...problems] };
      };
      const fetchSorted = async () => {
        const model = modelOf(context, resourceType);
        const { ids, filter } = await batch(context, resourceType);
        const runs: { order: "ascending" | "descending"; response: ScimResponse; keys: Key[] }[] = [];
        const problems: string[] = [];
        for (const order of ["ascending", "descending"] as const) {
          // ascending is the default sortOrder: it is not sent.
          const sortOrder = order === "descending" ? order : undefined;
          const response = await context.client().get(model.type.endpoint, { filter, sortBy: path, sortOrder });
          problems.push(...listProblems(response));
          const resources = listed(response);
          if (resources.length !== ids.length)
            problems.push(`${resources.length} of the ${ids.length} resources listed`);
          runs.push({ order, response, keys: resources.map((r) => sortKey(model, r, path, multiValued)) });
        }
        return { runs, problems };
      };

      context.check(`sortBy ${path}: values in order, ascending and descending`, async () => {
        const { runs, problems } = await sorted();
        for (const { order, keys } of runs) {
          const values = keys.filter((k) => k !== undefined);
          problems.push(
            ...orderProblems(def, values, order === "descending").map(
              (p) => `${order}: ${p} (keys ${JSON.stringify(keys)})`,
            ),
          );
        }
        expectNoProblems(problems, ...runs.map((r) => r.response));
      });

      if (isWritable(top) && !top.required) {
        context.check(`sortBy ${path}: unassigned values last ascending, first descending`, async (t) => {
          const { runs, problems } = await sorted();
          const keys = runs.flatMap((r) => r.keys);
          if (keys.every((k) => k !== undefined) || keys.every((k) => k === undefined)) {
            t.skip("every resource has a value (a server default), or none has (nothing to order)");
            return;
          }
          for (const { order, keys } of runs) {
            const pattern = keys.map((k) => (k === undefined ? "_" : "v")).join("");
            const good = order === "ascending" ? /^v*_*$/ : /^_*v*$/;
            if (!good.test(pattern)) problems.push(`${order}: values (v) and unassigned (_) come as ${pattern}`);
          }
          expectNoProblems(problems, ...runs.map((r) => r.response));
        });
      }
    }
  });

  describe.concurrent("paging (RFC 7644 §3.4.2.4)", () => {
    context.check(
      "startIndex/count pages cover the result once, with totalResults, startIndex, itemsPerPage",
      async () => {
        const model = modelOf(context, resourceType);
        const { ids, filter } = await batch(context, resourceType);
        const problems: string[] = [];
        const responses: ScimResponse[] = [];
        for (const sortBy of [undefined, "id"]) {
          const seen: string[] = [];
          for (let startIndex = 1; startIndex <= ids.length; startIndex += 4) {
            const response = await context.client().get(model.type.endpoint, { filter, sortBy, startIndex, count: 4 });
            responses.push(response);
            problems.push(...listProblems(response));
            const body = response.body as JsonObject;
            if (body["startIndex"] !== startIndex)
              problems.push(`startIndex ${body["startIndex"]}, asked ${startIndex}`);
            if (totalResults(response) !== ids.length) problems.push(`totalResults ${totalResults(response)}`);
            const page = listed(response).map((r) => String(r["id"]));
            if (page.length !== Math.min(4, ids.length - startIndex + 1))
              problems.push(`page at ${startIndex}: ${page.length} resources`);
            seen.push(...page);
          }
          if ([...seen].sort().join() !== [...ids].sort().join() || new Set(seen).size !== seen.length) {
            problems.push(
              `sortBy ${sortBy}: the pages hold ${JSON.stringify(seen)}, expected each of ${JSON.stringify(ids)} once`,
            );
          }
          if (sortBy) {
            const whole = await context.client().get(model.type.endpoint, { filter, sortBy });
            const order = listed(whole).map((r) => String(r["id"]));
            if (order.join() !== seen.join())
              problems.push(`sorted pages ${JSON.stringify(seen)} ≠ the sorted list ${JSON.stringify(order)}`);
          }
        }
        expectNoProblems(problems, ...responses);
      },
    );

    context.check("count=0 returns only totalResults; startIndex past the end returns no resources", async () => {
      const model = modelOf(context, resourceType);
      const { ids, filter } = await batch(context, resourceType);
      const problems: string[] = [];
      const none = await context.client().get(model.type.endpoint, { filter, count: 0 });
      const past = await context.client().get(model.type.endpoint, { filter, startIndex: ids.length + 1 });
      for (const response of [none, past]) {
        problems.push(...listProblems(response));
        if (totalResults(response) !== ids.length) problems.push(`totalResults ${totalResults(response)}`);
        if (listed(response).length !== 0) problems.push(`${listed(response).length} resources listed`);
      }
      expectNoProblems(problems, none, past);
    });

    context.check("startIndex below 1 reads as 1, a negative count as 0 (RFC 7644 §3.4.2.4)", async () => {
      const model = modelOf(context, resourceType);
      const { ids, filter } = await batch(context, resourceType);
      const zero = await context.client().get(model.type.endpoint, { filter, startIndex: 0, count: 2 });
      const negative = await context.client().get(model.type.endpoint, { filter, count: -1 });
      const problems: string[] = [];
      if (zero.status !== 200 || (zero.body as JsonObject)["startIndex"] !== 1 || listed(zero).length !== 2) {
        problems.push("startIndex=0 is not read as 1");
      }
      if (negative.status !== 200 || listed(negative).length !== 0 || totalResults(negative) !== ids.length) {
        problems.push("count=-1 is not read as 0");
      }
      expectNoProblems(problems, zero, negative);
    });
  });
}
