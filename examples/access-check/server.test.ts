import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiTestApp, apiTestApp } from "../../src/http/api/api-test-kit.ts";
import { AccessClient } from "./access-client.ts";
import { createApp } from "./server.ts";

describe("the access-check example against a real Roster over HTTP", () => {
  let roster: ApiTestApp;
  let rosterUrl = "";
  let appUrl = "";
  let app: ReturnType<typeof createApp>;
  let clock = 0;
  let asked = 0;

  beforeAll(async () => {
    roster = await apiTestApp("sqlite");
    await roster.app.listen({ host: "127.0.0.1", port: 0 });
    rosterUrl = `http://127.0.0.1:${(roster.app.server.address() as AddressInfo).port}`;
    await roster.addTenant("acme");
    const api = (method: "POST" | "PUT" | "PATCH", url: string, body?: unknown) =>
      roster.call({ method, url: `/api/v1/tenants/acme${url}`, key: roster.rootKey, body });
    await api("POST", "/roles", { DisplayName: "Regional Manager" });
    await api("POST", "/roles", { DisplayName: "Store Manager" });
    await api("POST", "/roles", { DisplayName: "Reports" });
    await api("PUT", "/roles/regionalmanager/roles/storemanager");
    await api("POST", "/users", { Email: "pat@acme.example" });
    await api("POST", "/users", { Email: "lee@acme.example" });
    await api("PUT", "/users/pat%40acme.example/roles/regionalmanager");
    await api("PUT", "/users/lee%40acme.example/roles/reports");
    const key = await roster.key({ tenantId: "acme", readOnly: true });
    const client = new AccessClient({
      rosterUrl,
      adminKey: key,
      tenantId: "acme",
      ttlMs: 5000,
      now: () => clock,
      fetch: (input, init) => {
        asked += 1;
        return fetch(input, init);
      },
    });
    app = createApp(client);
    await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
    appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => app.close(resolve));
    await roster.close();
  });

  const get = (path: string, userId?: string) =>
    fetch(`${appUrl}${path}`, { headers: userId === undefined ? {} : { "x-user-id": userId } });

  it("lets a user through a page whose role it holds through nesting, and not another", async () => {
    expect((await get("/stores", "pat@acme.example")).status).toBe(200);
    expect((await get("/reports", "pat@acme.example")).status).toBe(403);
    expect((await get("/reports", "lee@acme.example")).status).toBe(200);
    expect((await get("/stores", "lee@acme.example")).status).toBe(403);
  });

  it("refuses unknown and signed-out users", async () => {
    expect((await get("/stores", "nobody@acme.example")).status).toBe(403);
    expect((await get("/stores")).status).toBe(401);
  });

  it("reuses an answer within its time to live, and sees a deactivation after it", async () => {
    const before = asked;
    const whoami = (await (await get("/whoami", "pat@acme.example")).json()) as { access: unknown };
    expect(whoami.access).toEqual({ Active: true, Direct: ["regionalmanager"], Indirect: ["storemanager"] });
    expect(asked).toBe(before);
    await roster.call({
      method: "PATCH",
      url: "/api/v1/tenants/acme/users/pat%40acme.example",
      key: roster.rootKey,
      body: { Active: false },
    });
    expect((await get("/stores", "pat@acme.example")).status).toBe(200);
    clock += 5001;
    expect((await get("/stores", "pat@acme.example")).status).toBe(403);
    expect(asked).toBe(before + 1);
  });

  it("fails closed when Roster refuses the key", async () => {
    const broken = new AccessClient({ rosterUrl, adminKey: "rk_wrong", tenantId: "acme" });
    const server = createApp(broken);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/stores`;
    expect((await fetch(url, { headers: { "x-user-id": "pat@acme.example" } })).status).toBe(503);
    await new Promise((resolve) => server.close(resolve));
  });
});
