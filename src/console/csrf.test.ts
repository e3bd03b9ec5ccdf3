import { describe, expect, it } from "vitest";
import { csrfMatches, csrfToken } from "./csrf.ts";

describe("csrf tokens", () => {
  const key = "server-secret";

  it("match only the value and purpose they were made for", () => {
    const token = csrfToken(key, "session", "secret-a");
    expect(csrfMatches(key, "session", "secret-a", token)).toBe(true);
    expect(csrfMatches(key, "session", "secret-b", token)).toBe(false);
    expect(csrfMatches(key, "sign-in", "secret-a", token)).toBe(false);
    expect(csrfMatches("other-key", "session", "secret-a", token)).toBe(false);
  });

  it("refuse a missing, empty or truncated token", () => {
    const token = csrfToken(key, "session", "s");
    expect(csrfMatches(key, "session", "s", undefined)).toBe(false);
    expect(csrfMatches(key, "session", "s", "")).toBe(false);
    expect(csrfMatches(key, "session", "s", token.slice(0, -1))).toBe(false);
  });
});
