/**
 * SPEC §11 across instances: event Ids grow in commit order with no gap while two Roster
 * instances write at once, a consumer reading `after=` meanwhile misses none, and two delivery
 * loops over one PostgreSQL database deliver each event to an endpoint exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpWebhookSender } from "../../src/delivery/http-webhook-sender.ts";
import { WebhookDispatcher } from "../../src/delivery/webhook-dispatcher.ts";
import { startReceiver } from "../../src/delivery/webhook-receiver.ts";
import { IdentityService } from "../../src/domain/identity-service.ts";
import type { Store } from "../../src/domain/ports.ts";
import { WebhookService } from "../../src/domain/webhook-service.ts";
import { openStore } from "../../src/storage/open-store.ts";
import { DATABASE_KINDS } from "../../src/storage/testing/test-databases.ts";
import { type RosterInstances, startInstances } from "../concurrency/roster-instances.ts";

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";

describe.each(DATABASE_KINDS)("events from two instances on %s", (kind) => {
  let roster: RosterInstances;
  beforeAll(async () => {
    roster = await startInstances(kind, 2);
    await roster.addTenant("acme");
  });
  afterAll(() => roster.close());

  it("gives Ids without gaps in commit order, and a consumer polling meanwhile sees every event once, in order", async () => {
    const seen: number[] = [];
    let writing = true;
    const consumer = (async () => {
      let after = 0;
      while (writing || after < (await roster.store.events.lastSeq("acme"))) {
        const events = await roster.store.events.read("acme", { after, limit: 7 });
        for (const event of events) {
          seen.push(event.seq);
          after = event.seq;
        }
        if (events.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    const writes = Array.from({ length: 40 }, (_, i) =>
      roster.send(i, "acme", i % 2 === 0 ? "EntraID" : "Okta", "POST", "/Users", {
        schemas: [USER],
        userName: `u${i}@corp`,
        emails: [{ value: `u${i}@x.io`, primary: true }],
      }),
    );
    const answers = await Promise.all(writes);
    expect(answers.every((a) => a.status === 201)).toBe(true);
    writing = false;
    await consumer;
    const total = await roster.store.events.lastSeq("acme");
    expect(total).toBe(40);
    expect(seen).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    const stored = await roster.store.events.read("acme", { after: 0, limit: 1000 });
    expect(new Set(stored.map((e) => e.actor))).toEqual(new Set(["scim:EntraID", "scim:Okta"]));
  });
});

describe("two delivery loops over one PostgreSQL database", () => {
  let roster: RosterInstances;
  let second: Store;
  beforeAll(async () => {
    roster = await startInstances("postgres", 1);
    await roster.addTenant("acme");
    second = await openStore(roster.databaseUrl);
  });
  afterAll(async () => {
    await second.close();
    await roster.close();
  });

  it("deliver each event to the endpoint exactly once, in order", async () => {
    const receiver = await startReceiver();
    const sender = httpWebhookSender({ allowPrivateTargets: true });
    const { secret } = await new WebhookService(roster.store, sender).create("acme", { url: receiver.url });
    receiver.secret = secret;
    const identity = new IdentityService(roster.store);
    for (let i = 0; i < 15; i++) await identity.addRole("acme", `Role ${i}`);
    const loops = [roster.store, second].map(
      (store, i) => new WebhookDispatcher(store, sender, { owner: `instance-${i}`, idleMs: 10, leaseMs: 30_000 }),
    );
    for (const loop of loops) loop.start();
    // More events while both loops run.
    for (let i = 15; i < 30; i++) await identity.addRole("acme", `Role ${i}`);
    const deadline = Date.now() + 15_000;
    while (receiver.accepted().length < 30 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await Promise.all(loops.map((loop) => loop.stop()));
    await receiver.close();
    const ids = receiver.received.map((r) => Number(r.headers["webhook-id"]));
    expect(ids).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(receiver.received.every((r) => r.verified !== undefined)).toBe(true);
  });
});
