import { describe, expect, it } from "vitest";
import { deepFreeze, defineAttribute } from "./define-attribute.ts";

describe("defineAttribute", () => {
  it("fills in the RFC 7643 §7 defaults", () => {
    expect(defineAttribute("nick", "string", "d")).toEqual({
      name: "nick",
      type: "string",
      multiValued: false,
      description: "d",
      required: false,
      caseExact: false,
      mutability: "readWrite",
      returned: "default",
      uniqueness: "none",
    });
  });

  it("keeps the characteristics it is given", () => {
    expect(defineAttribute("x", "reference", "d", { referenceTypes: ["uri"], returned: "always" })).toMatchObject({
      referenceTypes: ["uri"],
      returned: "always",
    });
  });
});

describe("deepFreeze", () => {
  it("freezes nested objects and arrays", () => {
    const value = deepFreeze({ a: [{ b: 1 }] });
    expect(Object.isFrozen(value.a)).toBe(true);
    expect(Object.isFrozen(value.a[0])).toBe(true);
  });
});
