import { describe, expect, it } from "vitest";
import { GROUP_SCHEMA } from "./group-schema.ts";
import { expectCompleteCharacteristics, expectRfcAttributes } from "./schema-fixture.ts";

describe("GROUP_SCHEMA", () => {
  const members = GROUP_SCHEMA.attributes.find((item) => item.name === "members");
  const subs = Object.fromEntries((members?.subAttributes ?? []).map((item) => [item.name, item]));

  it("has the RFC 7643 §8.7.1 id and name", () => {
    expect(GROUP_SCHEMA).toMatchObject({ id: "urn:ietf:params:scim:schemas:core:2.0:Group", name: "Group" });
  });

  it("holds every RFC 7643 §4.2 attribute with its characteristics", () => {
    expectRfcAttributes(GROUP_SCHEMA);
    expectCompleteCharacteristics(GROUP_SCHEMA.attributes);
  });

  it("requires displayName", () => {
    expect(GROUP_SCHEMA.attributes.find((item) => item.name === "displayName")?.required).toBe(true);
  });

  it("makes members value, $ref and type immutable and display readOnly, and members users only", () => {
    expect(members?.mutability).toBe("readWrite");
    expect(subs["value"]?.mutability).toBe("immutable");
    expect(subs["$ref"]).toMatchObject({ mutability: "immutable", referenceTypes: ["User"] });
    expect(subs["type"]).toMatchObject({ mutability: "immutable", canonicalValues: ["User"] });
    expect(subs["display"]?.mutability).toBe("readOnly");
  });
});
