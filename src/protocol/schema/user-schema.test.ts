import { describe, expect, it } from "vitest";
import { expectCompleteCharacteristics, expectRfcAttributes } from "./schema-fixture.ts";
import { USER_SCHEMA } from "./user-schema.ts";

function attribute(name: string) {
  return USER_SCHEMA.attributes.find((candidate) => candidate.name === name);
}

function sub(parent: string, name: string) {
  return attribute(parent)?.subAttributes?.find((candidate) => candidate.name === name);
}

describe("USER_SCHEMA", () => {
  it("has the RFC 7643 §8.7.1 id, name and description", () => {
    expect(USER_SCHEMA).toMatchObject({
      id: "urn:ietf:params:scim:schemas:core:2.0:User",
      name: "User",
      description: "User Account",
    });
  });

  it("holds every RFC 7643 §8.7.1 attribute and sub-attribute with its characteristics", () => {
    expectRfcAttributes(USER_SCHEMA);
  });

  it("spells out every characteristic of every attribute", () => {
    expectCompleteCharacteristics(USER_SCHEMA.attributes);
  });

  it("makes userName required, case-insensitive and unique per server", () => {
    expect(attribute("userName")).toMatchObject({ required: true, caseExact: false, uniqueness: "server" });
  });

  it("makes password writeOnly and never returned", () => {
    expect(attribute("password")).toMatchObject({ mutability: "writeOnly", returned: "never" });
  });

  it("makes groups and all its sub-attributes readOnly", () => {
    expect(attribute("groups")?.mutability).toBe("readOnly");
    expect(attribute("groups")?.subAttributes?.every((item) => item.mutability === "readOnly")).toBe(true);
    expect(sub("groups", "type")?.canonicalValues).toEqual(["direct", "indirect"]);
    expect(sub("groups", "$ref")?.referenceTypes).toEqual(["User", "Group"]);
  });

  it("carries the RFC canonical type values", () => {
    expect(sub("emails", "type")?.canonicalValues).toEqual(["work", "home", "other"]);
    expect(sub("phoneNumbers", "type")?.canonicalValues).toEqual(["work", "home", "mobile", "fax", "pager", "other"]);
    expect(sub("ims", "type")?.canonicalValues).toEqual(["aim", "gtalk", "icq", "xmpp", "msn", "skype", "qq", "yahoo"]);
    expect(sub("photos", "type")?.canonicalValues).toEqual(["photo", "thumbnail"]);
    expect(sub("addresses", "type")?.canonicalValues).toEqual(["work", "home", "other"]);
  });

  it("types photos.value as an external reference and x509Certificates.value as binary", () => {
    expect(sub("photos", "value")).toMatchObject({ type: "reference", referenceTypes: ["external"] });
    expect(sub("x509Certificates", "value")?.type).toBe("binary");
    expect(sub("emails", "primary")?.type).toBe("boolean");
  });

  it("is deep-frozen", () => {
    expect(Object.isFrozen(USER_SCHEMA)).toBe(true);
    expect(Object.isFrozen(USER_SCHEMA.attributes)).toBe(true);
    expect(Object.isFrozen(sub("emails", "type")?.canonicalValues)).toBe(true);
  });
});
