/**
 * What a SCIM create sends to the database (issue 8, the write path): on PostgreSQL every
 * statement is a round trip, and a create is begin, the advisory locks, one statement for the
 * four lookups, one for the user with its external ids and index rows, one for the log row with
 * the events, commit. Both databases keep the same rows: the user, its `user.created` event and
 * its provisioning log row.
 */
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../config.ts";
import { ScimService } from "../../domain/scim-service.ts";
import { TenantService } from "../../domain/tenant-service.ts";
import { hashToken } from "../../domain/token.ts";
import { buildApp } from "../../http/build-app.ts";
import { type ObservedStore, openObservedStore } from "../testing/observed-store.ts";
import { DATABASE_KINDS } from "../testing/test-databases.ts";

const TOKEN = "Y3JlYXRlLXJvdW5kLXRyaXBzLXRva2VuLTAxMjM0NTY3";
const USER = "urn:ietf:params:scim:schemas:core:2.0:User";

describe.each(DATABASE_KINDS)("a SCIM create on %s", (kind) => {
  let observed: ObservedStore;
  let app: FastifyInstance;

  beforeAll(async () => {
    observed = await openObservedStore(kind);
    const tenants = new TenantService(observed.store);
    await tenants.createTenant("acme");
    await tenants.setSetting("acme", "HashedScimProvisioningToken", hashToken(TOKEN));
    app = buildApp({
      store: observed.store,
      scim: new ScimService(observed.store),
      config: { ...DEFAULT_CONFIG, logLevel: "silent" },
    });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await observed?.dispose();
  });

  const create = (i: number) =>
    app.inject({
      method: "POST",
      url: "/scim/v2/acme/EntraID/Users",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/scim+json" },
      payload: JSON.stringify({
        schemas: [USER],
        userName: `upn${i}@corp.example`,
        externalId: `obj-${i}`,
        emails: [{ value: `user${i}@example.com`, type: "work", primary: true }],
      }),
    });

  it("writes the user, its event and its log row in the transaction", async () => {
    expect((await create(1)).statusCode).toBe(201);
    const user = await observed.store.users.get("acme", "user1@example.com");
    expect(user?.externalIds).toEqual([{ provider: "EntraID", value: "upn1@corp.example" }]);
    const events = await observed.store.events.read("acme", { after: 0, limit: 10 });
    expect(events.map((e) => e.type)).toEqual(["user.created"]);
    expect(JSON.stringify(events[0]?.data)).toContain("user1@example.com");
    const log = await observed.store.provisioningLog.page("acme", { limit: 10 });
    expect(log.items.map((entry) => [entry.outcome, entry.resourceId, entry.status])).toEqual([
      ["created", "user1@example.com", 201],
    ]);
  });

  it.runIf(kind === "postgres")("is six statements from begin to commit on PostgreSQL", async () => {
    expect((await create(2)).statusCode).toBe(201);
    observed.captured.length = 0;
    expect((await create(3)).statusCode).toBe(201);
    const texts = observed.captured.map((s) => s.sql.replace(/\s+/g, " ").trim());
    const begin = texts.indexOf("begin");
    const commit = texts.indexOf("commit");
    const transaction = texts.slice(begin, commit + 1);
    expect(transaction.map((text) => text.slice(0, 40))).toEqual([
      "begin",
      "select pg_advisory_xact_lock(k) from unn",
      "select 'x' as matched_by, o.* from users",
      "with o as (insert into users (tenant_id,",
      "with w0 as (insert into provisioning_log",
      "commit",
    ]);
  });
});
