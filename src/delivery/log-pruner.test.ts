/** SPEC §11's retention: rows older than each tenant's ProvisioningLogRetentionDays go, in batches. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProvisioningLogService } from "../domain/provisioning-log-service.ts";
import { TenantService } from "../domain/tenant-service.ts";
import { DATABASE_KINDS, openTestStore, type TestStore } from "../storage/testing/test-databases.ts";
import { LogPruner } from "./log-pruner.ts";

const NOW = Date.parse("2026-06-01T00:00:00.000Z");
const DAY = 86_400_000;

describe.each(DATABASE_KINDS)("log retention on %s", (kind) => {
  let db: TestStore;
  beforeAll(async () => {
    db = await openTestStore(kind);
  });
  afterAll(() => db.dispose());

  const row = (tenantId: string, n: number, ageDays: number) =>
    db.store.provisioningLog.insert(tenantId, [
      {
        id: `${tenantId}-${String(n).padStart(5, "0")}`,
        at: new Date(NOW - ageDays * DAY - n).toISOString(),
        provider: "Okta",
        method: "GET",
        path: "/Users",
        status: 200,
        scimType: null,
        resourceType: "User",
        resourceId: null,
        outcome: "read",
        changes: [],
        durationMs: 1,
        requestId: "r",
      },
    ]);

  it("deletes the rows past each tenant's retention in batches, keeps the rest", async () => {
    const tenants = new TenantService(db.store);
    await tenants.createTenant("keeps7");
    await tenants.setSetting("keeps7", "ProvisioningLogRetentionDays", "7");
    await tenants.createTenant("default30");
    for (let n = 0; n < 25; n++) await row("keeps7", n, 10);
    for (let n = 25; n < 30; n++) await row("keeps7", n, 1);
    for (let n = 0; n < 10; n++) await row("default30", n, 10);
    for (let n = 10; n < 13; n++) await row("default30", n, 40);
    const log = new ProvisioningLogService(db.store);
    const statements: number[] = [];
    const counting = { ...db.store.provisioningLog };
    const prune = db.store.provisioningLog.prune.bind(db.store.provisioningLog);
    counting.prune = async (tenantId, before, batch) => {
      const deleted = await prune(tenantId, before, batch);
      statements.push(deleted);
      return deleted;
    };
    const store = { ...db.store, provisioningLog: counting };
    const pruner = new LogPruner(store, new ProvisioningLogService(store), { now: () => new Date(NOW), batch: 10 });
    expect(await pruner.pruneOnce()).toBe(28);
    // default30 (tenants in Id order): its 3 old rows in one batch; keeps7: 25 in batches of 10.
    expect(statements.filter((n) => n > 0)).toEqual([3, 10, 10, 5]);
    expect((await log.page("keeps7", { limit: 100 })).items).toHaveLength(5);
    expect((await log.page("default30", { limit: 100 })).items).toHaveLength(10);
    expect(await pruner.pruneOnce()).toBe(0);
  });

  it("refuses a retention that is not a whole number of days from 1 to 3650", async () => {
    const tenants = new TenantService(db.store);
    await tenants.createTenant("bad");
    for (const value of ["0", "3651", "1.5", "ten", "-1"]) {
      await expect(tenants.setSetting("bad", "ProvisioningLogRetentionDays", value)).rejects.toMatchObject({
        code: "invalidValue",
      });
    }
  });
});
