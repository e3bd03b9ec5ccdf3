import { describe, expect, it } from "vitest";
import { testApp } from "./test-app.ts";

describe("GET /healthz", () => {
  it("answers 200 when the database is up to date", async () => {
    const t = await testApp();
    const response = await t.app.inject({ method: "GET", url: "/healthz" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: "ok" });
    await t.close();
  });

  it("answers 503 without details when the database fails", async () => {
    const t = await testApp();
    await t.store.close();
    const response = await t.app.inject({ method: "GET", url: "/healthz" });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({ status: "unavailable" });
    await t.app.close();
  });
});
