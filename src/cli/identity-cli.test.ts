import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createPostgresDatabase } from "../storage/testing/test-databases.ts";
import { expectOneLineError, type Run, runCliInProcess } from "./cli-test-kit.ts";

/** Any ISO-8601 UTC timestamp with milliseconds, as records carry them. */
const AT = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

const dir = mkdtempSync(join(tmpdir(), "roster-identity-cli-"));

/** Runs `roster` in-process in `dir`. */
function roster(args: readonly string[]): Promise<Run> {
  return runCliInProcess(args, {}, dir);
}

/** Runs `roster` against `databaseUrl` and asserts success with nothing on stderr; returns stdout. */
async function ok(databaseUrl: string, ...args: string[]): Promise<string> {
  const run = await roster([...args, "--database-url", databaseUrl]);
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  return run.stdout;
}

/** Like `ok`, with `--json`, and parses what it printed. */
async function okJson(databaseUrl: string, ...args: string[]): Promise<unknown> {
  return JSON.parse(await ok(databaseUrl, ...args, "--json"));
}

/** The seed's nested roles: Regional Manager contains Store Manager and Sales Team; a user holds Regional Manager. */
async function nestedRolesScenario(db: string): Promise<void> {
  expect(await ok(db, "role", "add", "acme", "Regional Manager")).toBe("regionalmanager\n");
  expect(await ok(db, "role", "add", "acme", "Sales Team")).toBe("salesteam\n");
  expect(await ok(db, "role", "nest", "acme", "regionalmanager", "salesteam")).toBe(
    "regionalmanager now contains salesteam\n",
  );
  expect(await ok(db, "user", "add", "acme", "rm@x.io")).toBe("rm@x.io\n");
  expect(await ok(db, "user", "grant", "acme", "rm@x.io", "regionalmanager")).toBe(
    "rm@x.io: granted regionalmanager\n",
  );
  expect(await okJson(db, "user", "access", "acme", "rm@x.io")).toEqual({
    Active: true,
    Direct: ["regionalmanager"],
    Indirect: ["salesteam"],
  });
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.concurrent("roster user and role", () => {
  describe.sequential("on SQLite: the seed's nested roles, by hand, end to end", () => {
    const db = `sqlite:${join(dir, "roster.db")}`;

    it("adds roles by hand and prints their normalized Ids, suffixed when the Id is taken", async () => {
      const created = await roster(["tenant", "create", "acme", "--database-url", db]);
      expect(created.code).toBe(0);
      expect(created.stderr).toBe(`Created database file ${join(dir, "roster.db")}\n`);
      expect(await ok(db, "role", "add", "acme", "Store Manager")).toBe("storemanager\n");
      expect(await ok(db, "role", "add", "acme", "Regional Manager")).toBe("regionalmanager\n");
      expect(await ok(db, "role", "add", "acme", "Sales Team")).toBe("salesteam\n");
      expect(await okJson(db, "role", "add", "acme", "store  manager")).toEqual({
        Id: "storemanager-2",
        DisplayName: "store  manager",
        ExternalIds: [],
        RoleType: "Role",
        Roles: [],
        CreatedAt: AT,
        UpdatedAt: AT,
      });
    });

    it("nests Store Manager and Sales Team in Regional Manager", async () => {
      expect(await ok(db, "role", "nest", "acme", "regionalmanager", "storemanager")).toBe(
        "regionalmanager now contains storemanager\n",
      );
      expect(await ok(db, "role", "nest", "acme", "regionalmanager", "salesteam")).toBe(
        "regionalmanager now contains salesteam\n",
      );
    });

    it("adds users by hand: prints the Id, or the whole user with --json", async () => {
      expect(await ok(db, "user", "add", "acme", "pat@x.io", "--first-name", "Pat", "--last-name", "Smith")).toBe(
        "pat@x.io\n",
      );
      expect(await okJson(db, "user", "add", "acme", "lee@x.io")).toEqual({
        Id: "lee@x.io",
        Email: "lee@x.io",
        FirstName: null,
        LastName: null,
        Phone: null,
        B2CId: null,
        ExternalIds: [],
        Roles: [],
        RoleSources: {},
        Active: true,
        CreatedAt: AT,
        UpdatedAt: AT,
      });
    });

    it("grants Regional Manager: access shows it direct and the roles it contains indirect", async () => {
      expect(await ok(db, "user", "grant", "acme", "pat@x.io", "regionalmanager")).toBe(
        "pat@x.io: granted regionalmanager\n",
      );
      const [json, text] = await Promise.all([
        okJson(db, "user", "access", "acme", "pat@x.io"),
        ok(db, "user", "access", "acme", "pat@x.io"),
      ]);
      expect(json).toEqual({ Active: true, Direct: ["regionalmanager"], Indirect: ["salesteam", "storemanager"] });
      expect(text).toBe(
        "User: pat@x.io\nActive: true\nDirect: regionalmanager (Regional Manager)\n" +
          "Indirect: salesteam (Sales Team), storemanager (Store Manager)\n",
      );
    });

    it("shows a user: the SPEC §10 JSON shape with its direct roles only, and a readable block", async () => {
      const [json, text] = await Promise.all([
        okJson(db, "user", "show", "acme", "pat@x.io"),
        ok(db, "user", "show", "acme", "pat@x.io"),
      ]);
      expect(json).toEqual({
        Id: "pat@x.io",
        Email: "pat@x.io",
        FirstName: "Pat",
        LastName: "Smith",
        Phone: null,
        B2CId: null,
        ExternalIds: [],
        Roles: ["regionalmanager"],
        RoleSources: { regionalmanager: "manual" },
        Active: true,
        CreatedAt: AT,
        UpdatedAt: AT,
      });
      expect(Object.keys(json as object)).toEqual([
        "Id",
        "Email",
        "FirstName",
        "LastName",
        "Phone",
        "B2CId",
        "ExternalIds",
        "Roles",
        "RoleSources",
        "Active",
        "CreatedAt",
        "UpdatedAt",
      ]);
      expect(text).toBe(
        [
          "User: pat@x.io",
          "Email: pat@x.io",
          "FirstName: Pat",
          "LastName: Smith",
          "Phone: (not set)",
          "B2CId: (not set)",
          "ExternalIds: (none)",
          "Roles: regionalmanager (by hand)",
          "Active: true",
          "",
        ].join("\n"),
      );
    });

    it("lists users: an array of the show shape, or one line per user", async () => {
      const [json, text] = await Promise.all([okJson(db, "user", "list", "acme"), ok(db, "user", "list", "acme")]);
      expect(json).toEqual([
        expect.objectContaining({ Id: "pat@x.io", FirstName: "Pat", Roles: ["regionalmanager"], Active: true }),
        expect.objectContaining({ Id: "lee@x.io", FirstName: null, Roles: [], Active: true }),
      ]);
      expect(text).toBe("pat@x.io\tPat Smith\tactive\troles: regionalmanager\nlee@x.io\t-\tactive\troles: (none)\n");
    });

    it("shows a role and lists roles, with the roles each contains", async () => {
      const [json, text, list, listText] = await Promise.all([
        okJson(db, "role", "show", "acme", "regionalmanager"),
        ok(db, "role", "show", "acme", "regionalmanager"),
        okJson(db, "role", "list", "acme"),
        ok(db, "role", "list", "acme"),
      ]);
      const regional = {
        Id: "regionalmanager",
        DisplayName: "Regional Manager",
        ExternalIds: [],
        RoleType: "Role",
        Roles: ["salesteam", "storemanager"],
        CreatedAt: AT,
        UpdatedAt: AT,
      };
      expect(json).toEqual(regional);
      expect(Object.keys(json as object)).toEqual([
        "Id",
        "DisplayName",
        "ExternalIds",
        "RoleType",
        "Roles",
        "CreatedAt",
        "UpdatedAt",
      ]);
      expect(text).toBe(
        "Role: regionalmanager\nDisplayName: Regional Manager\nRoleType: Role\nExternalIds: (none)\n" +
          "Roles: salesteam, storemanager\n",
      );
      expect(list).toHaveLength(4);
      expect(list).toContainEqual(regional);
      expect(list).toContainEqual({
        Id: "storemanager-2",
        DisplayName: "store  manager",
        ExternalIds: [],
        RoleType: "Role",
        Roles: [],
        CreatedAt: AT,
        UpdatedAt: AT,
      });
      expect(listText).toContain("regionalmanager\tRegional Manager\tcontains: salesteam, storemanager\n");
      expect(listText).toContain("salesteam\tSales Team\tcontains: (none)\n");
      expect(listText.split("\n")).toHaveLength(5);
    });

    it("unnests a role and revokes a grant (a second revoke is refused below)", async () => {
      expect(await ok(db, "role", "unnest", "acme", "regionalmanager", "storemanager")).toBe(
        "regionalmanager no longer contains storemanager\n",
      );
      expect(await okJson(db, "user", "access", "acme", "pat@x.io")).toEqual({
        Active: true,
        Direct: ["regionalmanager"],
        Indirect: ["salesteam"],
      });
      expect(await ok(db, "user", "revoke", "acme", "pat@x.io", "regionalmanager")).toBe(
        "pat@x.io: revoked regionalmanager\n",
      );
    });

    // One after another: in one process, a second SQLite connection waiting for the write lock
    // (busy_timeout) blocks the event loop, so concurrent writers would wait out the timeout.
    describe("bad input: one line on stderr, exit 1", () => {
      const inDb = (...args: string[]) => roster([...args, "--database-url", db]);

      it.each([
        [["user", "show", "initech", "pat@x.io"], /^roster: tenant "initech" does not exist\n$/],
        [["user", "access", "acme", "ghost@x.io"], /^roster: user "ghost@x.io" does not exist in tenant "acme"\n$/],
        [["user", "grant", "acme", "pat@x.io", "ghosts"], /^roster: role "ghosts" does not exist in tenant "acme"\n$/],
        [["user", "add", "acme", "not-an-email"], /^roster: "not-an-email" is not an email address\n$/],
        [
          ["user", "revoke", "acme", "pat@x.io", "regionalmanager"],
          /^roster: user "pat@x.io" does not hold role "regionalmanager" directly\n$/,
        ],
        [
          ["role", "nest", "acme", "salesteam", "regionalmanager"],
          /^roster: nesting "regionalmanager" in "salesteam" would make a cycle: "regionalmanager" already contains "salesteam"\n$/,
        ],
        [["user", "frobnicate"], /^roster: unknown command 'frobnicate'\n$/],
        [["role", "nest", "acme", "regionalmanager"], /^roster: missing required argument 'childRoleId'\n$/],
      ])("refuses %j", async (args, pattern) => {
        expectOneLineError(await inDb(...args), pattern);
      });
    });
  });

  it("lists the user and role commands in --help", async () => {
    const run = await roster(["--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^ {2}user +users, the roles they hold and their access$/m);
    expect(run.stdout).toMatch(/^ {2}role +roles and the roles they contain$/m);
  });

  it("runs the seed's nested-roles scenario on PostgreSQL", { timeout: 60_000 }, async () => {
    const database = await createPostgresDatabase();
    try {
      expect(await ok(database.url, "migrate")).toMatch(/^Applied \d+ migrations?: 001-initial/);
      await ok(database.url, "tenant", "create", "acme");
      await nestedRolesScenario(database.url);
    } finally {
      await database.drop();
    }
  });
});
