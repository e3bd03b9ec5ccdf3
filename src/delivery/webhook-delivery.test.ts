/** SPEC §11 webhooks end to end over real HTTP: signed, in order, retried, disabled, tested, retried by hand, SSRF refused. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type ApiTestApp, apiTestApp } from "../http/api/api-test-kit.ts";
import { DATABASE_KINDS } from "../storage/testing/test-databases.ts";
import { httpWebhookSender } from "./http-webhook-sender.ts";
import { WebhookDispatcher } from "./webhook-dispatcher.ts";
import { type Receiver, startReceiver } from "./webhook-receiver.ts";

/** Runs the loop's turns until `done` holds (or fails after `ms`). */
async function until(dispatcher: WebhookDispatcher, done: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) throw new Error("timed out waiting for deliveries");
    await dispatcher.runOnce();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.each(DATABASE_KINDS)("webhooks on %s", (kind) => {
  let t: ApiTestApp;
  let receiver: Receiver;
  let tenant = 0;
  const sender = httpWebhookSender({ allowPrivateTargets: true, timeoutMs: 2000 });
  const dispatcher = (schedule = [100, 100, 100, 100]) =>
    new WebhookDispatcher(t.store, sender, { schedule, random: () => 0.5, idleMs: 20 });

  beforeAll(async () => {
    t = await apiTestApp(kind, { webhookAllowPrivateTargets: true });
  });
  afterAll(() => t.close());
  afterEach(async () => {
    await receiver?.close();
  });

  const api = async (method: "GET" | "POST" | "PATCH" | "DELETE" | "PUT", url: string, body?: unknown) => {
    const response = await t.call({ method, url: `/api/v1${url}`, key: t.rootKey, body });
    return { status: response.statusCode, body: response.body ? (response.json() as Record<string, unknown>) : {} };
  };
  const setup = async (events?: string[]) => {
    tenant += 1;
    const id = `hooks${tenant}`;
    await t.addTenant(id);
    receiver = await startReceiver();
    const created = await api("POST", `/tenants/${id}/webhooks`, {
      Url: receiver.url,
      ...(events ? { Events: events } : {}),
    });
    expect(created.status).toBe(201);
    receiver.secret = String(created.body["Secret"]);
    return { tenantId: id, webhookId: String(created.body["Id"]), created: created.body };
  };

  it("delivers each event signed, fails twice, then receives them all in order; deliveries list every attempt", async () => {
    const { tenantId, webhookId, created } = await setup();
    expect(created).toMatchObject({ Url: receiver.url, Events: null, Enabled: true, LastEventId: "0" });
    expect(String(created["Secret"])).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect((await api("GET", `/tenants/${tenantId}/webhooks/${webhookId}`)).body).not.toHaveProperty("Secret");
    receiver.answer = (n) => (n < 2 ? 500 : 204);
    await api("POST", `/tenants/${tenantId}/users`, { Email: "pat@x.io" });
    await api("POST", `/tenants/${tenantId}/roles`, { DisplayName: "Ops" });
    await api("PUT", `/tenants/${tenantId}/users/pat%40x.io/roles/ops`);
    const loop = dispatcher();
    await until(loop, () => receiver.accepted().length === 4);
    const accepted = receiver.accepted();
    expect(accepted.map((e) => e["Type"])).toEqual([
      "user.created",
      "role.created",
      "membership.added",
      "access.changed",
    ]);
    expect(accepted.map((e) => e["Id"])).toEqual(["1", "2", "3", "4"]);
    expect(receiver.received.every((r) => r.verified !== undefined)).toBe(true);
    expect(receiver.received.map((r) => r.headers["webhook-id"])).toEqual(["1", "1", "1", "2", "3", "4"]);
    // Retried after the schedule's pauses, not at once.
    const first = receiver.received.slice(0, 3).map((r) => Number(r.headers["webhook-timestamp"]));
    expect(first.every((ts) => Number.isInteger(ts))).toBe(true);

    const deliveries = await api("GET", `/tenants/${tenantId}/webhooks/${webhookId}/deliveries`);
    const items = deliveries.body["Items"] as {
      Id: string;
      State: string;
      Attempts: { Status: number; Error: string | null; DurationMs: number }[];
    }[];
    expect(items.map((d) => d.Id)).toEqual(["4", "3", "2", "1"]);
    expect(items.every((d) => d.State === "delivered")).toBe(true);
    expect(items[3]?.Attempts.map((a) => a.Status)).toEqual([500, 500, 204]);
    expect(items[3]?.Attempts[0]?.Error).toBe("answered 500");
    expect((await api("GET", `/tenants/${tenantId}/webhooks/${webhookId}`)).body).toMatchObject({
      LastEventId: "4",
      FailedAttempts: 0,
    });
  });

  it("delivers only the types asked for, moving past the others", async () => {
    const { tenantId, webhookId } = await setup(["access.changed"]);
    await api("POST", `/tenants/${tenantId}/users`, { Email: "pat@x.io" });
    await api("POST", `/tenants/${tenantId}/roles`, { DisplayName: "Ops" });
    await api("PUT", `/tenants/${tenantId}/users/pat%40x.io/roles/ops`);
    const loop = dispatcher();
    await until(loop, () => receiver.accepted().length === 1);
    await loop.runOnce();
    expect(receiver.accepted().map((e) => e["Type"])).toEqual(["access.changed"]);
    expect((await api("GET", `/tenants/${tenantId}/webhooks/${webhookId}`)).body["LastEventId"]).toBe("4");
  });

  it("does not follow redirects, and disables the endpoint with the reason when the schedule is spent; enabling resumes", async () => {
    const { tenantId, webhookId } = await setup();
    let redirected = 0;
    const target = await startReceiver();
    target.answer = () => {
      redirected += 1;
      return 204;
    };
    receiver.answer = () => 302;
    receiver.headers = () => ({ location: target.url });
    await api("POST", `/tenants/${tenantId}/roles`, { DisplayName: "Ops" });
    const loop = dispatcher([50, 50]);
    await until(loop, () => receiver.received.length === 3);
    await loop.runOnce();
    const endpoint = (await api("GET", `/tenants/${tenantId}/webhooks/${webhookId}`)).body;
    expect(endpoint).toMatchObject({ Enabled: false, LastEventId: "0" });
    expect(String(endpoint["DisabledReason"])).toMatch(/3 failed attempts.*redirects are not followed/);
    expect(redirected).toBe(0);
    const deliveries = (await api("GET", `/tenants/${tenantId}/webhooks/${webhookId}/deliveries`)).body["Items"] as {
      State: string;
      Attempts: unknown[];
    }[];
    expect(deliveries[0]).toMatchObject({ State: "failed" });
    expect(deliveries[0]?.Attempts).toHaveLength(3);
    // Disabled: nothing more is sent.
    await loop.runOnce();
    expect(receiver.received).toHaveLength(3);
    receiver.answer = () => 200;
    expect((await api("PATCH", `/tenants/${tenantId}/webhooks/${webhookId}`, { Enabled: true })).body).toMatchObject({
      Enabled: true,
      DisabledReason: null,
    });
    await until(loop, () => receiver.accepted().length === 1);
    expect(receiver.accepted()[0]).toMatchObject({ Id: "1", Type: "role.created" });
    await target.close();
  });

  it("tests an endpoint and retries a delivery by hand; the retry moves the cursor past the event", async () => {
    const { tenantId, webhookId } = await setup();
    const test = await api("POST", `/tenants/${tenantId}/webhooks/${webhookId}/test`);
    expect(test.status).toBe(200);
    expect(test.body).toMatchObject({ EventId: null, EventType: "webhook.test", State: "delivered" });
    expect(receiver.accepted()[0]).toMatchObject({ Type: "webhook.test", Tenant: tenantId });
    receiver.answer = () => 503;
    await api("POST", `/tenants/${tenantId}/roles`, { DisplayName: "Ops" });
    const loop = dispatcher([60_000]);
    await until(loop, () => receiver.received.length === 2);
    receiver.answer = () => 200;
    const retried = await api("POST", `/tenants/${tenantId}/webhooks/${webhookId}/deliveries/1/retry`);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ Id: "1", State: "delivered" });
    expect((retried.body["Attempts"] as { Status: number }[]).map((a) => a.Status)).toEqual([503, 200]);
    expect((await api("GET", `/tenants/${tenantId}/webhooks/${webhookId}`)).body["LastEventId"]).toBe("1");
    expect((await api("POST", `/tenants/${tenantId}/webhooks/${webhookId}/deliveries/99/retry`)).status).toBe(404);
  });

  it("lists, updates and removes endpoints; refuses bad input with 400 and read-only keys with 403", async () => {
    const { tenantId, webhookId } = await setup();
    const list = await api("GET", `/tenants/${tenantId}/webhooks`);
    expect((list.body["Items"] as { Id: string }[]).map((w) => w.Id)).toEqual([webhookId]);
    const updated = await api("PATCH", `/tenants/${tenantId}/webhooks/${webhookId}`, { Events: ["user.deleted"] });
    expect(updated.body).toMatchObject({ Events: ["user.deleted"] });
    for (const body of [
      { Url: "ftp://example.com/x" },
      { Url: "not a url" },
      { Events: ["user.exploded"] },
      { Events: [] },
    ]) {
      const response = await api("PATCH", `/tenants/${tenantId}/webhooks/${webhookId}`, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
    }
    const reader = await t.key({ tenantId, readOnly: true });
    const refused = await t.call({
      method: "POST",
      url: `/api/v1/tenants/${tenantId}/webhooks/${webhookId}/test`,
      key: reader,
    });
    expect(refused.statusCode).toBe(403);
    expect((await api("DELETE", `/tenants/${tenantId}/webhooks/${webhookId}`)).status).toBe(204);
    expect((await api("GET", `/tenants/${tenantId}/webhooks/${webhookId}`)).status).toBe(404);
  });
});

