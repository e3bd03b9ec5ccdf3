/** Tests the lone-value-for-multi-valued quirk. */
import { describe, expect, it } from "vitest";
import { URN } from "../resource/scim-object.ts";
import { loneValueForMultiValued } from "./lone-value-for-multi-valued.ts";
import type { QuirkRequest } from "./quirk.ts";

describe("lone-value-for-multi-valued", () => {
  it("wraps a lone element, and a lone schemas URN, in an array", () => {
    const request: QuirkRequest = {
      kind: "resource",
      resourceType: "Group",
      provider: "",
      body: { schemas: URN.group, displayName: "Sales", members: { value: "u1" } },
    };
    expect(loneValueForMultiValued.matches(request)).toBe(true);
    expect(loneValueForMultiValued.rewrite(request)).toEqual({
      schemas: [URN.group],
      displayName: "Sales",
      members: [{ value: "u1" }],
    });
  });

  it("wraps the lone value of a PATCH add, but not the element a filtered path selects", () => {
    const request: QuirkRequest = {
      kind: "patch",
      resourceType: "User",
      provider: "",
      body: {
        schemas: [URN.patchOp],
        Operations: [
          { op: "add", path: "emails", value: { value: "a@b.example", type: "home" } },
          { op: "replace", path: 'emails[type eq "work"]', value: { value: "w@b.example" } },
        ],
      },
    };
    expect(loneValueForMultiValued.rewrite(request)).toEqual({
      schemas: [URN.patchOp],
      Operations: [
        { op: "add", path: "emails", value: [{ value: "a@b.example", type: "home" }] },
        { op: "replace", path: 'emails[type eq "work"]', value: { value: "w@b.example" } },
      ],
    });
  });

  it("leaves arrays and null (unassigned) alone", () => {
    const request: QuirkRequest = {
      kind: "resource",
      resourceType: "User",
      provider: "",
      body: { schemas: [URN.user], userName: "a", emails: [{ value: "a@b.c" }], phoneNumbers: null },
    };
    expect(loneValueForMultiValued.matches(request)).toBe(false);
  });
});
