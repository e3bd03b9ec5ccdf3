/** Tests the entra-bare-complex-value quirk with the manager shape of Entra ID's tutorial and SCIM-SDK issue 686. */
import { describe, expect, it } from "vitest";
import { URN } from "../resource/scim-object.ts";
import { entraBareComplexValue } from "./entra-bare-complex-value.ts";
import type { QuirkRequest } from "./quirk.ts";

const MANAGER = `${URN.enterpriseUser}:manager`;

describe("entra-bare-complex-value", () => {
  it("wraps the bare manager id Entra ID adds by URN path", () => {
    const request: QuirkRequest = {
      kind: "patch",
      resourceType: "User",
      provider: "EntraID",
      body: {
        schemas: [URN.patchOp],
        Operations: [{ op: "add", path: MANAGER, value: "2c2f6fb8-254f-492e-b7fe-c09c5a61c8a2" }],
      },
    };
    expect(entraBareComplexValue.matches(request)).toBe(true);
    expect(entraBareComplexValue.rewrite(request)).toEqual({
      schemas: [URN.patchOp],
      Operations: [{ op: "add", path: MANAGER, value: { value: "2c2f6fb8-254f-492e-b7fe-c09c5a61c8a2" } }],
    });
  });

  it("wraps the manager of the tutorial's resource body, and bare member ids", () => {
    const user: QuirkRequest = {
      kind: "resource",
      resourceType: "User",
      provider: "",
      body: { schemas: [URN.user, URN.enterpriseUser], userName: "b", [URN.enterpriseUser]: { manager: "123456" } },
    };
    expect(entraBareComplexValue.rewrite(user)).toEqual({
      schemas: [URN.user, URN.enterpriseUser],
      userName: "b",
      [URN.enterpriseUser]: { manager: { value: "123456" } },
    });
    const group: QuirkRequest = {
      kind: "patch",
      resourceType: "Group",
      provider: "",
      body: { schemas: [URN.patchOp], Operations: [{ op: "add", path: "members", value: ["u1", { value: "u2" }] }] },
    };
    expect(entraBareComplexValue.rewrite(group)).toEqual({
      schemas: [URN.patchOp],
      Operations: [{ op: "add", path: "members", value: [{ value: "u1" }, { value: "u2" }] }],
    });
  });

  it("leaves complex values, and complex attributes without a value sub-attribute, alone", () => {
    const request: QuirkRequest = {
      kind: "resource",
      resourceType: "User",
      provider: "",
      body: { schemas: [URN.user], userName: "b", name: "Babs", [MANAGER]: { value: "m" } },
    };
    expect(entraBareComplexValue.matches(request)).toBe(false);
  });
});
