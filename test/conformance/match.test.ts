import { describe, expect, test } from "vitest";
import type { Json } from "./fixture.ts";
import { readPath } from "./json-path.ts";
import { match } from "./match.ts";
import { substitute, type Vars } from "./template.ts";

const cases: readonly { name: string; expected: Json; actual: unknown; ok: boolean }[] = [
  { name: "objects match partially", expected: { a: 1 }, actual: { a: 1, b: 2 }, ok: true },
  { name: "a named key must match", expected: { a: 1 }, actual: { a: "1" }, ok: false },
  { name: "arrays match element-wise", expected: [{ a: 1 }, { b: 2 }], actual: [{ a: 1, x: 0 }, { b: 2 }], ok: true },
  { name: "arrays must have the same length", expected: [{ a: 1 }], actual: [{ a: 1 }, { a: 2 }], ok: false },
  { name: "arrays keep their order", expected: [1, 2], actual: [2, 1], ok: false },
  { name: "{{unordered}} ignores order", expected: { "{{unordered}}": [1, 2] }, actual: [2, 1], ok: true },
  { name: "{{unordered}} needs the same length", expected: { "{{unordered}}": [1] }, actual: [2, 1], ok: false },
  { name: "{{contains}} finds an element", expected: { "{{contains}}": ["b"] }, actual: ["a", "b"], ok: true },
  { name: "{{contains}} fails without it", expected: { "{{contains}}": ["c"] }, actual: ["a", "b"], ok: false },
  { name: "{{absent}} accepts a missing key", expected: { a: "{{absent}}" }, actual: {}, ok: true },
  { name: "{{absent}} refuses null", expected: { a: "{{absent}}" }, actual: { a: null }, ok: false },
  { name: "{{unassigned}} accepts []", expected: { a: "{{unassigned}}" }, actual: { a: [] }, ok: true },
  { name: "{{unassigned}} refuses a value", expected: { a: "{{unassigned}}" }, actual: { a: [1] }, ok: false },
  { name: "{{any}} needs the key", expected: { a: "{{any}}" }, actual: {}, ok: false },
  { name: "{{integer}} refuses a string", expected: "{{integer}}", actual: "1", ok: false },
  { name: "{{nonEmpty}} refuses an empty string", expected: "{{nonEmpty}}", actual: "", ok: false },
  { name: "{{length:2}} counts elements", expected: "{{length:2}}", actual: [0, 0], ok: true },
  {
    name: "{{regex:…}} tests strings",
    expected: "{{regex:^application/scim\\+json}}",
    actual: "application/scim+json; x",
    ok: true,
  },
  { name: "{{regexi:…}} ignores case", expected: "{{regexi:^bearer}}", actual: "Bearer realm=x", ok: true },
];

describe("match", () => {
  for (const c of cases) {
    test(c.name, () => {
      expect(match(c.expected, c.actual).length === 0).toBe(c.ok);
    });
  }

  test("names the path of a difference", () => {
    expect(match({ a: [{ b: 1 }] }, { a: [{ b: 2 }] })).toEqual(["body.a[0].b: expected 1, got 2"]);
  });
});

describe("substitute", () => {
  const vars: Vars = new Map<string, Json>([
    ["id", "a b@c"],
    ["n", 3],
  ]);

  test("a whole-string variable keeps its JSON type", () => {
    expect(substitute({ count: "{{n}}" }, vars)).toEqual({ count: 3 });
  });

  test("embedded variables become text, {{uri:…}} percent-encoded", () => {
    expect(substitute("/Users/{{uri:id}}?x={{id}}", vars)).toBe("/Users/a%20b%40c?x=a b@c");
  });

  test("matcher tokens are left alone", () => {
    expect(substitute({ a: "{{absent}}", b: "{{regex:x{2}}}" }, vars)).toEqual({
      a: "{{absent}}",
      b: "{{regex:x{2}}}",
    });
  });

  test("an unknown variable is an error", () => {
    expect(() => substitute("{{nope}}", vars)).toThrow("unknown variable {{nope}}");
  });
});

describe("readPath", () => {
  const body = { Resources: [{ id: "x" }], "urn:a:2.0:User": { manager: { value: "m" } } };

  test("reads dotted and indexed paths", () => {
    expect(readPath(body, "Resources[0].id")).toBe("x");
  });

  test("reads keys with dots through quotes", () => {
    expect(readPath(body, '["urn:a:2.0:User"].manager.value')).toBe("m");
  });

  test("a missing step gives undefined", () => {
    expect(readPath(body, "Resources[3].id")).toBeUndefined();
  });
});
