import { describe, expect, it } from "vitest";
import { COMMON_ATTRIBUTES, EXTERNAL_ID_ATTRIBUTE, ID_ATTRIBUTE, META_ATTRIBUTE } from "./common-attributes.ts";
import { expectCompleteCharacteristics } from "./schema-fixture.ts";

describe("common attributes (RFC 7643 §3.1)", () => {
  it("makes id readOnly, always returned, case-exact and unique per server", () => {
    expect(ID_ATTRIBUTE).toMatchObject({
      mutability: "readOnly",
      returned: "always",
      caseExact: true,
      uniqueness: "server",
    });
  });

  it("makes externalId case-exact and readWrite", () => {
    expect(EXTERNAL_ID_ATTRIBUTE).toMatchObject({ caseExact: true, mutability: "readWrite", returned: "default" });
  });

  it("gives meta five readOnly sub-attributes", () => {
    expect(META_ATTRIBUTE.mutability).toBe("readOnly");
    expect(META_ATTRIBUTE.subAttributes?.map((sub) => [sub.name, sub.type, sub.mutability])).toEqual([
      ["resourceType", "string", "readOnly"],
      ["created", "dateTime", "readOnly"],
      ["lastModified", "dateTime", "readOnly"],
      ["location", "reference", "readOnly"],
      ["version", "string", "readOnly"],
    ]);
  });

  it("spells out every characteristic and is frozen", () => {
    expectCompleteCharacteristics(COMMON_ATTRIBUTES);
    expect(Object.isFrozen(META_ATTRIBUTE.subAttributes?.[0])).toBe(true);
  });
});
