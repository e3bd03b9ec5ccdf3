/** Tests the entra-capitalized-op quirk with the request Microsoft documents. */
import { describe, expect, it } from "vitest";
import { URN } from "../resource/scim-object.ts";
import { entraCapitalizedOp } from "./entra-capitalized-op.ts";
import type { QuirkRequest } from "./quirk.ts";

const patch = (...operations: unknown[]): QuirkRequest => ({
  kind: "patch",
  resourceType: "User",
  provider: "EntraID",
  body: { schemas: [URN.patchOp], Operations: operations },
});

describe("entra-capitalized-op", () => {
  it('lower-cases "Add", "Replace" and "Remove" (Entra ID without the aadOptscim062020 flag)', () => {
    const request = patch(
      { op: "Add", path: "nickName", value: "Babs" },
      { op: "Replace", path: "active", value: false },
      { op: "Remove", path: "title" },
    );
    expect(entraCapitalizedOp.matches(request)).toBe(true);
    expect(entraCapitalizedOp.rewrite(request)).toEqual(
      patch(
        { op: "add", path: "nickName", value: "Babs" },
        { op: "replace", path: "active", value: false },
        { op: "remove", path: "title" },
      ).body,
    );
  });

  it("leaves a strict request, and an op that is no PATCH operation, as they are", () => {
    for (const request of [patch({ op: "replace", path: "title", value: "x" }), patch({ op: "Move", path: "title" })]) {
      expect(entraCapitalizedOp.matches(request)).toBe(false);
      expect(entraCapitalizedOp.rewrite(request)).toBe(request.body);
    }
  });
});
