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
      LOG_FORMAT: "Pretty",
      HEADERS_TIMEOUT_MS: "5000",
      BODY_TIMEOUT_MS: "6000",
      REQUEST_TIMEOUT_MS: "20000",
      KEEP_ALIVE_TIMEOUT_MS: "65000",
      SCIM_RATE_LIMIT: "0",
      AUTH_FAILURE_LIMIT: "5",
      METRICS_TOKEN: "scrape-me-0123456789",
      WEBHOOK_ALLOW_PRIVATE_TARGETS: "TRUE",
      WEBHOOK_TIMEOUT_MS: "2500",
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
        logFormat: "pretty",
        headersTimeoutMs: 5000,
        bodyTimeoutMs: 6000,
        requestTimeoutMs: 20000,
        keepAliveTimeoutMs: 65000,
        scimRateLimit: 0,
        authFailureLimit: 5,
        metricsToken: "scrape-me-0123456789",
        webhookAllowPrivateTargets: true,
        webhookTimeoutMs: 2500,
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
    ["LOG_FORMAT", "xml"],
    ["HEADERS_TIMEOUT_MS", "10s"],
    ["HEADERS_TIMEOUT_MS", "50"],
    ["BODY_TIMEOUT_MS", "0"],
    ["REQUEST_TIMEOUT_MS", "99999999"],
    ["KEEP_ALIVE_TIMEOUT_MS", "-5"],
    ["SCIM_RATE_LIMIT", "fast"],
    ["SCIM_RATE_LIMIT", "2.5"],
    ["AUTH_FAILURE_LIMIT", "-1"],
    ["METRICS_TOKEN", "short"],
    ["METRICS_TOKEN", "has spaces in the middle of it"],
  ])("refuses %s=%j with a one-line message naming it", (name, value) => {
    const result = parseConfig({ [name]: value });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe("invalidValue");
      expect(result.error.message).toContain(name);
      expect(result.error.message).not.toContain("\n");
    }
  });

  it("refuses a headers timeout longer than the request timeout, naming both", () => {
    const result = parseConfig({ HEADERS_TIMEOUT_MS: "40000", REQUEST_TIMEOUT_MS: "30000" });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.message).toContain("HEADERS_TIMEOUT_MS");
      expect(result.error.message).toContain("REQUEST_TIMEOUT_MS");
    }
  });

  it("never repeats a refused METRICS_TOKEN", () => {
    const result = parseConfig({ METRICS_TOKEN: "secret tok" });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).not.toContain("secret");
  });
});
