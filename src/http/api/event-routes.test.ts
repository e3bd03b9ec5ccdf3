/** SPEC §11's events feed over HTTP: after, limit, type, long polling, and the envelope. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASE_KINDS } from "../../storage/testing/test-databases.ts";
import { type ApiTestApp, apiTestApp, problemFields } from "./api-test-kit.ts";

interface Envelope {
  Id: string;
  Type: string;
  OccurredAt: string;
  Tenant: string;
  Actor: string;
  Data: Record<string, unknown>;
}

describe.each(DATABASE_KINDS)("the events feed on %s", (kind) => {
  let t: ApiTestApp;
  let keyId: string;
  beforeAll(async () => {
    t = await apiTestApp(kind);
    await t.addTenant("acme");
    const response = await t.call({
      method: "POST",
      url: "/api/v1/admin-keys",
      key: t.rootKey,
      body: { Name: "events" },
    });
    keyId = (response.json() as { Id: string }).Id;
  });
  afterAll(() => t.close());

  const feed = async (query: string, key = t.rootKey) => {
    const response = await t.call({ url: `/api/v1/tenants/acme/events${query}`, key });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as { Items: Envelope[]; Next: string };
  };

  it("answers the envelope of each change with the admin key as actor, in Id order, and the next `after`", async () => {
    const key = (
      await t.call({ method: "POST", url: "/api/v1/admin-keys", key: t.rootKey, body: { Name: "writer" } })
    ).json() as {
      Id: string;
      Key: string;
    };
    await t.call({ method: "POST", url: "/api/v1/tenants/acme/users", key: key.Key, body: { Email: "pat@x.io" } });
    await t.call({ method: "POST", url: "/api/v1/tenants/acme/roles", key: key.Key, body: { DisplayName: "Ops" } });
    await t.call({ method: "PUT", url: "/api/v1/tenants/acme/users/pat%40x.io/roles/ops", key: key.Key });
    const page = await feed("");
    expect(page.Items.map((e) => e.Type)).toEqual([
      "user.created",
      "role.created",
      "membership.added",
      "access.changed",
    ]);
    expect(page.Items.map((e) => e.Id)).toEqual(["1", "2", "3", "4"]);
    expect(page.Next).toBe("4");
    for (const event of page.Items) {
      expect(event).toMatchObject({ Tenant: "acme", Actor: `admin:${key.Id}` });
      expect(Date.parse(event.OccurredAt)).not.toBeNaN();
    }
    expect((await feed("?after=2&limit=1")).Items.map((e) => e.Id)).toEqual(["3"]);
    expect(await feed("?after=4")).toEqual({ Items: [], Next: "4" });
    const typed = await feed("?type=access.changed,role.created");
    expect(typed.Items.map((e) => e.Type)).toEqual(["role.created", "access.changed"]);
    expect(keyId).toBeTruthy();
  });

  it("long polls: answers as soon as an event commits, or empty when the wait ends", async () => {
    const { Next } = await feed("");
    const started = Date.now();
    const waiting = t.call({ url: `/api/v1/tenants/acme/events?after=${Next}&wait=10`, key: t.rootKey });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await t.call({ method: "POST", url: "/api/v1/tenants/acme/roles", key: t.rootKey, body: { DisplayName: "Late" } });
    const response = await waiting;
    expect(response.statusCode).toBe(200);
    const body = response.json() as { Items: Envelope[] };
    expect(body.Items.map((e) => e.Type)).toEqual(["role.created"]);
    expect(Date.now() - started).toBeLessThan(5000);
    const quiet = Date.now();
    const empty = await feed(`?after=${Number(Next) + 1}&wait=1`);
    expect(empty.Items).toEqual([]);
    expect(Date.now() - quiet).toBeGreaterThanOrEqual(900);
  });

  it("refuses a bad after, type, wait or limit with 400; an unknown tenant with 404; reads with a read-only key", async () => {
    for (const [query, field] of [
      ["?after=-1", "after"],
      ["?after=abc", "after"],
      ["?type=user.exploded", "type"],
      ["?wait=31", "wait"],
      ["?limit=1001", "limit"],
    ] as const) {
      const response = await t.call({ url: `/api/v1/tenants/acme/events${query}`, key: t.rootKey });
      expect(response.statusCode, query).toBe(400);
      expect(problemFields(response), query).toEqual([field]);
    }
    expect((await t.call({ url: "/api/v1/tenants/nope/events", key: t.rootKey })).statusCode).toBe(404);
    const reader = await t.key({ tenantId: "acme", readOnly: true });
    expect((await feed("", reader)).Items.length).toBeGreaterThan(0);
  });
});
