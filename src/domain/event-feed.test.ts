import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASE_KINDS, openTestStore, type TestStore } from "../storage/testing/test-databases.ts";
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

  it("shows only the tenant's own events, and refuses an unknown tenant", async () => {
    const globex = await feed.recent("globex", { limit: 10 });
    expect(globex.items.map((e) => [e.Tenant, e.Type])).toEqual([["globex", "role.created"]]);
    expect((await feed.recent("acme", { before: 1, limit: 10 })).items).toEqual([]);
    await expect(feed.recent("nobody", { limit: 10 })).rejects.toMatchObject({ code: "notFound" });
  });
});
