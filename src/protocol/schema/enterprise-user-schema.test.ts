import { describe, expect, it } from "vitest";
import { ENTERPRISE_USER_SCHEMA } from "./enterprise-user-schema.ts";
import { expectCompleteCharacteristics, expectRfcAttributes } from "./schema-fixture.ts";

describe("ENTERPRISE_USER_SCHEMA", () => {
  it("has the RFC 7643 §8.7.1 id and name", () => {
    expect(ENTERPRISE_USER_SCHEMA).toMatchObject({
      id: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
      name: "EnterpriseUser",
    });
  });

  it("holds every RFC 7643 §4.3 attribute with its characteristics", () => {
    expectRfcAttributes(ENTERPRISE_USER_SCHEMA);
    expectCompleteCharacteristics(ENTERPRISE_USER_SCHEMA.attributes);
  });

  it("makes manager.displayName readOnly and manager.$ref a User reference", () => {
    const manager = ENTERPRISE_USER_SCHEMA.attributes.find((item) => item.name === "manager");
    const subs = Object.fromEntries((manager?.subAttributes ?? []).map((item) => [item.name, item]));
    expect(subs["displayName"]?.mutability).toBe("readOnly");
    expect(subs["$ref"]).toMatchObject({ type: "reference", referenceTypes: ["User"], mutability: "readWrite" });
    expect(subs["value"]?.mutability).toBe("readWrite");
  });

  it("is deep-frozen", () => {
    expect(Object.isFrozen(ENTERPRISE_USER_SCHEMA.attributes[5]?.subAttributes)).toBe(true);
  });
});
