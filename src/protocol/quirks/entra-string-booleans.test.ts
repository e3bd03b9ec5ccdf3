/** Tests the entra-string-booleans quirk with the request Microsoft documents. */
import { describe, expect, it } from "vitest";
import { URN } from "../resource/scim-object.ts";
import { entraStringBooleans } from "./entra-string-booleans.ts";
import type { QuirkRequest } from "./quirk.ts";

const patch = (...operations: unknown[]): QuirkRequest => ({
  kind: "patch",
  resourceType: "User",
  provider: "EntraID",
  body: { schemas: [URN.patchOp], Operations: operations },
});

describe("entra-string-booleans", () => {
  it('turns Entra ID\'s "False" for active into false', () => {
    const request = patch({ op: "Replace", path: "active", value: "False" });
    expect(entraStringBooleans.matches(request)).toBe(true);
    expect(entraStringBooleans.rewrite(request)).toEqual(patch({ op: "Replace", path: "active", value: false }).body);
  });

  it("rewrites booleans in path-less values, filtered paths and resource bodies", () => {
    expect(
      entraStringBooleans.rewrite(
        patch(
          { op: "replace", value: { active: "TRUE", title: "True" } },
          { op: "replace", path: 'emails[type eq "work"].primary', value: "true" },
        ),
      ),
    ).toEqual(
      patch(
        { op: "replace", value: { active: true, title: "True" } },
        { op: "replace", path: 'emails[type eq "work"].primary', value: true },
      ).body,
    );
    const resource: QuirkRequest = {
      kind: "resource",
      resourceType: "User",
      provider: "",
      body: { schemas: [URN.user], userName: "a", active: "False", emails: [{ value: "a@b.c", primary: "True" }] },
    };
    expect(entraStringBooleans.rewrite(resource)).toEqual({
      schemas: [URN.user],
      userName: "a",
      active: false,
      emails: [{ value: "a@b.c", primary: true }],
    });
  });

  it("leaves strings of string attributes, unknown attributes and other words alone", () => {
    const request = patch(
      { op: "replace", path: "title", value: "False" },
      { op: "replace", path: "customFlag", value: "True" },
      { op: "replace", path: "active", value: "yes" },
    );
    expect(entraStringBooleans.matches(request)).toBe(false);
    expect(entraStringBooleans.rewrite(request)).toBe(request.body);
  });
});