describe("webhook targets on loopback and private networks", () => {
  let t: ApiTestApp;
  beforeAll(async () => {
    t = await apiTestApp("sqlite");
    await t.addTenant("acme");
  });
  afterAll(() => t.close());

  it.each([
    "http://127.0.0.1:9/x",
    "http://[::1]:9/x",
    "http://10.1.2.3/x",
    "http://169.254.169.254/latest/meta-data",
    "http://[fc00::1]/x",
    "http://[fd00::1]/x",
    "http://[::ffff:127.0.0.1]/x",
    "http://192.168.1.10/x",
    "http://0.0.0.0/x",
    "http://localhost:9/x",
  ])("refuses %s with 400 naming Url unless the operator allows private targets", async (url) => {
    const response = await t.call({
      method: "POST",
      url: "/api/v1/tenants/acme/webhooks",
      key: t.rootKey,
      body: { Url: url },
    });
    expect(response.statusCode).toBe(400);
    expect((response.json() as { errors: { field: string; detail: string }[] }).errors[0]).toMatchObject({
      field: "Url",
      detail: expect.stringMatching(/WEBHOOK_ALLOW_PRIVATE_TARGETS|does not resolve/),
    });
  });

  it("checks again at delivery time: an endpoint whose address became private is not reached", async () => {
    const receiver = await startReceiver();
    const allowing = await apiTestApp("sqlite", { webhookAllowPrivateTargets: true });
    await allowing.addTenant("acme");
    const created = await allowing.call({
      method: "POST",
      url: "/api/v1/tenants/acme/webhooks",
      key: allowing.rootKey,
      body: { Url: receiver.url.replace("127.0.0.1", "localhost") },
    });
    expect(created.statusCode).toBe(201);
    await allowing.call({
      method: "POST",
      url: "/api/v1/tenants/acme/roles",
      key: allowing.rootKey,
      body: { DisplayName: "Ops" },
    });
    const strict = new WebhookDispatcher(allowing.store, httpWebhookSender({ allowPrivateTargets: false }), {
      schedule: [60_000],
    });
    expect(await strict.runOnce()).toBe(1);
    expect(receiver.received).toHaveLength(0);
    const id = (created.json() as { Id: string }).Id;
    const deliveries = await allowing.call({
      url: `/api/v1/tenants/acme/webhooks/${id}/deliveries`,
      key: allowing.rootKey,
    });
    const [delivery] = (deliveries.json() as { Items: { Attempts: { Status: number | null; Error: string }[] }[] })
      .Items;
    expect(delivery?.Attempts[0]).toMatchObject({ Status: null, Error: expect.stringMatching(/private address/) });
    await allowing.close();
    await receiver.close();
  });
});
