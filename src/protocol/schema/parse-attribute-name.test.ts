import { describe, expect, it } from "vitest";
import { parseAttributeName } from "./parse-attribute-name.ts";

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

describe("parseAttributeName (RFC 7644 §3.10)", () => {
  it.each([
    ["userName", { uri: undefined, name: "userName", subAttr: undefined }],
    [" name.givenName ", { uri: undefined, name: "name", subAttr: "givenName" }],
    ["groups.$ref", { uri: undefined, name: "groups", subAttr: "$ref" }],
    [`${ENTERPRISE}:manager.value`, { uri: ENTERPRISE, name: "manager", subAttr: "value" }],
    [`${ENTERPRISE}:department`, { uri: ENTERPRISE, name: "department", subAttr: undefined }],
    ["x509Certificates", { uri: undefined, name: "x509Certificates", subAttr: undefined }],
  ])("parses %s", (text, expected) => {
    expect(parseAttributeName(text)).toEqual({ ok: true, value: expected });
  });

  it.each(["", "1abc", "a.b.c", 'emails[type eq "work"]', "a b", ":userName", "name.", "urn:x:"])(
    "refuses %j with invalidPath",
    (text) => {
      const result = parseAttributeName(text);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe("invalidPath");
    },
  );
});
