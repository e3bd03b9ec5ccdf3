import { describe, expect, it } from "vitest";
import { canonicalizeAttributes } from "./canonicalize-attributes.ts";

describe("canonicalizeAttributes", () => {
  it("canonicalizes a path-less PATCH value the way Entra ID writes it", () => {
    const value = {
      "name.givenName": "Barbara",
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber": "701984",
      Active: true,
    };
    expect(canonicalizeAttributes("User", value)).toEqual({
      ok: true,
      value: {
        name: { givenName: "Barbara" },
        active: true,
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { employeeNumber: "701984" },
      },
    });
  });

  it("leaves schemas out and requires nothing", () => {
    expect(canonicalizeAttributes("Group", { schemas: ["x"], members: [{ value: "u1" }] })).toEqual({
      ok: true,
      value: { members: [{ value: "u1" }] },
    });
  });

  it("refuses the same sub-attribute written twice", () => {
    const result = canonicalizeAttributes("User", { name: { givenName: "a" }, "name.givenName": "b" });
    expect(result.ok ? undefined : result.error.code).toBe("invalidValue");
  });
});
