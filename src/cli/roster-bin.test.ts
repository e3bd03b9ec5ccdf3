/**
 * Smoke tests of the built command (`node bin/roster.js`, running dist/cli/main.js with plain node).
 * test/setup/build-dist.ts builds dist/ before the run, so these never skip; the commands
 * themselves are tested in-process (cli.test.ts and the others).
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createPostgresDatabase } from "../storage/testing/test-databases.ts";
import { expectOneLineError, runRoster } from "./cli-test-kit.ts";

const root = new URL("../../", import.meta.url);
const dir = mkdtempSync(join(tmpdir(), "roster-bin-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const version = (JSON.parse(readFileSync(new URL("package.json", root), "utf8")) as { version: string }).version;

describe.concurrent("node bin/roster.js", () => {
  it("prints the package version", async () => {
    expect(await runRoster(dir, ["--version"])).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" });
  });

  it("generates a token without loading TypeScript or any database driver", async () => {
    // A resolve hook that reports every module the command imports.
    const hook = join(dir, "report-imports.mjs");
    writeFileSync(
      hook,
      `import { register } from "node:module";
register("data:text/javascript," + encodeURIComponent(\`
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  process.stderr.write("import " + result.url + "\\\\n");
  return result;
}\`));
`,
    );
    const run = await runRoster(dir, ["token", "generate"], { NODE_OPTIONS: `--import=${hook}` });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Bearer Token: \S+\nSHA-512 Hash: [0-9A-F]{128}\n$/);
    const imported = run.stderr.split("\n").filter((line) => line.startsWith("import "));
    expect(imported.some((line) => line.includes("/dist/cli/main.js"))).toBe(true);
    const heavy = /\.ts$|\/tsx\/|kysely|better-sqlite3|\/pg\/|\/storage\/(?!database-url\.js)/;
    expect(imported.filter((line) => heavy.test(line))).toEqual([]);
  });

  it("creates a tenant in a new SQLite file, says so, and lists it", async () => {
    const url = `sqlite:${join(dir, "smoke.db")}`;
    const created = await runRoster(dir, ["tenant", "create", "acme", "--database-url", url]);
    expect(created.code).toBe(0);
    expect(created.stderr).toBe(`Created database file ${join(dir, "smoke.db")}\n`);
    const list = await runRoster(dir, ["tenant", "list"], { DATABASE_URL: url });
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^acme\t/);
  });

  it("migrates a PostgreSQL database", async () => {
    const database = await createPostgresDatabase();
    try {
      const run = await runRoster(dir, ["migrate", "--database-url", database.url]);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^Applied \d+ migrations?: 001-initial/);
    } finally {
      await database.drop();
    }
  });

  it("fails with one line and exit 1", async () => {
    expectOneLineError(await runRoster(dir, ["tenat"]), /^roster: unknown command 'tenat'/);
  });

  it("without dist/, tells to build and exits 1", async () => {
    const checkout = join(dir, "unbuilt");
    mkdirSync(join(checkout, "bin"), { recursive: true });
    copyFileSync(new URL("bin/roster.js", root), join(checkout, "bin", "roster.js"));
    const run = await runRoster(dir, ["token", "generate"], {}, join(checkout, "bin", "roster.js"));
    expect(run).toEqual({
      code: 1,
      stdout: "",
      stderr: "roster: dist/cli/main.js is missing: run `npm install` or `npm run build` first\n",
    });
  });
});
