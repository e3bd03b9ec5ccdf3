import { describe, expect, it } from "vitest";
import { clearCookie, readCookie, setCookie } from "./cookies.ts";

describe("readCookie", () => {
  it("finds a cookie among others", () => {
    expect(readCookie("a=1; roster_session=abc_-; b=2", "roster_session")).toBe("abc_-");
  });

  it("answers undefined when absent, without a header, or when sent twice", () => {
    expect(readCookie("a=1", "roster_session")).toBeUndefined();
    expect(readCookie(undefined, "roster_session")).toBeUndefined();
    expect(readCookie("roster_session=a; roster_session=b", "roster_session")).toBeUndefined();
  });

  it("does not match a cookie whose name only ends with the name", () => {
    expect(readCookie("xroster_session=a", "roster_session")).toBeUndefined();
  });
});

describe("setCookie", () => {
  it("is HttpOnly, SameSite=Strict, scoped to /console, Secure over HTTPS", () => {
    expect(setCookie("s", "abc", { secure: false })).toBe("s=abc; Path=/console; HttpOnly; SameSite=Strict");
    expect(setCookie("s", "abc", { secure: true, maxAgeSeconds: 60 })).toBe(
      "s=abc; Path=/console; HttpOnly; SameSite=Strict; Secure; Max-Age=60",
    );
    expect(clearCookie("s", true)).toBe("s=; Path=/console; HttpOnly; SameSite=Strict; Secure; Max-Age=0");
  });

  it("refuses a value that could break the header", () => {
    expect(() => setCookie("s", "a; Domain=evil", { secure: false })).toThrow();
  });
});
