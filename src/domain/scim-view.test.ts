import { describe, expect, it } from "vitest";
import { pathSegment } from "./scim-view.ts";

describe("pathSegment", () => {
  it("percent-encodes an id as one path segment", () => {
    expect(pathSegment("jane+x@example.com")).toBe("jane%2Bx%40example.com");
    expect(pathSegment("a/b ü😀")).toBe("a%2Fb%20%C3%BC%F0%9F%98%80");
  });

  it("encodes a lone surrogate as U+FFFD instead of throwing", () => {
    expect(pathSegment("a\uD800b")).toBe("a%EF%BF%BDb");
    expect(pathSegment("\uDC00")).toBe("%EF%BF%BD");
  });
});
