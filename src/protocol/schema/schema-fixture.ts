/** Test helper: checks a schema constant against the RFC 7643 §8.7.1 attribute table kept as JSON. */
import { readFileSync } from "node:fs";
import { expect } from "vitest";
import type { AttributeDefinition, SchemaDefinition } from "./schema-types.ts";

type Expected = Partial<Omit<AttributeDefinition, "subAttributes">> & { readonly subAttributes?: readonly string[] };

const table = JSON.parse(readFileSync(new URL("./rfc7643-attributes.fixture.json", import.meta.url), "utf8")) as Record<
  string,
  Record<string, Expected>
>;

/** The RFC 7643 §8.7.1 attributes of schema `id`, with the characteristics the table pins. */
export function rfcAttributes(id: string): [string, Expected][] {
  return Object.entries(table[id] ?? {});
}

/** Asserts that `schema` holds every RFC attribute and sub-attribute of the table with its characteristics. */
export function expectRfcAttributes(schema: SchemaDefinition): void {
  const expected = rfcAttributes(schema.id);
  expect(expected.length).toBeGreaterThan(0);
  for (const [name, { subAttributes, ...characteristics }] of expected) {
    const attribute = schema.attributes.find((candidate) => candidate.name === name);
    expect(attribute, name).toBeDefined();
    expect(attribute, name).toMatchObject(characteristics);
    const subNames = attribute?.subAttributes?.map((sub) => sub.name) ?? [];
    for (const sub of subAttributes ?? []) expect(subNames, `${name}.${sub}`).toContain(sub);
  }
}

/** Asserts that every attribute and sub-attribute spells out all RFC 7643 §7 characteristics. */
export function expectCompleteCharacteristics(attributes: readonly AttributeDefinition[]): void {
  for (const attribute of attributes) {
    for (const key of [
      "name",
      "type",
      "multiValued",
      "description",
      "required",
      "caseExact",
      "mutability",
      "returned",
      "uniqueness",
    ]) {
      expect(attribute, `${attribute.name}.${key}`).toHaveProperty(key);
    }
    expect(attribute.description.length, attribute.name).toBeGreaterThan(0);
    expect(attribute.type === "complex", attribute.name).toBe(attribute.subAttributes !== undefined);
    if (attribute.subAttributes) expectCompleteCharacteristics(attribute.subAttributes);
  }
}
