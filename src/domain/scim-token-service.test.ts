import { describe, expect, it } from "vitest";
import { parseExpiry } from "./scim-token-service.ts";

const now = new Date("2026-06-01T12:00:00.000Z");

describe("parseExpiry", () => {
  it.each([
    ["2026-12-31", "2026-12-31T00:00:00.000Z"],
    ["2026-12-31T10:00:00Z", "2026-12-31T10:00:00.000Z"],
    ["2026-12-31T10:00+02:00", "2026-12-31T08:00:00.000Z"],
    [" 2026-06-01T12:00:01.5z ", "2026-06-01T12:00:01.500Z"],
  ])("reads %j as %j", (text, iso) => {
    expect(parseExpiry(text, now)).toEqual({ ok: true, value: iso });
  });

  it.each(["2026-06-01T12:00:00Z", "2020-01-01", "2026-12-31T10:00", "next week", "2026-13-01", ""])(
    "refuses %j naming ExpiresAt",
    (text) => {
      const result = parseExpiry(text, now);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.field).toBe("ExpiresAt");
    },
  );
});
