/** The seeding shortcut writes what SCIM creates write: same records, same members, same index (filters find the same). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { UserRecord } from "../../../src/domain/model.ts";
import type { Store } from "../../../src/domain/ports.ts";
import { ScimService } from "../../../src/domain/scim-service.ts";
import { unwrap } from "../../../src/protocol/errors.ts";
import { parseFilter } from "../../../src/protocol/filter/parse-filter.ts";
import { resolveFilter } from "../../../src/protocol/filter/resolve-filter.ts";
import { parseResource } from "../../../src/protocol/resource/parse-resource.ts";
import { DATABASE_KINDS, openTestStore, type TestStore } from "../../../src/storage/testing/test-databases.ts";
import {
  BIG_GROUP,
  bigGroupBody,
  bigGroupSize,
  groupBody,
  groupCount,
  groupId,
  membersOfGroup,
  PROVIDER,
  pad,
  TENANT,
  userBody,
  userExternalId,
  userId,
  userName,
} from "../dataset.ts";
import { createBenchTenant, seedRoster } from "./seed-roster.ts";

const USERS = 40;

/** The same data set, written the slow way: each user and group through the SCIM service, as over HTTP. */
async function createOverScim(store: Store): Promise<void> {
  const scim = new ScimService(store);
  const ctx = { tenantId: TENANT, provider: PROVIDER, baseUrl: "http://x" };
  for (let i = 0; i < USERS; i++) await scim.createUser(ctx, unwrap(parseResource("User", userBody(i), PROVIDER)));
  const members = (ids: number[]) => ids.map((i) => ({ value: userId(i) }));
  const group = async (body: Record<string, unknown>) =>
    scim.createGroup(ctx, unwrap(parseResource("Group", body, PROVIDER)), { includeMembers: false });
  for (let j = 0; j < groupCount(USERS); j++)
    await group({ ...groupBody(j), members: members(membersOfGroup(j, USERS)) });
  await group({ ...bigGroupBody(), members: members(Array.from({ length: bigGroupSize(USERS) }, (_, i) => i)) });
}

function timeless(user: UserRecord | undefined) {
  const { createdAt: _c, modifiedAt: _m, ...rest } = user ?? ({} as UserRecord);
  return rest;
}

async function ids(store: Store, filter: string): Promise<string[]> {
  const resolved = unwrap(resolveFilter("User", unwrap(parseFilter(filter))));
  const page = await store.users.list(TENANT, {
    filter: resolved,
    provider: PROVIDER,
    sortBy: undefined,
    sortOrder: "ascending",
    offset: 0,
    limit: 100,
  });
  return page.items.map((u) => u.id);
}

describe.each(DATABASE_KINDS)("seeding Roster on %s", (kind) => {
  let seeded: TestStore;
  let created: TestStore;
  beforeAll(async () => {
    seeded = await openTestStore(kind);
    created = await openTestStore(kind);
    await createBenchTenant(seeded.store, "token");
    await createBenchTenant(created.store, "token");
    await seedRoster(seeded.store, USERS, { batch: 7 });
    await createOverScim(created.store);
  });
  afterAll(async () => {
    await seeded?.dispose();
    await created?.dispose();
  });

  it("writes the user records a SCIM create writes", async () => {
    for (const i of [0, 1, 17, USERS - 1]) {
      const user = await seeded.store.users.get(TENANT, userId(i));
      expect(user).toBeDefined();
      expect(timeless(user)).toEqual(timeless(await created.store.users.get(TENANT, userId(i))));
    }
  });

  it("writes the memberships a SCIM group create writes", async () => {
    for (const id of [groupId(0), groupId(3), BIG_GROUP.id]) {
      const members = (await seeded.store.roles.members(TENANT, [id])).get(id) ?? [];
      expect(members.length).toBeGreaterThan(0);
      expect(members).toEqual((await created.store.roles.members(TENANT, [id])).get(id));
    }
  });

  it("writes the index rows filters find users by", async () => {
    for (const filter of [
      `userName eq "${userName(5)}"`,
      `externalId eq "${userExternalId(6)}"`,
      `emails[type eq "work"].value eq "${userId(7)}"`,
      `emails.value co "ser${pad(8)}@"`,
      `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "Dept9"`,
    ]) {
      const found = await ids(seeded.store, filter);
      expect(found.length).toBeGreaterThan(0);
      expect(found).toEqual(await ids(created.store, filter));
    }
  });

  it("keeps the users in index order, as the scenarios' pages expect", async () => {
    const page = await seeded.store.users.list(TENANT, {
      filter: undefined,
      provider: PROVIDER,
      sortBy: undefined,
      sortOrder: "ascending",
      offset: 10,
      limit: 3,
    });
    expect(page.total).toBe(USERS);
    expect(page.items.map((u) => u.id)).toEqual([userId(10), userId(11), userId(12)]);
  });

  it("refuses a user that is already there, as SCIM would", async () => {
    await expect(seedRoster(seeded.store, 1)).rejects.toMatchObject({ code: "uniqueness" });
  });
});
