/** The change events of an import (SPEC §11, §12): written with what it changes, none for a dry run. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openObservedStore } from "../storage/testing/observed-store.ts";
import { DATABASE_KINDS, openTestStore, type TestStore } from "../storage/testing/test-databases.ts";
import { effectiveAccess } from "./change-events.ts";
import { IdentityService } from "./identity-service.ts";
import { ImportService, type ImportSource } from "./import-service.ts";

const header = (roles: number, users: number) =>
  JSON.stringify({
    Format: "roster-export",
    Version: 1,
    Tenant: "source",
    ExportedAt: "2026-03-01T00:00:00.000Z",
    Counts: { Users: users, Roles: roles },
  });
const role = (id: string, fields: object = {}) => JSON.stringify({ Kind: "Role", Id: id, DisplayName: id, ...fields });
const user = (id: string, fields: object = {}) => JSON.stringify({ Kind: "User", Id: id, Email: id, ...fields });

function textSource(text: string): ImportSource {
  return {
    async *open() {
      yield Buffer.from(text);
    },
  };
}

const document = [
  header(2, 2),
  role("regional", { Roles: ["store"] }),
  role("store"),
  user("pat@x.io", { Roles: ["regional"], RoleSources: { regional: "manual" } }),
  user("kim@x.io", { Active: false }),
].join("\n");

describe.each(DATABASE_KINDS)("the events of an import on %s", (kind) => {
  let handle: TestStore;
  let imports: ImportService;

  beforeAll(async () => {
    handle = await openTestStore(kind);
    imports = new ImportService(handle.store);
    await handle.store.tenants.create("dry", new Date().toISOString());
    await handle.store.tenants.create("real", new Date().toISOString());
    await handle.store.tenants.create("merged", new Date().toISOString());
  });
  afterAll(() => handle.dispose());

  const events = (tenantId: string) => handle.store.events.read(tenantId, { after: 0, limit: 1000 });

  it("writes none for a dry run", async () => {
    await imports.import("dry", textSource(document), { dryRun: true });
    expect(await events("dry")).toEqual([]);
  });

  it("writes what it created, with the memberships and the access they give, by its actor", async () => {
    await imports.import("real", textSource(document), { batchSize: 1 });
    const written = await events("real");
    const types = written.map((e) => e.type);
    expect(types.filter((t) => t === "role.created")).toHaveLength(2);
    expect(types.filter((t) => t === "user.created")).toHaveLength(2);
    expect(written).toContainEqual(
      expect.objectContaining({ type: "role.nested", data: { Parent: "regional", Child: "store" } }),
    );
    expect(written).toContainEqual(
      expect.objectContaining({
        type: "membership.added",
        data: expect.objectContaining({ UserId: "pat@x.io", RoleId: "regional", Source: "manual" }),
      }),
    );
    const access = written.find((e) => e.type === "access.changed" && e.data["UserId"] === "pat@x.io");
    expect(access?.data).toMatchObject({ After: { Active: true, Direct: ["regional"], Indirect: ["store"] } });
    expect(written.every((e) => e.actor === "cli")).toBe(true);
    const ids = written.map((e) => e.seq);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });

  it("in a merge, writes only what changed", async () => {
    const identity = new IdentityService(handle.store);
    await identity.addUser("merged", "pat@x.io");
    const before = (await events("merged")).length;
    await imports.import("merged", textSource([header(0, 1), user("pat@x.io", { Active: false })].join("\n")), {
      merge: true,
    });
    const added = (await events("merged")).slice(before).map((e) => e.type);
    expect(added).toContain("user.deactivated");
    expect(added).not.toContain("user.created");
  });
});

describe.each(DATABASE_KINDS)("the access reads of an import on %s", (kind) => {
  it("never reads what a user it created holds, and still announces the memberships and access it gives", async () => {
    const observed = await openObservedStore(kind);
    try {
      await observed.store.tenants.create("real", new Date().toISOString());
      observed.captured.length = 0;
      await new ImportService(observed.store).import("real", textSource(document), { batchSize: 1 });
      // What the import created holds nothing before, then what it assigned and what that contains.
      expect(observed.captured.filter((s) => s.sql.includes("with recursive held"))).toEqual([]);
      const written = await observed.store.events.read("real", { after: 0, limit: 1000 });
      expect(written.filter((e) => e.type === "membership.added").map((e) => e.data)).toEqual([
        { UserId: "pat@x.io", RoleId: "regional", Source: "manual" },
      ]);
      const access = written.filter((e) => e.type === "access.changed");
      expect(access.map((e) => e.data)).toEqual([
        {
          UserId: "pat@x.io",
          Before: { Active: true, Direct: [], Indirect: [] },
          After: { Active: true, Direct: ["regional"], Indirect: ["store"] },
        },
      ]);
    } finally {
      await observed.dispose();
    }
  });

  it("announces what a created user holds through nesting as the database answers it", async () => {
    const observed = await openObservedStore(kind);
    try {
      await observed.store.tenants.create("deep", new Date().toISOString());
      const deep = [
        header(3, 2),
        role("a", { Roles: ["b"] }),
        role("b", { Roles: ["c"] }),
        role("c"),
        user("pat@x.io", { Roles: ["a", "c"], RoleSources: { a: "manual", c: "manual" } }),
        user("kim@x.io", { Active: false, Roles: ["b"], RoleSources: { b: "manual" } }),
      ].join("\n");
      await new ImportService(observed.store).import("deep", textSource(deep));
      const written = await observed.store.events.read("deep", { after: 0, limit: 1000 });
      const stored = await observed.store.users.accessSnapshots("deep", ["pat@x.io", "kim@x.io"]);
      const access = written.filter((e) => e.type === "access.changed");
      // An inactive user holds nothing, before and after: kim@x.io's access does not change.
      expect(access.map((e) => e.data["UserId"])).toEqual(["pat@x.io"]);
      expect(access[0]?.data["After"]).toEqual(effectiveAccess(stored.get("pat@x.io")));
      expect(
        written.filter((e) => e.type === "membership.added").map((e) => [e.data["UserId"], e.data["RoleId"]]),
      ).toEqual([
        ["pat@x.io", "a"],
        ["pat@x.io", "c"],
        ["kim@x.io", "b"],
      ]);
      expect(effectiveAccess(stored.get("pat@x.io"))).toEqual({ Active: true, Direct: ["a", "c"], Indirect: ["b"] });
    } finally {
      await observed.dispose();
    }
  });

  it("in a merge, still reads what an existing user held before, in the same batch as a created one", async () => {
    const observed = await openObservedStore(kind);
    try {
      await observed.store.tenants.create("merged", new Date().toISOString());
      await new ImportService(observed.store).import("merged", textSource(document));
      const before = (await observed.store.events.read("merged", { after: 0, limit: 1000 })).length;
      observed.captured.length = 0;
      const merge = [
        header(1, 2),
        role("store"),
        user("pat@x.io", { Roles: ["store"], RoleSources: { store: "manual" } }),
        user("new@x.io", { Roles: ["store"], RoleSources: { store: "manual" } }),
      ].join("\n");
      await new ImportService(observed.store).import("merged", textSource(merge), { merge: true });
      const snapshots = observed.captured.filter((s) => s.sql.includes("with recursive held"));
      // pat@x.io, before and after; new@x.io, just created, never.
      expect(snapshots.map((s) => s.parameters.filter((p) => typeof p === "string" && p.includes("@")))).toEqual([
        ["pat@x.io", "pat@x.io"],
        ["pat@x.io", "pat@x.io"],
      ]);
      const added = (await observed.store.events.read("merged", { after: 0, limit: 1000 })).slice(before);
      expect(added.filter((e) => e.type === "membership.added").map((e) => e.data["UserId"])).toEqual([
        "pat@x.io",
        "new@x.io",
      ]);
      expect(added.filter((e) => e.type === "access.changed").map((e) => e.data)).toEqual([
        {
          UserId: "pat@x.io",
          Before: { Active: true, Direct: ["regional"], Indirect: ["store"] },
          After: { Active: true, Direct: ["regional", "store"], Indirect: [] },
        },
        {
          UserId: "new@x.io",
          Before: { Active: true, Direct: [], Indirect: [] },
          After: { Active: true, Direct: ["store"], Indirect: [] },
        },
      ]);
    } finally {
      await observed.dispose();
    }
  });
});
