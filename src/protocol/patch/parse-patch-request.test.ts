/** Tests parsePatchRequest beyond the fixture table: limits, copies, error details. */
import { describe, expect, it } from "vitest";
import { URN } from "../resource/scim-object.ts";
import { MAX_PATCH_OPERATIONS, parsePatchRequest } from "./parse-patch-request.ts";

const body = (...operations: unknown[]) => ({ schemas: [URN.patchOp], Operations: operations });

function codeOf(input: unknown) {
  const result = parsePatchRequest(input);
  return result.ok ? "ok" : result.error.code;
}

describe("parsePatchRequest", () => {
  it("lower-cases op and parses the path into its parts", () => {
    const result = parsePatchRequest(
      body({ op: "Replace", path: 'emails[type eq "work"].value', value: "a@b.example" }),
    );
    expect(result.ok && result.value[0]).toMatchObject({
      op: "replace",
      path: { uri: undefined, name: "emails", subAttr: "value", valueFilter: { kind: "compare" } },
      value: "a@b.example",
    });
  });

  it("reads a null or blank path as no path", () => {
    const result = parsePatchRequest(
      body({ op: "add", path: null, value: { a: 1 } }, { op: "add", path: " ", value: {} }),
    );
    expect(result.ok && result.value.map((operation) => operation.path)).toEqual([undefined, undefined]);
  });

  it("copies values instead of keeping the caller's objects", () => {
    const value = { givenName: "Ann" };
    const result = parsePatchRequest(body({ op: "add", path: "name", value }));
    expect(result.ok && result.value[0]?.value).toEqual(value);
    expect(result.ok && result.value[0]?.value).not.toBe(value);
  });

  it("returns frozen operations", () => {
    const result = parsePatchRequest(body({ op: "remove", path: "title" }));
    expect(result.ok && Object.isFrozen(result.value) && Object.isFrozen(result.value[0])).toBe(true);
  });

  it("accepts remove with a value (Entra ID lists the members to remove)", () => {
    expect(codeOf(body({ op: "Remove", path: "members", value: [{ value: "u1" }] }))).toBe("ok");
  });

  it.each([
    ["a non-object body", [], "invalidSyntax"],
    [
      "a body whose schemas is not a list",
      { schemas: URN.patchOp, Operations: [{ op: "remove", path: "x" }] },
      "invalidSyntax",
    ],
    ["Operations that is an object", { schemas: [URN.patchOp], Operations: { op: "remove" } }, "invalidSyntax"],
    ["an op that is not a string", body({ op: 1, path: "title" }), "invalidSyntax"],
    ["a path that is not a string", body({ op: "remove", path: 7 }), "invalidPath"],
    ["a value that is not JSON", body({ op: "add", path: "title", value: () => 1 }), "invalidValue"],
    [
      "a value nested too deeply",
      body({ op: "add", path: "x", value: JSON.parse(`${"[".repeat(40)}${"]".repeat(40)}`) }),
      "invalidValue",
    ],
    ["a non-finite number", body({ op: "add", path: "x", value: Number.NaN }), "invalidValue"],
  ])("refuses %s", (_, input, code) => {
    expect(codeOf(input)).toBe(code);
  });

  it(`accepts ${MAX_PATCH_OPERATIONS} operations and refuses one more with payloadTooLarge`, () => {
    const operation = { op: "replace", path: "title", value: "x" };
    expect(codeOf(body(...Array.from({ length: MAX_PATCH_OPERATIONS }, () => operation)))).toBe("ok");
    expect(codeOf(body(...Array.from({ length: MAX_PATCH_OPERATIONS + 1 }, () => operation)))).toBe("payloadTooLarge");
  });

  it("names the failing operation and keeps the parser's error as cause", () => {
    const result = parsePatchRequest(body({ op: "remove", path: "title" }, { op: "add", path: "a..b", value: 1 }));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe("invalidPath");
      expect(result.error.message).toMatch(/^Operations\[1\]/);
      expect(result.error.cause).toBeInstanceOf(Error);
    }
  });
});
