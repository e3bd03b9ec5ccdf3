/**
 * Simultaneous nests through two stores over one database: a nest checks for a cycle over the
 * whole nesting before it adds its edge, so "A in B" and "B in A" at once must not both pass.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IdentityService } from "../../src/domain/identity-service.ts";
import type { Store } from "../../src/domain/ports.ts";
import { TenantService } from "../../src/domain/tenant-service.ts";
import { openStore } from "../../src/storage/open-store.ts";
import { createPostgresDatabase, DATABASE_KINDS } from "../../src/storage/testing/test-databases.ts";

// PostgreSQL only: on SQLite `BEGIN IMMEDIATE` admits one writer at a time, and two connections in
// one process would only wait out each other's busy timeout (better-sqlite3 blocks the event loop).
describe.each(DATABASE_KINDS.filter((kind) => kind === "postgres"))(
  "simultaneous nesting through two stores on %s",
  (kind) => {
    const stores: Store[] = [];
    let cleanup = async () => {};

    beforeAll(async () => {
      const directory = await mkdtemp(join(tmpdir(), "roster-nesting-"));
      const postgres = kind === "postgres" ? await createPostgresDatabase() : undefined;
      const url = postgres?.url ?? `sqlite:${join(directory, "roster.db")}`;
      for (let i = 0; i < 2; i++) stores.push(await openStore(url));
      if (postgres) await stores[0]!.migrate();
      cleanup = async () => {
        for (const store of stores) await store.close();
        await postgres?.drop();
        await rm(directory, { recursive: true, force: true });
      };
      await new TenantService(stores[0]!).createTenant("acme");
    });
    afterAll(() => cleanup());

    it("never lets two opposite nests both pass their cycle check", async () => {
      const [one, two] = stores.map((store) => new IdentityService(store)) as [IdentityService, IdentityService];
      for (let round = 0; round < 20; round++) {
        const a = (await one.addRole("acme", `A ${round}`)).id;
        const b = (await one.addRole("acme", `B ${round}`)).id;
        const results = await Promise.allSettled([one.nest("acme", a, b), two.nest("acme", b, a)]);
        expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
        expect(results.find((r) => r.status === "rejected")).toMatchObject({ reason: { code: "conflict" } });
        const inA = await stores[0]!.roles.contains("acme", a, b);
        const inB = await stores[0]!.roles.contains("acme", b, a);
        expect(inA !== inB).toBe(true);
      }
    });
  },
);
