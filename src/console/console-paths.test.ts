import { describe, expect, it } from "vitest";
import { consolePaths, safeNext } from "./console-paths.ts";

describe("consolePaths", () => {
  it("percent-encodes ids and leaves empty query values out", () => {
    expect(consolePaths.user("acme", "jo/e@x.io")).toBe("/console/tenants/acme/users/jo%2Fe%40x.io");
    expect(consolePaths.users("acme", { q: "a b", cursor: "" })).toBe("/console/tenants/acme/users?q=a+b");
  });
});

describe("safeNext", () => {
  it.each([
    ["/console/tenants/acme", "/console/tenants/acme"],
    ["/console", "/console"],
    ["/console?x=1", "/console?x=1"],
    [undefined, "/console"],
    ["https://evil.example/console", "/console"],
    ["//evil.example/console", "/console"],
    ["/console//evil.example", "/console"],
    ["/console/\\evil", "/console"],
    ["/consoles", "/console"],
    ["/api/v1/tenants", "/console"],
    ["/console/sign-out", "/console"],
    ["/console/x\nSet-Cookie: a=b", "/console"],
    ["/console/../api/v1/tenants", "/console"],
    ["/console/%2E%2E/api", "/console"],
    ["/console/tenants/a..b", "/console/tenants/a..b"],
  ])("sends %j back to %j", (next, expected) => {
    expect(safeNext(next)).toBe(expected);
  });
});
