import { describe, expect, it } from "vitest";
import { isTenantId, parseTenantId } from "./tenant-id.ts";

describe("parseTenantId", () => {
  it.each(["acme", "Acme-Corp_2", "a", "acme.no", "x".repeat(64), "0"])("accepts %j as given", (id) => {
    expect(parseTenantId(id)).toEqual({ ok: true, value: id });
  });

  it.each(["", "x".repeat(65), "acme corp", "acme/x", "ac%2Fme", "blåbær", ".", "..", "a\n", "a:b"])(
    "refuses %j with invalidValue",
    (id) => {
      const result = parseTenantId(id);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe("invalidValue");
        expect(result.error.message).not.toContain("\n");
      }
      expect(isTenantId(id)).toBe(false);
    },
  );
});
