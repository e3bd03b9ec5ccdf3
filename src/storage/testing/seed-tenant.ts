/**
 * Seeds a tenant through the domain's own create code (UserWrites, GroupWrites on parsed SCIM
 * bodies, matching lookups included), in transactions of a few hundred, so its rows and index
 * entries are those SCIM creates write. For tests that need a tenant of some size.
 */
import { scimActor } from "../../domain/actor.ts";
import { GroupWrites } from "../../domain/group-writes.ts";
import type { Store } from "../../domain/ports.ts";
import { withChanges } from "../../domain/recorded-write.ts";
import type { ScimContext } from "../../domain/scim-operations.ts";
import { UserWrites } from "../../domain/user-writes.ts";
import { unwrap } from "../../protocol/errors.ts";
import { parseResource } from "../../protocol/resource/parse-resource.ts";

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";

/** User i of a seeded tenant: its id (= its work email), userName and externalId. */
export function seededUser(i: number): { id: string; userName: string; externalId: string } {
  const n = String(i).padStart(7, "0");
  return { id: `user${n}@example.com`, userName: `upn${n}@corp.example`, externalId: `ext-${n}` };
}

/** Group j of a seeded tenant: its id, displayName and externalId. */
export function seededGroup(j: number): { id: string; displayName: string; externalId: string } {
  const n = String(j).padStart(7, "0");
  return { id: `group${n}`, displayName: `Group ${n}`, externalId: `gext-${n}` };
}

/**
 * Creates users `from` … `to − 1` of `tenantId` as provider `provider` sends them, then, when
 * `groups` is given, groups 0 … groups − 1 with user i in group i mod groups (users from 0 to `to`).
 */
export async function seedTenant(
  store: Store,
  tenantId: string,
  provider: string,
  range: { readonly from?: number; readonly to: number; readonly groups?: number },
): Promise<void> {
  const ctx: ScimContext = { tenantId, provider, baseUrl: "http://seed.invalid" };
  const scope = { tenantId, actor: scimActor(provider), now: () => new Date() };
  const start = Date.parse("2026-01-01T00:00:00.000Z");
  for (let from = range.from ?? 0; from < range.to; from += 500) {
    const to = Math.min(range.to, from + 500);
    await store.transaction((tx) =>
      withChanges(tx, scope, async (_tx, _now, changes) => {
        for (let i = from; i < to; i++) {
          const u = seededUser(i);
          const body = {
            schemas: [USER],
            userName: u.userName,
            externalId: u.externalId,
            active: true,
            displayName: `Given${i} Family${i % 97}`,
            name: { givenName: `Given${i}`, familyName: `Family${i % 97}` },
            emails: [{ value: u.id, type: "work", primary: true }],
          };
          const at = new Date(start + i).toISOString();
          await new UserWrites(tx, ctx, at, changes).create(unwrap(parseResource("User", body, provider)));
        }
      }),
    );
  }
  const groups = range.groups ?? 0;
  for (let from = 0; from < groups; from += 50) {
    await store.transaction((tx) =>
      withChanges(tx, scope, async (_tx, now, changes) => {
        for (let j = from; j < Math.min(groups, from + 50); j++) {
          const g = seededGroup(j);
          const members = [];
          for (let i = j; i < range.to; i += groups) members.push({ value: seededUser(i).id });
          const body = { schemas: [GROUP], displayName: g.displayName, externalId: g.externalId, members };
          await new GroupWrites(tx, ctx, now, changes).create(unwrap(parseResource("Group", body, provider)));
        }
      }),
    );
  }
}
