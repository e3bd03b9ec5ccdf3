/** The export on an SQLite file and PostgreSQL: one consistent snapshot, backpressure, the provider of legacy SCIM data. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openStore } from "../storage/open-store.ts";
import { createPostgresDatabase, DATABASE_KINDS } from "../storage/testing/test-databases.ts";
import { ExportService } from "./export-service.ts";
import { IdentityService } from "./identity-service.ts";
import { ImportService } from "./import-service.ts";
import type { Store } from "./ports.ts";
import { ScimService } from "./scim-service.ts";
import { context, scimGroup, scimUser } from "./scim-test-kit.ts";

/** A store on a real file (SQLite) or database (PostgreSQL): a snapshot needs a second connection. */
async function openRealStore(kind: "sqlite" | "postgres"): Promise<{ store: Store; dispose: () => Promise<void> }> {
  if (kind === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "roster-export-"));
    const store = await openStore(`sqlite:${join(dir, "roster.db")}`);
    return {
      store,
      async dispose() {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const database = await createPostgresDatabase();
  const store = await openStore(database.url);
  await store.migrate();
  return {
    store,
    async dispose() {
      await store.close();
      await database.drop();
    },
  };
}

describe.each(DATABASE_KINDS)("ExportService on %s", (kind) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let identity: IdentityService;
  let exports: ExportService;
  let tenants = 0;

  beforeAll(async () => {
    ({ store, dispose } = await openRealStore(kind));
    identity = new IdentityService(store);
    exports = new ExportService(store);
  });
  afterAll(() => dispose());

  async function tenant(): Promise<string> {
    tenants += 1;
    const id = `exp${tenants}`;
    await store.tenants.create(id, new Date().toISOString());
    return id;
  }

  it("reads one snapshot: writes made while it runs are not in it, and it stays importable", async () => {
    const t = await tenant();
    await identity.addRole(t, "Ops");
    for (let i = 0; i < 30; i++) {
      await identity.addUser(t, `u${String(i).padStart(2, "0")}@x.io`);
      await identity.grant(t, `u${String(i).padStart(2, "0")}@x.io`, "ops");
    }
    let text = "";
    let wrote = false;
    await exports.export(
      t,
      async (chunk) => {
        text += chunk;
        if (!wrote) {
          wrote = true;
          // A role made and granted while the export runs, a user deleted: none of it shows.
          await identity.addRole(t, "Late");
          await identity.grant(t, "u29@x.io", "late");
          await identity.deleteUser(t, "u00@x.io", { kind: "cli" });
          await identity.addUser(t, "late@x.io");
        }
      },
      { format: "ndjson", pageSize: 4 },
    );
    const lines = text.trimEnd().split("\n");
    expect(JSON.parse(lines[0]!).Counts).toEqual({ Users: 30, Roles: 1 });
    expect(lines).toHaveLength(32);
    expect(text).not.toContain("late");
    expect(text).toContain('"Id":"u00@x.io"');
    const copy = await tenant();
    const source = {
      open: async function* () {
        yield text;
      },
    };
    await expect(new ImportService(store).import(copy, source)).resolves.toMatchObject({
      users: { created: { count: 30 } },
    });
  });

  it("waits for each chunk to be taken before reading on", async () => {
    const t = await tenant();
    for (let i = 0; i < 12; i++) await identity.addUser(t, `w${i}@x.io`);
    let pending = 0;
    let most = 0;
    let chunks = 0;
    await exports.export(
      t,
      async () => {
        pending += 1;
        most = Math.max(most, pending);
        chunks += 1;
        await new Promise((resolve) => setTimeout(resolve, 5));
        pending -= 1;
      },
      { format: "ndjson", pageSize: 5 },
    );
    expect(most).toBe(1);
    // The header, three pages of users (no roles), the end.
    expect(chunks).toBe(5);
  });

  it("names the provider of SCIM data written before migration 005 recorded it", async () => {
    const t = await tenant();
    const scim = new ScimService(store);
    await scim.createUser(context(t, "EntraID"), scimUser("ada@corp", "ada@x.io"));
    await scim.createUser(context(t, "Okta"), scimUser("ada", "ada@x.io"));
    await scim.createGroup(context(t, "Okta"), scimGroup("Ops", { externalId: "g-1" }), { includeMembers: false });
    await scim.createGroup(context(t, "Okta"), scimGroup("Bare"), { includeMembers: false });
    // As rows stored before migration 005 are: no provider recorded.
    await store.transaction(async (tx) => {
      for (const id of ["ada@x.io"]) {
        const user = (await tx.users.get(t, id))!;
        await tx.users.update(t, { ...user, scimProvider: null, version: user.version + 1 }, user.version, []);
      }
      for (const id of ["ops", "bare"]) {
        const role = (await tx.roles.get(t, id))!;
        await tx.roles.update(t, { ...role, scimProvider: null, version: role.version + 1 }, role.id, role.version, []);
      }
    });
    let text = "";
    await exports.export(
      t,
      async (chunk) => {
        text += chunk;
      },
      { format: "ndjson" },
    );
    const byId = new Map(
      text
        .trimEnd()
        .split("\n")
        .slice(1)
        .map((l) => [JSON.parse(l).Id, JSON.parse(l)]),
    );
    // The provider whose userName the stored resource holds: Okta wrote last.
    expect(Object.keys(byId.get("ada@x.io").Scim)).toEqual(["Okta"]);
    expect(Object.keys(byId.get("ops").Scim)).toEqual(["Okta"]);
    expect(Object.keys(byId.get("bare").Scim)).toEqual(["unknown"]);
  });

  it("is notFound for an unknown tenant, before writing anything", async () => {
    const chunks: string[] = [];
    await expect(
      exports.export(
        "nobody",
        async (c) => {
          chunks.push(c);
        },
        { format: "ndjson" },
      ),
    ).rejects.toMatchObject({ code: "notFound" });
    await expect(exports.assertTenant("nobody")).rejects.toMatchObject({ code: "notFound" });
    expect(chunks).toEqual([]);
  });
});
