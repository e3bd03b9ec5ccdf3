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
});
