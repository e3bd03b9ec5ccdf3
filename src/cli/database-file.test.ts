import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { expectOneLineError, runCliInProcess } from "./cli-test-kit.ts";

const root = mkdtempSync(join(tmpdir(), "roster-database-file-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let dirs = 0;
/** A new empty directory to run a command in. */
function emptyDirectory(): string {
  dirs += 1;
  const dir = join(root, `cwd-${dirs}`);
  mkdirSync(dir);
  return dir;
}

/** The commands that need an existing database: every one but `migrate` and `tenant create`. */
const READERS: readonly (readonly string[])[] = [
  ["tenant", "list"],
  ["tenant", "show", "acme"],
  ["tenant", "set", "acme", "ScimEnabled", "false"],
  ["tenant", "unset", "acme", "ScimEnabled"],
  ["user", "list", "acme"],
  ["user", "add", "acme", "pat@x.io"],
  ["role", "list", "acme"],
  ["role", "add", "acme", "Sales"],
];

describe("a database file that does not exist", () => {
  describe.each(READERS)("roster %s …", (...command) => {
    it("refuses a mistyped --database-url, naming the file, and creates no file or directory", async () => {
      const missing = join(root, "no", "such", "dir", "x.db");
      const run = await runCliInProcess([...command, "--database-url", `sqlite:${missing}`]);
      expectOneLineError(run, /^roster: database file \S+ does not exist/);
      expect(run.stderr).toContain(`database file ${missing} does not exist`);
      expect(existsSync(join(root, "no"))).toBe(false);
    });

    it("refuses the default ./data/roster.db of another directory, and creates nothing there", async () => {
      const cwd = emptyDirectory();
      const run = await runCliInProcess([...command], {}, cwd);
      expectOneLineError(run, /does not exist/);
      expect(run.stderr).toContain(`database file ${join(cwd, "data", "roster.db")} does not exist`);
      expect(readdirSync(cwd)).toEqual([]);
    });
  });

  it("refuses a missing file given by a relative DATABASE_URL, resolved against the working directory", async () => {
    const cwd = emptyDirectory();
    const run = await runCliInProcess(["tenant", "list"], { DATABASE_URL: "sqlite:roster.db" }, cwd);
    expectOneLineError(run, /does not exist/);
    expect(run.stderr).toContain(`database file ${join(cwd, "roster.db")} does not exist`);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it("tenant create creates the default ./data/roster.db, says so, and later commands use it", async () => {
    const cwd = emptyDirectory();
    const created = await runCliInProcess(["tenant", "create", "acme"], {}, cwd);
    const file = join(cwd, "data", "roster.db");
    expect(created.code).toBe(0);
    expect(created.stderr).toBe(`Created database file ${file}\n`);
    expect(created.stdout).toMatch(/^Created tenant acme\n/);
    expect(existsSync(file)).toBe(true);
    const list = await runCliInProcess(["tenant", "list"], {}, cwd);
    expect(list.code).toBe(0);
    expect(list.stderr).toBe("");
    expect(list.stdout).toMatch(/^acme\t/);
    const again = await runCliInProcess(["tenant", "create", "globex"], {}, cwd);
    expect(again.stderr).toBe("");
  });

  it("tenant create creates a named file in a directory that exists, and keeps --json output pure", async () => {
    const cwd = emptyDirectory();
    const file = join(cwd, "tenants.db");
    const run = await runCliInProcess(["tenant", "create", "acme", "--json", "--database-url", `sqlite:${file}`]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(`Created database file ${file}\n`);
    expect(JSON.parse(run.stdout)).toMatchObject({ Id: "acme" });
  });

  it("tenant create refuses a file in a directory that does not exist, creating nothing", async () => {
    const missing = join(root, "typo", "dir");
    const run = await runCliInProcess(["tenant", "create", "acme", "--database-url", `sqlite:${missing}/x.db`]);
    expectOneLineError(run, /^roster: cannot create database file \S+: directory \S+ does not exist\n$/);
    expect(existsSync(join(root, "typo"))).toBe(false);
  });

  it("tenant create with an invalid id creates no database file", async () => {
    const cwd = emptyDirectory();
    const run = await runCliInProcess(["tenant", "create", "acme corp"], {}, cwd);
    expectOneLineError(run, /invalid tenant id "acme corp"/);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it("an in-memory database needs no file", async () => {
    const run = await runCliInProcess(["tenant", "list", "--database-url", "sqlite::memory:"]);
    expect(run).toEqual({ code: 0, stdout: "No tenants yet: `roster tenant create <tenantId>`\n", stderr: "" });
  });
});
