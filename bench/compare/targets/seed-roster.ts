/**
 * Seeds a Roster store with the benchmark's data set through the domain's own write code
 * (UserWrites.create, GroupWrites.create, on resources parsed by the HTTP edge's parser), so the
 * rows, index entries and external ids are exactly those SCIM creates write, in big
 * transactions. The one shortcut: a user create's matching lookups answer "no match", since
 * the data set is known to be unique (the store's unique keys still refuse a duplicate), and its
 * names are not locked. Each
 * transaction writes its change events (SPEC §11) as the SCIM writes would.
 */
import { scimActor } from "../../../src/domain/actor.ts";
import { GroupWrites } from "../../../src/domain/group-writes.ts";
import type { Repositories, Store } from "../../../src/domain/ports.ts";
import { withChanges } from "../../../src/domain/recorded-write.ts";
import type { ScimContext } from "../../../src/domain/scim-operations.ts";
import { TenantService } from "../../../src/domain/tenant-service.ts";
import { hashToken } from "../../../src/domain/token.ts";
import { UserWrites } from "../../../src/domain/user-writes.ts";
import { unwrap } from "../../../src/protocol/errors.ts";
import { parseResource } from "../../../src/protocol/resource/parse-resource.ts";
import {
  bigGroupBody,
  bigGroupSize,
  groupBody,
  groupCount,
  type Json,
  membersOfGroup,
  PROVIDER,
  TENANT,
  userBody,
  userId,
} from "../dataset.ts";

/** How seeding runs: transactions of `batch` users, `concurrency` of them at once (PostgreSQL only). */
export interface SeedOptions {
  readonly batch?: number;
  readonly concurrency?: number;
  /** Called now and then with the number of users written. */
  readonly progress?: (done: number) => void;
}

const CONTEXT: ScimContext = Object.freeze({ tenantId: TENANT, provider: PROVIDER, baseUrl: "http://seed.invalid" });
const SCOPE = Object.freeze({ tenantId: TENANT, actor: scimActor(PROVIDER), now: () => new Date() });
const NO_MATCH = new Set(["findByEmail", "findByB2CId", "findByExternalId", "get"]);

/** `tx` with the user lookups a create makes before inserting answering "nothing there". */
function knownUnique(tx: Repositories): Repositories {
  const users = new Proxy(tx.users, {
    get(target, name, receiver) {
      if (typeof name === "string" && NO_MATCH.has(name)) {
        return name === "findByEmail" || name === "findByB2CId" ? async () => [] : async () => undefined;
      }
      return Reflect.get(target, name, receiver);
    },
  });
  // Nor does a create lock its names: the locks only order simultaneous creates of one name, and
  // on PostgreSQL four advisory locks per user, a thousand users a transaction, four transactions
  // at once overflowed the server's lock table ("out of shared memory").
  return { ...tx, users, locks: { lock: async () => {} } };
}

/** Creates the tenant every scenario addresses, with `token` as its SCIM bearer token. */
export async function createBenchTenant(store: Store, token: string): Promise<void> {
  const tenants = new TenantService(store);
  await tenants.createTenant(TENANT);
  await tenants.setSetting(TENANT, "HashedScimProvisioningToken", hashToken(token));
}

function parsed(type: "User" | "Group", body: Json) {
  return unwrap(parseResource(type, body, PROVIDER));
}

/**
 * Writes users 0 … users − 1 (creation times one millisecond apart, in index order, ending now),
 * then the ordinary groups with their members and the big group.
 */
export async function seedRoster(store: Store, users: number, options: SeedOptions = {}): Promise<void> {
  const batch = options.batch ?? 1000;
  const concurrency = store.dialect === "postgres" ? (options.concurrency ?? 4) : 1;
  const start = Date.now() - users - 1000;
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < users) {
      const from = next;
      next = Math.min(users, next + batch);
      const to = next;
      await store.transaction((tx) =>
        withChanges(tx, SCOPE, async (_tx, _now, changes) => {
          const view = knownUnique(tx);
          for (let i = from; i < to; i++) {
            const at = new Date(start + i).toISOString();
            await new UserWrites(view, CONTEXT, at, changes).create(parsed("User", userBody(i)));
          }
        }),
      );
      done += to - from;
      options.progress?.(done);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));

  const now = new Date().toISOString();
  const members = (ids: readonly number[]) => ids.map((i) => ({ value: userId(i) }));
  const groups = groupCount(users);
  for (let from = 0; from < groups; from += 100) {
    await store.transaction((tx) =>
      withChanges(tx, SCOPE, async (_tx, _now, changes) => {
        for (let j = from; j < Math.min(groups, from + 100); j++) {
          const body = { ...groupBody(j), members: members(membersOfGroup(j, users)) };
          await new GroupWrites(tx, CONTEXT, now, changes).create(parsed("Group", body));
        }
      }),
    );
  }
  const big = Array.from({ length: bigGroupSize(users) }, (_, i) => i);
  await store.transaction((tx) =>
    withChanges(tx, SCOPE, (_tx, _now, changes) =>
      new GroupWrites(tx, CONTEXT, now, changes).create(parsed("Group", { ...bigGroupBody(), members: members(big) })),
    ),
  );
}
