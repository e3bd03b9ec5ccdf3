/** Deduplicating multi-valued attributes: the same answer as comparing every pair, in linear work. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isScimObject, type JsonValue } from "../resource/scim-object.ts";
import { GROUP_SCHEMA } from "../schema/group-schema.ts";
import { findAttribute } from "../schema/resolve-attribute.ts";
import type { AttributeDefinition } from "../schema/schema-types.ts";
import { USER_SCHEMA } from "../schema/user-schema.ts";
import { jsonEqual } from "./json-value.ts";
import { appendDistinct, elementKey, entriesOf, stableJson } from "./multi-valued.ts";
import { getKey } from "./safe-object.ts";

const emails = findAttribute(USER_SCHEMA.attributes, "emails")!;
const members = findAttribute(GROUP_SCHEMA.attributes, "members")!;

/** RFC 7644 §3.5.2.1's "already contains the value", by comparing every pair (the reference). */
function sameElement(def: AttributeDefinition, a: JsonValue, b: JsonValue): boolean {
  if (jsonEqual(a, b)) return true;
  if (findAttribute(def.subAttributes, "value")?.mutability !== "immutable") return false;
  if (!isScimObject(a) || !isScimObject(b)) return false;
  const value = getKey(a, "value");
  return value !== undefined && jsonEqual(value, getKey(b, "value"));
}

function pairwiseAppend(def: AttributeDefinition, existing: readonly JsonValue[], added: readonly JsonValue[]) {
  const result = entriesOf(existing);
  for (const element of added) {
    if (result.some((entry) => sameElement(def, entry.element, element))) continue;
    result.push({ element, changed: true });
  }
  return result;
}

const element = fc.oneof(
  fc.record(
    {
      value: fc.constantFrom("a@x.com", "b@x.com", "c@x.com", 1, true),
      type: fc.constantFrom("work", "home"),
      primary: fc.boolean(),
      display: fc.constantFrom("A", "B"),
    },
    { requiredKeys: [] },
  ),
  fc.constantFrom<JsonValue>("a", 1, null, [], ["a"], { b: 1, a: 2 }, { a: 2, b: 1 }),
);

describe("appendDistinct", () => {
  it("gives what comparing every pair gives, for mutable and immutable values", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(emails, members),
        fc.array(element, { maxLength: 8 }),
        fc.array(element, { maxLength: 8 }),
        (def, existing, added) => {
          expect(appendDistinct(def, entriesOf(existing), added)).toEqual(pairwiseAppend(def, existing, added));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("computes one key per element, whatever the sizes: linear, not one comparison per pair", () => {
    for (const size of [10, 1000, 20_000]) {
      const existing = Array.from({ length: size }, (_, i) => ({ value: `old${i}@x.com`, type: "work" }));
      const added = Array.from({ length: size }, (_, i) => ({ value: `new${i % (size / 2)}@x.com`, type: "work" }));
      let keys = 0;
      const counted = (def: AttributeDefinition, value: JsonValue) => {
        keys += 1;
        return elementKey(def, value);
      };
      const result = appendDistinct(emails, entriesOf(existing), added, counted);
      expect(keys).toBe(2 * size);
      // Half the added values repeat the other half: they are added once.
      expect(result.length).toBe(size + size / 2);
    }
  });

  it("treats members with the same value as the same member (value is immutable)", () => {
    const result = appendDistinct(members, entriesOf([{ value: "u1", display: "Ada" }]), [
      { value: "u1" },
      { value: "u2" },
    ]);
    expect(result.map((entry) => entry.element)).toEqual([{ value: "u1", display: "Ada" }, { value: "u2" }]);
  });
});

describe("stableJson", () => {
  it("is equal exactly for equal JSON values, whatever the key order", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), fc.jsonValue({ maxDepth: 3 }), (a, b) => {
        const x = a as JsonValue;
        const y = b as JsonValue;
        expect(stableJson(x) === stableJson(y)).toBe(jsonEqual(x, y));
      }),
      { numRuns: 1000 },
    );
    expect(stableJson({ b: 1, a: [{ d: 1, c: 2 }] })).toBe(stableJson({ a: [{ c: 2, d: 1 }], b: 1 }));
  });
});
