import { describe, expect, it } from "vitest";
import { resolveAttribute } from "../schema/resolve-attribute.ts";
import type { ResolvedAttribute, ResourceTypeName } from "../schema/schema-types.ts";
import { canonicalizeSingleValue, canonicalizeValue } from "./canonicalize-value.ts";

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

function attr(resourceType: ResourceTypeName, name: string, subAttr?: string, uri?: string): ResolvedAttribute {
  const resolved = resolveAttribute(resourceType, { uri, name, subAttr });
  if (resolved === undefined) throw new Error(`unknown ${name}`);
  return resolved;
}

describe("canonicalizeValue", () => {
  it("canonicalizes a multi-valued complex value", () => {
    expect(canonicalizeValue(attr("User", "emails"), [{ VALUE: "a@b.c", Primary: true }])).toEqual({
      ok: true,
      value: [{ value: "a@b.c", primary: true }],
    });
  });

  it("returns null for unassigned values", () => {
    expect(canonicalizeValue(attr("User", "emails"), [])).toEqual({ ok: true, value: null });
    expect(canonicalizeValue(attr("User", "name"), { givenName: null })).toEqual({ ok: true, value: null });
    expect(canonicalizeValue(attr("User", "userName"), null)).toEqual({ ok: true, value: null });
  });

  it("canonicalizes a sub-attribute path on its own", () => {
    expect(canonicalizeValue(attr("User", "emails", "primary"), true)).toEqual({ ok: true, value: true });
  });

  it.each([
    ["a one-element array for a single-valued attribute", attr("User", "active"), [false]],
    ["a lone value for a multi-valued attribute", attr("User", "emails"), { value: "a@b.c" }],
    ["a bare id for the complex manager", attr("User", "manager", undefined, ENTERPRISE), "m-1"],
    ['the string "True" for a boolean', attr("User", "active"), "True"],
  ])("refuses %s with invalidValue (the quirks rewrite it before)", (_, resolved, value) => {
    const result = canonicalizeValue(resolved, value);
    expect(result.ok ? undefined : result.error.code).toBe("invalidValue");
  });

  it("drops readOnly sub-attributes and keeps unknown ones", () => {
    expect(canonicalizeValue(attr("Group", "members"), [{ value: "u1", display: "x", extra: 1 }])).toEqual({
      ok: true,
      value: [{ value: "u1", extra: 1 }],
    });
  });

  it("refuses nested arrays, two primaries and a sub-attribute given twice", () => {
    expect(canonicalizeValue(attr("User", "emails"), [[{ value: "a" }]]).ok).toBe(false);
    expect(canonicalizeValue(attr("User", "emails"), [{ primary: true }, { primary: true }]).ok).toBe(false);
    expect(canonicalizeValue(attr("User", "name"), { givenName: "a", GIVENNAME: "b" }).ok).toBe(false);
  });
});

describe("canonicalizeSingleValue", () => {
  it("canonicalizes one element of a multi-valued attribute without wrapping it", () => {
    expect(canonicalizeSingleValue(attr("User", "phoneNumbers"), { Value: "+1", Type: "work" })).toEqual({
      ok: true,
      value: { value: "+1", type: "work" },
    });
  });

  it("refuses a type mismatch with invalidValue", () => {
    const result = canonicalizeSingleValue(attr("User", "phoneNumbers"), { value: 1 });
    expect(result.ok ? undefined : result.error.code).toBe("invalidValue");
  });
});
