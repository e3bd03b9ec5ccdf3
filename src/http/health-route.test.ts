import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../config.ts";
import { ScimService } from "../domain/scim-service.ts";
import { buildApp } from "./build-app.ts";
import { testApp } from "./test-app.ts";

describe("probes", () => {
  it.each(["/livez", "/readyz", "/healthz"])("%s answers 200 when the database is up to date", async (url) => {
    const t = await testApp();
    const response = await t.app.inject({ method: "GET", url });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: "ok" });
    expect(response.headers["cache-control"]).toBe("no-store");
    await t.close();
  });

  it("/readyz and /healthz answer 503 without details when the database fails, /livez stays 200", async () => {
    const t = await testApp();
    await t.store.close();
    for (const url of ["/readyz", "/healthz"]) {
      const response = await t.app.inject({ method: "GET", url });
      expect(response.statusCode).toBe(503);
      expect(response.json()).toEqual({ status: "unavailable" });
    }
    expect((await t.app.inject({ method: "GET", url: "/livez" })).statusCode).toBe(200);
    await t.app.close();
  });

  it("/readyz answers 503 when the schema is behind", async () => {
    const t = await testApp();
    const behind = { ...t.store, isMigrated: async () => false };
    const config = { ...DEFAULT_CONFIG, logLevel: "silent" as const };
    const app = buildApp({ store: behind, scim: new ScimService(behind), config });
    expect((await app.inject({ method: "GET", url: "/readyz" })).statusCode).toBe(503);
    expect((await app.inject({ method: "GET", url: "/livez" })).statusCode).toBe(200);
    await app.close();
    await t.close();
  });
});
