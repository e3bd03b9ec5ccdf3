/** Tests the entra-remove-value-array quirk with the request Microsoft documents. */
import { describe, expect, it } from "vitest";
import { DEFAULT_FILTER_LIMITS } from "../filter/filter-ast.ts";
import { URN } from "../resource/scim-object.ts";
import { entraRemoveValueArray } from "./entra-remove-value-array.ts";
import type { QuirkRequest } from "./quirk.ts";

const patch = (resourceType: "User" | "Group" | undefined, ...operations: unknown[]): QuirkRequest => ({
  kind: "patch",
  resourceType,
  provider: "EntraID",
  body: { schemas: [URN.patchOp], Operations: operations },
});

describe("entra-remove-value-array", () => {
  it("turns Entra ID's removal of members by value list into a filtered path", () => {
    const request = patch("Group", { op: "remove", path: "members", value: [{ value: "u1091" }, { value: 'a"b' }] });
    expect(entraRemoveValueArray.matches(request)).toBe(true);
    expect(entraRemoveValueArray.rewrite(request)).toEqual(
      patch("Group", { op: "remove", path: 'members[value eq "u1091" or value eq "a\\"b"]' }).body,
    );
  });

  it("applies to any multi-valued attribute with a value sub-attribute, also when the resource type is unknown", () => {
    const request = patch(undefined, { op: "remove", path: "emails", value: ["a@b.example"] });
    expect(entraRemoveValueArray.rewrite(request)).toEqual(
      patch(undefined, { op: "remove", path: 'emails[value eq "a@b.example"]' }).body,
    );
  });

  it("splits a list too long for one path into several removals", () => {
    const ids = Array.from({ length: 200 }, (_, index) => `7f4bc1a3-285e-48ae-8202-${String(index).padStart(12, "0")}`);
    const request = patch("Group", { op: "remove", path: "members", value: ids.map((value) => ({ value })) });
    const operations = (entraRemoveValueArray.rewrite(request) as { Operations: { path: string }[] }).Operations;
    expect(operations.length).toBeGreaterThan(1);
    expect(operations.every((operation) => operation.path.length <= DEFAULT_FILTER_LIMITS.maxLength)).toBe(true);
    expect(operations.map((operation) => operation.path.match(/value eq/g)?.length ?? 0).reduce((a, b) => a + b)).toBe(
      200,
    );
  });

  it.each([
    ["a strict removal by filter", { op: "remove", path: 'members[value eq "u1"]' }],
    ["a removal without value", { op: "remove", path: "members" }],
    ["an empty list", { op: "remove", path: "members", value: [] }],
    ["a member without a string value", { op: "remove", path: "members", value: [{ display: "x" }] }],
    ["a single-valued attribute", { op: "remove", path: "displayName", value: ["x"] }],
    ["an add", { op: "add", path: "members", value: [{ value: "u1" }] }],
  ])("leaves %s alone", (_, operation) => {
    const request = patch("Group", operation);
    expect(entraRemoveValueArray.matches(request)).toBe(false);
    expect(entraRemoveValueArray.rewrite(request)).toBe(request.body);
  });
});
