import { describe, expect, it } from "vitest";
import { bearer, testApp } from "./test-app.ts";

const TOKEN = "YmFzZS11cmwtdGVzdHMtdG9rZW4tMDEyMzQ1Njc4";

async function location(options: Parameters<typeof testApp>[0], headers: Record<string, string>): Promise<unknown> {
  const t = await testApp(options);
  await t.addTenant("acme", TOKEN);
  const response = await t.app.inject({
    method: "GET",
    url: "/scim/v2/acme/Okta/ServiceProviderConfig",
    headers: { ...bearer(TOKEN), ...headers },
  });
  await t.close();
  return response.json().meta.location;
}

describe("meta.location", () => {
  const forwarded = { host: "internal:8080", "x-forwarded-proto": "https", "x-forwarded-host": "scim.example.com" };

  it("uses PUBLIC_BASE_URL, path prefix included, whatever the request says", async () => {
    expect(await location({ config: { publicBaseUrl: "https://id.example.com/roster" } }, forwarded)).toBe(
      "https://id.example.com/roster/scim/v2/acme/Okta/ServiceProviderConfig",
    );
  });

  it("derives the origin from Host and ignores X-Forwarded-* without TRUST_PROXY", async () => {
    expect(await location({}, forwarded)).toBe("http://internal:8080/scim/v2/acme/Okta/ServiceProviderConfig");
  });

  it("honours X-Forwarded-Proto and X-Forwarded-Host with TRUST_PROXY", async () => {
    expect(await location({ config: { trustProxy: true } }, forwarded)).toBe(
      "https://scim.example.com/scim/v2/acme/Okta/ServiceProviderConfig",
    );
  });
});
