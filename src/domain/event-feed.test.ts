import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASE_KINDS, openTestStore, type TestStore } from "../storage/testing/test-databases.ts";
import { CLI_ACTOR } from "./actor.ts";
import { EventFeed } from "./event-feed.ts";
import { IdentityService } from "./identity-service.ts";
import { TenantService } from "./tenant-service.ts";

describe.each(DATABASE_KINDS)("recent events on %s", (kind) => {
  let handle: TestStore;
  let feed: EventFeed;

  beforeAll(async () => {
    handle = await openTestStore(kind);
    feed = new EventFeed(handle.store);
    await new TenantService(handle.store).createTenant("acme");
    await new TenantService(handle.store).createTenant("globex");
    const identity = new IdentityService(handle.store);
    for (let n = 1; n <= 5; n++) await identity.addRole("acme", `Role ${n}`);
    await identity.addRole("globex", "Other");
  });
  afterAll(() => handle.dispose());

  it("pages back from the newest event, newest first, to the first", async () => {
    const first = await feed.recent("acme", { limit: 2 });
    expect(first.items.map((e) => [e.Id, (e.Data["Role"] as { Id: string }).Id])).toEqual([
      ["5", "role5"],
      ["4", "role4"],
    ]);
    expect(first.older).toBe(4);
    const second = await feed.recent("acme", { before: 4, limit: 2 });
    expect(second.items.map((e) => e.Id)).toEqual(["3", "2"]);
    const last = await feed.recent("acme", { before: second.older, limit: 2 });
    expect(last.items.map((e) => e.Id)).toEqual(["1"]);
    expect(last.older).toBeUndefined();
  });

  it("filters by type, newest first, reading back a bounded range of Ids a page", async () => {
    const identity = new IdentityService(handle.store);
    await identity.deleteRole("acme", "role2", CLI_ACTOR);
    await identity.deleteRole("acme", "role4", CLI_ACTOR);
    // Events: 1–5 role.created, 6 role.deleted (role2), 7 role.deleted (role4).
    const deleted = await feed.recent("acme", { limit: 10, types: ["role.deleted"] });
    expect(deleted.items.map((e) => [e.Id, e.Type])).toEqual([
      ["7", "role.deleted"],
      ["6", "role.deleted"],
    ]);
    expect(deleted.older).toBeUndefined();
    const created = await feed.recent("acme", { limit: 2, types: ["role.created", "role.created"] });
    expect(created.items.map((e) => e.Id)).toEqual(["5", "4"]);
    expect(created.older).toBe(4);

    // Three Ids a page: 5–7 holds one role.created, 2–4 three, 1 the last.
    const bounded = new EventFeed(handle.store, { recentLookBack: 3 });
    const first = await bounded.recent("acme", { limit: 10, types: ["role.created"] });
    expect(first.items.map((e) => e.Id)).toEqual(["5"]);
    expect(first.lookedAt).toEqual({ first: 5, last: 7 });
    expect(first.older).toBe(5);
    const second = await bounded.recent("acme", { before: first.older, limit: 10, types: ["role.created"] });
    expect(second.items.map((e) => e.Id)).toEqual(["4", "3", "2"]);
    expect(second.older).toBe(2);
    const third = await bounded.recent("acme", { before: second.older, limit: 10, types: ["role.created"] });
    expect(third.items.map((e) => e.Id)).toEqual(["1"]);
    expect(third.older).toBeUndefined();
    const none = await bounded.recent("acme", { limit: 10, types: ["role.deleted"], before: 6 });
    expect([none.items, none.lookedAt, none.older]).toEqual([[], { first: 3, last: 5 }, 3]);

    await expect(feed.recent("acme", { limit: 10, types: ["user.exploded"] })).rejects.toMatchObject({
      code: "invalidValue",
    });
    expect((await feed.recent("globex", { limit: 10, types: ["role.deleted"] })).items).toEqual([]);
  });

  it("shows only the tenant's own events, and refuses an unknown tenant", async () => {
    const globex = await feed.recent("globex", { limit: 10 });
    expect(globex.items.map((e) => [e.Tenant, e.Type])).toEqual([["globex", "role.created"]]);
    expect((await feed.recent("acme", { before: 1, limit: 10 })).items).toEqual([]);
    await expect(feed.recent("nobody", { limit: 10 })).rejects.toMatchObject({ code: "notFound" });
  });
});
