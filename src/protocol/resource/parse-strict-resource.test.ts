/** Tests the strict core of resource parsing beyond the fixture table: the dialect forms it refuses. */
import { describe, expect, it } from "vitest";
import { parseStrictResource } from "./parse-strict-resource.ts";
import { URN } from "./scim-object.ts";

function codeOf(body: unknown) {
  const result = parseStrictResource("User", body);
  return result.ok ? "ok" : result.error.code;
}

describe("parseStrictResource", () => {
  it.each([
    ["schemas as a lone string", { schemas: URN.user, userName: "a" }, "invalidSyntax"],
    ['"True" for a boolean', { schemas: [URN.user], userName: "a", active: "True" }, "invalidValue"],
    [
      "a lone object for a multi-valued attribute",
      { schemas: [URN.user], userName: "a", emails: { value: "a@b.c" } },
      "invalidValue",
    ],
    [
      "a one-element array for a single-valued attribute",
      { schemas: [URN.user], userName: "a", title: ["x"] },
      "invalidValue",
    ],
    [
      "a bare manager id",
      { schemas: [URN.user, URN.enterpriseUser], userName: "a", [URN.enterpriseUser]: { manager: "m-1" } },
      "invalidValue",
    ],
  ])("refuses %s (a quirk rewrites it before)", (_, body, code) => {
    expect(codeOf(body)).toBe(code);
  });
});
