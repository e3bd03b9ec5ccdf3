import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, parseConfig } from "./config.ts";

describe("parseConfig", () => {
  it("applies the defaults to an empty environment", () => {
    expect(parseConfig({})).toEqual({ ok: true, value: DEFAULT_CONFIG });
  });

  it("reads every variable", () => {
    const result = parseConfig({
      PORT: "3000",
      HOST: "127.0.0.1",
      DATABASE_URL: "postgres://roster:pw@db/roster",
      PUBLIC_BASE_URL: "https://roster.example.com/idp/",
      TRUST_PROXY: "TRUE",
      LOG_LEVEL: "warn",
      SCIM_MAX_RESULTS: "50",
      BODY_LIMIT: "2048",
    });
    expect(result).toEqual({
      ok: true,
      value: {
        port: 3000,
        host: "127.0.0.1",
        databaseUrl: "postgres://roster:pw@db/roster",
        publicBaseUrl: "https://roster.example.com/idp",
        trustProxy: true,
        logLevel: "warn",
        maxResults: 50,
        bodyLimit: 2048,
      },
    });
    expect(Object.isFrozen(result.ok && result.value)).toBe(true);
  });

  it("treats empty variables as unset", () => {
    expect(parseConfig({ PORT: "", PUBLIC_BASE_URL: " " })).toEqual({ ok: true, value: DEFAULT_CONFIG });
  });

  it.each([
    ["PORT", "eighty"],
    ["PORT", "70000"],
    ["PORT", "-1"],
    ["SCIM_MAX_RESULTS", "0"],
    ["SCIM_MAX_RESULTS", "1.5"],
    ["BODY_LIMIT", "12"],
    ["DATABASE_URL", "mysql://x"],
    ["DATABASE_URL", "sqlite:"],
    ["PUBLIC_BASE_URL", "roster.example.com"],
    ["PUBLIC_BASE_URL", "ftp://roster.example.com"],
    ["PUBLIC_BASE_URL", "https://roster.example.com/?x=1"],
    ["TRUST_PROXY", "yes"],
    ["LOG_LEVEL", "loud"],
  ])("refuses %s=%j with a one-line message naming it", (name, value) => {
    const result = parseConfig({ [name]: value });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe("invalidValue");
      expect(result.error.message).toContain(name);
      expect(result.error.message).not.toContain("\n");
    }
  });
});
