/** Runs the strict resource fixture table (parse-resource.fixture.json) and checks parseResource, quirks included, against hostile bodies. */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ResourceTypeName } from "../schema/schema-types.ts";
import { parseResource } from "./parse-resource.ts";
import { parseStrictResource } from "./parse-strict-resource.ts";
import { isScimObject, type JsonValue } from "./scim-object.ts";

interface Row {
  readonly test: string;
  readonly resourceType: ResourceTypeName;
  readonly body: unknown;
  readonly expected?: JsonValue;
  readonly error?: string;
}

const rows = JSON.parse(readFileSync(new URL("./parse-resource.fixture.json", import.meta.url), "utf8")) as Row[];
const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

function hasForbiddenOwnKey(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasForbiddenOwnKey);
  if (!isScimObject(value)) return false;
  return Object.keys(value).some(
    (key) => ["__proto__", "constructor", "prototype"].includes(key) || hasForbiddenOwnKey(value[key]),
  );
}

/** A JSON object body, parsed from text so that `__proto__` becomes an own key as it does off the wire. */
const bodies = fc
  .array(
    fc.tuple(
      fc.constantFrom(
        "__proto__",
        "constructor",
        "prototype",
        "EMAILS",
        "name",
        "x",
        "active",
        "displayName",
        ENTERPRISE,
      ),
      fc.oneof(
        fc.jsonValue({ maxDepth: 4 }),
        fc.dictionary(
          fc.constantFrom("value", "primary", "givenName", "department", "__proto__", "y"),
          fc.jsonValue({ maxDepth: 2 }),
        ),
      ),
    ),
    { maxLength: 6 },
  )
  .map((entries) => {
    const members = [
      [`"schemas"`, JSON.stringify([USER])],
      [`"userName"`, `"u"`],
      ...entries.map(([k, v]) => [JSON.stringify(k), JSON.stringify(v)]),
    ];
    return JSON.parse(`{${members.map(([k, v]) => `${k}:${v}`).join(",")}}`) as unknown;
  });

describe("parseResource", () => {
  it.each(rows.map((row) => [row.test, row] as const))("%s", (_, row) => {
    const result = parseStrictResource(row.resourceType, row.body);
    if (row.error !== undefined) {
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe(row.error);
    } else {
      expect(result).toEqual({ ok: true, value: row.expected });
    }
  });

  it("refuses __proto__ as an attribute name, as JSON.parse delivers it", () => {
    const body = JSON.parse(`{"schemas":["${USER}"],"userName":"a","__proto__":{"polluted":true}}`);
    const result = parseResource("User", body);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe("invalidValue");
    expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  });

  it("refuses __proto__ inside an extension object", () => {
    const body = JSON.parse(
      `{"schemas":["${USER}"],"userName":"a","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"__proto__":{}}}`,
    );
    expect(parseResource("User", body).ok).toBe(false);
  });

  it("refuses nesting deeper than any SCIM resource has", () => {
    let deep: unknown = "x";
    for (let level = 0; level < 10_000; level += 1) deep = [deep];
    const result = parseResource("User", { schemas: [USER], userName: "a", custom: deep });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe("invalidValue");
  });

  it("never throws on arbitrary JSON", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom<ResourceTypeName>("User", "Group"), (body, resourceType) => {
        parseResource(resourceType, body);
      }),
    );
  });

  it("never returns a forbidden own key and never pollutes Object.prototype", () => {
    const outcomes: boolean[] = [];
    fc.assert(
      fc.property(bodies, (body) => {
        const result = parseResource("User", body);
        if (result.ok) expect(hasForbiddenOwnKey(result.value)).toBe(false);
        outcomes.push(result.ok);
        expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain("polluted");
        expect(({} as Record<string, unknown>)["userName"]).toBeUndefined();
      }),
      { numRuns: 500 },
    );
    expect(outcomes.filter(Boolean).length).toBeGreaterThan(50);
  });

  it("is idempotent: a parsed resource parses to itself", () => {
    fc.assert(
      fc.property(bodies, (body) => {
        const first = parseResource("User", body);
        if (first.ok) expect(parseResource("User", first.value)).toEqual(first);
      }),
      { numRuns: 300 },
    );
  });
});
