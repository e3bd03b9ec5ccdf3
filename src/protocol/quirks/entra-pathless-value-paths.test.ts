/** Tests the entra-pathless-value-paths quirk. */
import { describe, expect, it } from "vitest";
import { URN } from "../resource/scim-object.ts";
import { entraPathlessValuePaths } from "./entra-pathless-value-paths.ts";
import type { QuirkRequest } from "./quirk.ts";

const patch = (...operations: unknown[]): QuirkRequest => ({
  kind: "patch",
  resourceType: "User",
  provider: "EntraID",
  body: { schemas: [URN.patchOp], Operations: operations },
});

describe("entra-pathless-value-paths", () => {
  it("splits value-path keys out of a path-less replace, keeping the order of the keys", () => {
    const request = patch({
      op: "replace",
      value: {
        displayName: "Bjfe",
        'emails[type eq "work"].value': "a@b.example",
        "name.givenName": "Kkom",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber": "Aklq",
      },
    });
    expect(entraPathlessValuePaths.matches(request)).toBe(true);
    expect(entraPathlessValuePaths.rewrite(request)).toEqual(
      patch(
        { op: "replace", value: { displayName: "Bjfe" } },
        { op: "replace", path: 'emails[type eq "work"].value', value: "a@b.example" },
        {
          op: "replace",
          value: {
            "name.givenName": "Kkom",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber": "Aklq",
          },
        },
      ).body,
    );
  });

  it("leaves Entra ID's compliant form (attribute names, dotted or URN-qualified) alone", () => {
    const request = patch({ op: "replace", value: { displayName: "Bjfe", "name.givenName": "Kkom" } });
    expect(entraPathlessValuePaths.matches(request)).toBe(false);
    expect(entraPathlessValuePaths.rewrite(request)).toBe(request.body);
  });
});
