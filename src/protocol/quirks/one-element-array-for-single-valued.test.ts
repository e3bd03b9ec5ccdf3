/** Tests the one-element-array-for-single-valued quirk with the shape of SCIM-SDK issue 968. */
import { describe, expect, it } from "vitest";
import { URN } from "../resource/scim-object.ts";
import { oneElementArrayForSingleValued } from "./one-element-array-for-single-valued.ts";
import type { QuirkRequest } from "./quirk.ts";

const patch = (...operations: unknown[]): QuirkRequest => ({
  kind: "patch",
  resourceType: "User",
  provider: "",
  body: { schemas: [URN.patchOp], Operations: operations },
});

describe("one-element-array-for-single-valued", () => {
  it('unwraps "value": ["de"] for preferredLanguage, and [] becomes null', () => {
    const request = patch(
      { op: "replace", path: "preferredLanguage", value: ["de"] },
      { op: "replace", value: { active: [false], title: [] } },
    );
    expect(oneElementArrayForSingleValued.matches(request)).toBe(true);
    expect(oneElementArrayForSingleValued.rewrite(request)).toEqual(
      patch(
        { op: "replace", path: "preferredLanguage", value: "de" },
        { op: "replace", value: { active: false, title: null } },
      ).body,
    );
  });

  it("leaves multi-valued attributes and longer arrays alone", () => {
    const request = patch(
      { op: "add", path: "emails", value: [{ value: "a@b.c" }] },
      { op: "replace", path: "title", value: ["a", "b"] },
    );
    expect(oneElementArrayForSingleValued.matches(request)).toBe(false);
  });
});
