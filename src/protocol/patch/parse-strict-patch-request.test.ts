/** Tests the strict core of PATCH parsing: what RFC 7644 §3.5.2 allows, and no dialect. */
import { describe, expect, it } from "vitest";
import { URN } from "../resource/scim-object.ts";
import { parseStrictPatchRequest } from "./parse-strict-patch-request.ts";

const body = (...operations: unknown[]) => ({ schemas: [URN.patchOp], Operations: operations });

function codeOf(input: unknown) {
  const result = parseStrictPatchRequest(input);
  return result.ok ? "ok" : result.error.code;
}

describe("parseStrictPatchRequest", () => {
  it.each(["Add", "REPLACE", "Remove"])(
    'refuses the op "%s" with invalidSyntax (the quirk lower-cases it before)',
    (op) => {
      expect(codeOf(body({ op, path: "title", value: "x" }))).toBe("invalidSyntax");
    },
  );

  it("refuses a remove that carries a value list with invalidValue rather than removing every value", () => {
    expect(codeOf(body({ op: "remove", path: "members", value: [{ value: "u1" }] }))).toBe("invalidValue");
  });

  it("reads a null value on remove as no value", () => {
    const result = parseStrictPatchRequest(body({ op: "remove", path: "members", value: null }));
    expect(result.ok && result.value[0]).toMatchObject({ op: "remove", value: undefined });
  });

  it("accepts the RFC forms the quirks produce", () => {
    expect(
      codeOf(
        body(
          { op: "remove", path: 'members[value eq "u1" or value eq "u2"]' },
          { op: "replace", path: "active", value: false },
          { op: "add", path: 'emails[type eq "work"].value', value: "a@b.example" },
        ),
      ),
    ).toBe("ok");
  });
});
