/** The events and webhooks screens: recent events, endpoints (secret once), deliveries and retry, against a real receiver. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpWebhookSender } from "../delivery/http-webhook-sender.ts";
import { WebhookDispatcher } from "../delivery/webhook-dispatcher.ts";
import { type Receiver, startReceiver } from "../delivery/webhook-receiver.ts";
import { CLI_ACTOR } from "../domain/actor.ts";
import { IdentityService } from "../domain/identity-service.ts";
import { DATABASE_KINDS } from "../storage/testing/test-databases.ts";
import { type ConsoleBrowser, type ConsoleTestApp, consoleTestApp } from "./console-test-kit.ts";

describe.each(DATABASE_KINDS)("events and webhooks in the console on %s", (kind) => {
  let t: ConsoleTestApp;
  let b: ConsoleBrowser;
  let hook: Receiver;
  let webhookId = "";
  /** What the receiver answers. */
  let status = 500;

  beforeAll(async () => {
    t = await consoleTestApp(kind, { webhookAllowPrivateTargets: true });
    hook = await startReceiver();
    hook.answer = () => status;
    await t.tenants.createTenant("acme");
    const identity = new IdentityService(t.store);
    for (let n = 1; n <= 55; n++) await identity.addRole("acme", `Role ${n}`);
    b = await t.signedIn(await t.key());
  });
  afterAll(async () => {
    await t.close();
    await hook.close();
  });

  it("lists the recent events newest first with their data, 50 a page, back to the first", async () => {
    const page = await b.get("/console/tenants/acme/events");
    expect(page.statusCode).toBe(200);
    const ids = [...page.body.matchAll(/data-label="Id"><span class="mono">(\d+)</g)].map((m) => Number(m[1]));
    expect(ids).toHaveLength(50);
    expect(ids[0]).toBe(55);
    expect(ids.at(-1)).toBe(6);
    expect(page.body).toContain("role.created");
    expect(page.body).toContain("&quot;DisplayName&quot;: &quot;Role 55&quot;");
    const older = /href="([^"]*before=\d+[^"]*)" rel="next"/.exec(page.body)?.[1];
    expect(older).toBe("/console/tenants/acme/events?before=6#events");
    const last = await b.get("/console/tenants/acme/events?before=6");
    const rest = [...last.body.matchAll(/data-label="Id"><span class="mono">(\d+)</g)].map((m) => Number(m[1]));
    expect(rest).toEqual([5, 4, 3, 2, 1]);
    expect(last.body).not.toContain('rel="next"');
    expect((await b.get("/console/tenants/acme/events?before=abc")).statusCode).toBe(400);
  });

  it("filters the recent events by type, the filter kept by the pager, and refuses an unknown type", async () => {
    const none = await b.get("/console/tenants/acme/events?type=role.deleted");
    expect(none.statusCode).toBe(200);
    expect(none.body).toContain('<option value="role.deleted" selected>role.deleted</option>');
    expect(none.body).toContain('No <span class="mono">role.deleted</span> event among events #1–#55.');
    expect(none.body).not.toContain('rel="next"');
    await new IdentityService(t.store).deleteRole("acme", "role3", CLI_ACTOR);
    const one = await b.get("/console/tenants/acme/events?type=role.deleted");
    const ids = [...one.body.matchAll(/data-label="Id"><span class="mono">(\d+)</g)].map((m) => Number(m[1]));
    expect(ids).toEqual([56]);
    const created = await b.get("/console/tenants/acme/events?type=role.created");
    const createdIds = [...created.body.matchAll(/data-label="Id"><span class="mono">(\d+)</g)].map((m) =>
      Number(m[1]),
    );
    expect(createdIds).toHaveLength(50);
    expect(createdIds[0]).toBe(55);
    expect(created.body).not.toContain("role.deleted</span></td>");
    expect(created.body).toContain(
      'href="/console/tenants/acme/events?before=6&amp;type=role.created#events" rel="next"',
    );
    const bad = await b.get("/console/tenants/acme/events?type=user.exploded");
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain("unknown event type");
    expect((await b.get("/console/tenants/acme/events?type=")).statusCode).toBe(200);
  });

  it("adds an endpoint and shows its signing secret once", async () => {
    await b.get("/console/tenants/acme/events");
    const created = await b.post("/console/tenants/acme/webhooks", { url: hook.url });
    expect(created.statusCode).toBe(201);
    const secret = /id="new-webhook-secret" value="(whsec_[^"]+)"/.exec(created.body)?.[1];
    expect(secret).toBeDefined();
    hook.secret = secret;
    webhookId = /href="\/console\/tenants\/acme\/webhooks\/(wh_[^"]+)"/.exec(created.body)?.[1] ?? "";
    expect(webhookId).not.toBe("");
    const again = await b.get("/console/tenants/acme/events");
    expect(again.body).toContain(hook.url);
    expect(again.body).not.toContain(secret!);
    expect((await b.get(`/console/tenants/acme/webhooks/${webhookId}`)).body).not.toContain(secret!);
  });

  it("refuses a bad endpoint with the API's message and the form as typed, adding nothing", async () => {
    await b.get("/console/tenants/acme/events");
    const bad = await b.post("/console/tenants/acme/webhooks", { url: "ftp://example.com/x", events: "role.created" });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain("Url must be an absolute http:// or https:// URL");
    expect(bad.body).toContain('value="ftp://example.com/x"');
    expect(bad.body).toContain('value="role.created" checked');
    const unknownType = await b.post("/console/tenants/acme/webhooks", { url: hook.url, events: "user.exploded" });
    expect(unknownType.statusCode).toBe(400);
    expect(unknownType.body).toContain("unknown event type");
    const hooks = await t.store.webhooks.page("acme", { limit: 10 });
    expect(hooks.items.map((w) => w.id)).toEqual([webhookId]);
  });

  it("records a failed test delivery with a Retry button, and a retry sends the test again", async () => {
    await b.get(`/console/tenants/acme/webhooks/${webhookId}`);
    status = 500;
    const tested = await b.post(`/console/tenants/acme/webhooks/${webhookId}/test`);
    expect(tested.statusCode).toBe(303);
    expect(tested.headers.location).toContain("done=test-failed");
    const failed = await b.get(String(tested.headers.location));
    expect(failed.body).toContain("HTTP 500");
    const retry = /<form method="post" action="([^"]+\/retry)"/.exec(failed.body)?.[1];
    expect(retry).toBeDefined();
    status = 204;
    const retried = await b.post(retry!);
    expect(retried.statusCode).toBe(303);
    expect(retried.headers.location).toContain("done=retry-delivered");
    const delivered = await b.get(String(retried.headers.location));
    expect(delivered.body).toContain("Delivery retried: delivered.");
    // A test is not an event: retrying one sends a new test (the API's rule), which was delivered.
    expect(delivered.body).toContain('<span class="badge badge-ok">Delivered</span>');
    expect(hook.received.map((r) => r.status)).toEqual([500, 204]);
    expect(hook.accepted().map((e) => e["Type"])).toEqual(["webhook.test"]);
  });

  it("retries a change event's failed delivery with the event itself, and delivery goes on from there", async () => {
    status = 503;
    await new IdentityService(t.store).addRole("acme", "Late Role");
    const loop = new WebhookDispatcher(t.store, httpWebhookSender({ allowPrivateTargets: true, timeoutMs: 2000 }), {
      schedule: [60_000],
      idleMs: 20,
    });
    await loop.runOnce();
    const failed = await b.get(`/console/tenants/acme/webhooks/${webhookId}`);
    expect(failed.body).toContain("HTTP 503");
    expect(failed.body).toContain("Failed, retrying");
    const retry = /<form method="post" action="([^"]+\/deliveries\/\d+\/retry)"/.exec(failed.body)?.[1];
    expect(retry).toBeDefined();
    status = 204;
    const retried = await b.post(retry!);
    expect(retried.headers.location).toContain("done=retry-delivered");
    const envelope = hook.accepted().at(-1)!;
    expect(envelope["Type"]).toBe("role.created");
    expect((envelope["Data"] as { Role: { DisplayName: string } }).Role.DisplayName).toBe("Late Role");
    expect((await t.store.webhooks.get("acme", webhookId))?.lastSeq).toBe(Number(envelope["Id"]));
    expect((await b.get(`/console/tenants/acme/webhooks/${webhookId}`)).body).toContain(`event #${envelope["Id"]}`);
  });

  it("changes an endpoint's URL and event types, and refuses a bad change as typed, changing nothing", async () => {
    const before = await t.store.webhooks.get("acme", webhookId);
    const form = await b.get(`/console/tenants/acme/webhooks/${webhookId}`);
    expect(form.body).toContain(`action="/console/tenants/acme/webhooks/${webhookId}/edit#edit"`);
    expect(form.body).toContain(`name="url" required maxlength="2048" value="${hook.url}"`);
    const bad = await b.post(`/console/tenants/acme/webhooks/${webhookId}/edit`, {
      url: "ftp://example.com/x",
      events: ["user.created", "role.deleted"],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain("Url must be an absolute http:// or https:// URL");
    expect(bad.body).toContain('value="ftp://example.com/x"');
    expect(bad.body).toContain('value="user.created" checked');
    expect(bad.body).toContain('value="role.deleted" checked');
    const unknownType = await b.post(`/console/tenants/acme/webhooks/${webhookId}/edit`, {
      url: hook.url,
      events: "user.exploded",
    });
    expect(unknownType.statusCode).toBe(400);
    expect(unknownType.body).toContain("unknown event type");
    expect(await t.store.webhooks.get("acme", webhookId)).toEqual(before);

    const moved = `${hook.url}moved`;
    const saved = await b.post(`/console/tenants/acme/webhooks/${webhookId}/edit`, {
      url: moved,
      events: ["role.created", "role.deleted"],
    });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`/console/tenants/acme/webhooks/${webhookId}?done=webhook-updated`);
    const changed = await t.store.webhooks.get("acme", webhookId);
    expect([changed?.url, changed?.events]).toEqual([moved, ["role.created", "role.deleted"]]);
    const shown = await b.get(String(saved.headers.location));
    expect(shown.body).toContain("Endpoint saved");
    expect(shown.body).toContain('value="role.created" checked');
    expect(shown.body).not.toContain('value="user.created" checked');

    // None checked: every type again; and back to the receiver's own URL for the tests below.
    await b.post(`/console/tenants/acme/webhooks/${webhookId}/edit`, { url: hook.url });
    const restored = await t.store.webhooks.get("acme", webhookId);
    expect([restored?.url, restored?.events]).toEqual([hook.url, null]);
    expect((await b.post("/console/tenants/acme/webhooks/wh_nothing/edit", { url: hook.url })).statusCode).toBe(404);
  });

  it("disables, enables and deletes an endpoint", async () => {
    await b.get(`/console/tenants/acme/webhooks/${webhookId}`);
    const disabled = await b.post(`/console/tenants/acme/webhooks/${webhookId}/disable`);
    expect(disabled.headers.location).toContain("done=webhook-disabled");
    expect((await t.store.webhooks.get("acme", webhookId))?.enabled).toBe(false);
    const page = await b.get(String(disabled.headers.location));
    expect(page.body).toContain(">Enable</button>");
    await b.post(`/console/tenants/acme/webhooks/${webhookId}/enable`);
    expect((await t.store.webhooks.get("acme", webhookId))?.enabled).toBe(true);
    const deleted = await b.post(`/console/tenants/acme/webhooks/${webhookId}/delete`);
    expect(deleted.headers.location).toBe("/console/tenants/acme/events?done=webhook-deleted#webhooks");
    expect(await t.store.webhooks.get("acme", webhookId)).toBeUndefined();
    expect((await b.get(`/console/tenants/acme/webhooks/${webhookId}`)).statusCode).toBe(404);
  });

  it("answers 404 for a delivery or an endpoint that does not exist", async () => {
    await b.get("/console/tenants/acme/events");
    expect((await b.post("/console/tenants/acme/webhooks/wh_nothing/deliveries/1/retry")).statusCode).toBe(404);
    expect((await b.get("/console/tenants/acme/webhooks/wh_nothing")).statusCode).toBe(404);
  });
});
