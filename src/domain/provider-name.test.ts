import { describe, expect, it } from "vitest";
import { parseProviderName } from "./provider-name.ts";

describe("parseProviderName", () => {
  it.each(["EntraID", "Okta", "one-login_2", "x".repeat(64)])("accepts %j as written", (name) => {
    expect(parseProviderName(name)).toEqual({ ok: true, value: name });
  });

  it.each(["", "x".repeat(65), "Entra ID", "okta.com", "ökta", "a/b"])("refuses %j with notFound", (name) => {
    const result = parseProviderName(name);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe("notFound");
  });
});
