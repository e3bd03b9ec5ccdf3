/**
 * SPEC §14: several instances over one database never create a duplicate user or role under any
 * race. Each case fires its requests at once, alternating between two instances, and expects
 * what the same requests one after another would give (SPEC §4, §5).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASE_KINDS } from "../../src/storage/testing/test-databases.ts";
import { type Answer, type RosterInstances, startInstances } from "./roster-instances.ts";

const RACERS = 50;
const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";

function statuses(answers: readonly Answer[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const a of answers) counts[a.status] = (counts[a.status] ?? 0) + 1;
  return counts;
}

describe.each(DATABASE_KINDS)("simultaneous creates over two instances on %s", (kind) => {
  let roster: RosterInstances;
  let tenants = 0;
  const tenant = async () => {
    tenants += 1;
    const id = `race${tenants}`;
    await roster.addTenant(id);
    return id;
  };
  /** Sends `RACERS` requests at once, request i to instance i mod 2. */
  const race = (make: (i: number) => { provider?: string; method: string; path: string; body?: unknown }, t: string) =>
    Promise.all(
      Array.from({ length: RACERS }, (_, i) => {
        const { provider = "EntraID", method, path, body } = make(i);
        return roster.send(i, t, provider, method, path, body);
      }),
    );
  const count = async (t: string, endpoint: "Users" | "Groups") =>
    (await roster.send(0, t, "EntraID", "GET", `/${endpoint}?count=0`)).body["totalResults"];

  beforeAll(async () => {
    roster = await startInstances(kind);
  });
  afterAll(async () => {
    await roster.close();
  });

  it("adopts one role for every POST /Groups of one displayName without externalId", async () => {
    const t = await tenant();
    const answers = await race(
      () => ({ method: "POST", path: "/Groups", body: { schemas: [GROUP], displayName: "Race Group" } }),
      t,
    );
    expect(statuses(answers)).toEqual({ 201: RACERS });
    expect(new Set(answers.map((a) => a.body["id"]))).toEqual(new Set(["racegroup"]));
    expect(await count(t, "Groups")).toBe(1);
  });

  it("creates one role and refuses the other POST /Groups of one externalId with 409 uniqueness", async () => {
    const t = await tenant();
    const body = { schemas: [GROUP], displayName: "Race Group", externalId: "g-1" };
    const answers = await race(() => ({ method: "POST", path: "/Groups", body }), t);
    expect(statuses(answers)).toEqual({ 201: 1, 409: RACERS - 1 });
    for (const a of answers.filter((x) => x.status === 409)) expect(a.body["scimType"]).toBe("uniqueness");
    expect(await count(t, "Groups")).toBe(1);
  });

  it("creates one user and refuses the other POST /Users of one userName with 409 uniqueness", async () => {
    const t = await tenant();
    const body = { schemas: [USER], userName: "twin@corp", emails: [{ value: "twin@x.io", primary: true }] };
    const answers = await race(() => ({ method: "POST", path: "/Users", body }), t);
    expect(statuses(answers)).toEqual({ 201: 1, 409: RACERS - 1 });
    for (const a of answers.filter((x) => x.status === 409)) expect(a.body["scimType"]).toBe("uniqueness");
    expect(await count(t, "Users")).toBe(1);
  });

  it("creates one user for one email under different userNames", async () => {
    const t = await tenant();
    const answers = await race(
      (i) => ({
        method: "POST",
        path: "/Users",
        body: { schemas: [USER], userName: `alias${i}@corp`, emails: [{ value: "same@x.io", primary: true }] },
      }),
      t,
    );
    expect(statuses(answers)).toEqual({ 201: 1, 409: RACERS - 1 });
    expect(await count(t, "Users")).toBe(1);
  });

  it("creates one user for one externalId under different userNames and emails", async () => {
    const t = await tenant();
    const answers = await race(
      (i) => ({
        method: "POST",
        path: "/Users",
        body: {
          schemas: [USER],
          userName: `who${i}@corp`,
          externalId: "object-1",
          emails: [{ value: `who${i}@x.io`, primary: true }],
        },
      }),
      t,
    );
    expect(statuses(answers)).toEqual({ 201: 1, 409: RACERS - 1 });
    expect(await count(t, "Users")).toBe(1);
  });

  it("links one user to both providers when two providers create it at once", async () => {
    const t = await tenant();
    const answers = await race(
      (i) => ({
        provider: i % 2 === 0 ? "Okta" : "EntraID",
        method: "POST",
        path: "/Users",
        body: { schemas: [USER], userName: "both@corp", emails: [{ value: "both@x.io", primary: true }] },
      }),
      t,
    );
    expect(statuses(answers)).toEqual({ 201: 2, 409: RACERS - 2 });
    expect(await count(t, "Users")).toBe(1);
    const user = await roster.store.users.get(t, "both@x.io");
    expect(user?.externalIds.map((x) => x.provider).sort()).toEqual(["EntraID", "Okta"]);
  });

  it("gives every create of a taken name its own suffix, even when another create takes that suffix meanwhile", async () => {
    const t = await tenant();
    const first = await roster.send(0, t, "EntraID", "POST", "/Groups", {
      schemas: [GROUP],
      displayName: "Ops",
      externalId: "g-0",
    });
    expect(first.status).toBe(201);
    const answers = await race(
      (i) => ({
        method: "POST",
        path: "/Groups",
        // Two creates are named like suffixed Ids ("Ops-2" normalizes to ops-2): another name, another
        // lock, so an "Ops" create may pick the same Id at the same time and must pick again.
        body: { schemas: [GROUP], displayName: i % 25 === 0 ? `Ops-${i / 25 + 2}` : "Ops", externalId: `g-${i + 1}` },
      }),
      t,
    );
    expect(statuses(answers)).toEqual({ 201: RACERS });
    expect(new Set(answers.map((a) => a.body["id"])).size).toBe(RACERS);
    expect(await count(t, "Groups")).toBe(RACERS + 1);
  });

  it("lets one of a PATCH giving a user a userName and a create of that userName win", async () => {
    const t = await tenant();
    const pairs = 10;
    for (let i = 0; i < pairs; i++) {
      const body = { schemas: [USER], userName: `old${i}@corp`, emails: [{ value: `old${i}@x.io`, primary: true }] };
      expect((await roster.send(0, t, "EntraID", "POST", "/Users", body)).status).toBe(201);
    }
    const answers = await Promise.all(
      Array.from({ length: pairs }, (_, i) => [
        roster.send(i, t, "EntraID", "PATCH", `/Users/old${i}%40x.io`, {
          schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
          Operations: [{ op: "replace", path: "userName", value: `wanted${i}@corp` }],
        }),
        roster.send(i + 1, t, "EntraID", "POST", "/Users", {
          schemas: [USER],
          userName: `wanted${i}@corp`,
          emails: [{ value: `new${i}@x.io`, primary: true }],
        }),
      ]).flat(),
    );
    for (let i = 0; i < pairs; i++) {
      const [patch, create] = [answers[2 * i], answers[2 * i + 1]] as [Answer, Answer];
      expect([patch.status, create.status].sort()).toEqual(patch.status === 200 ? [200, 409] : [201, 409]);
      const held = await roster.send(0, t, "EntraID", "GET", `/Users?filter=userName eq "wanted${i}@corp"`);
      expect(held.body["totalResults"]).toBe(1);
    }
  });

  it("lets one of a PATCH giving a group an externalId and a create with that externalId win", async () => {
    const t = await tenant();
    const pairs = 10;
    for (let i = 0; i < pairs; i++) {
      const body = { schemas: [GROUP], displayName: `Held ${i}`, externalId: `old-${i}` };
      expect((await roster.send(0, t, "EntraID", "POST", "/Groups", body)).status).toBe(201);
    }
    const answers = await Promise.all(
      Array.from({ length: pairs }, (_, i) => [
        roster.send(i, t, "EntraID", "PATCH", `/Groups/held${i}`, {
          schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
          Operations: [{ op: "replace", path: "externalId", value: `wanted-${i}` }],
        }),
        roster.send(i + 1, t, "EntraID", "POST", "/Groups", {
          schemas: [GROUP],
          displayName: `Fresh ${i}`,
          externalId: `wanted-${i}`,
        }),
      ]).flat(),
    );
    for (let i = 0; i < pairs; i++) {
      const [patch, create] = [answers[2 * i], answers[2 * i + 1]] as [Answer, Answer];
      expect([patch.status, create.status].sort()).toEqual(patch.status === 204 ? [204, 409] : [201, 409]);
      const held = await roster.send(0, t, "EntraID", "GET", `/Groups?filter=externalId eq "wanted-${i}"`);
      expect(held.body["totalResults"]).toBe(1);
    }
  });
});
