import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectOneLineError, type Run, runCliInProcess } from "./cli-test-kit.ts";

const dir = mkdtempSync(join(tmpdir(), "roster-cli-"));
let counter = 0;

/** Runs `roster` in-process in `dir`. */
function roster(args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<Run> {
  return runCliInProcess(args, env, dir);
}

function freshDatabase(): string {
  counter += 1;
  return `sqlite:${join(dir, `roster-${counter}.db`)}`;
}

const sha512 = (text: string) => createHash("sha512").update(text, "utf8").digest("hex").toUpperCase();

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.concurrent("roster token generate", () => {
  it("prints a 32-byte base64 token and its upper-case SHA-512 hash on exactly two lines", async () => {
    const run = await roster(["token", "generate"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    const match = /^Bearer Token: ([A-Za-z0-9+/]{43}=)\nSHA-512 Hash: ([0-9A-F]{128})\n$/.exec(run.stdout);
    expect(match).not.toBeNull();
    expect(match?.[2]).toBe(sha512(match?.[1] ?? ""));
  });

  it("takes --bytes and prints JSON with --json", async () => {
    const run = await roster(["token", "generate", "--bytes", "64", "--json"]);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as { BearerToken: string; Sha512Hash: string };
    expect(Buffer.from(json.BearerToken, "base64")).toHaveLength(64);
    expect(json.Sha512Hash).toBe(sha512(json.BearerToken));
  });

  it.each(["15", "1025", "abc", "1.5"])("refuses --bytes %j", async (bytes) => {
    expectOneLineError(
      await roster(["token", "generate", "--bytes", bytes]),
      /--bytes must be an integer from 16 to 1024/,
    );
  });
});

describe.concurrent("roster usage errors", () => {
  it("refuses an unknown command with a suggestion", async () => {
    expectOneLineError(await roster(["tenat"]), /unknown command 'tenat'.*tenant/);
  });

  it("refuses an unknown option", async () => {
    expectOneLineError(await roster(["token", "generate", "--nope"]), /unknown option '--nope'/);
  });

  it("refuses a missing argument", async () => {
    expectOneLineError(
      await roster(["tenant", "show", "--database-url", freshDatabase()]),
      /missing required argument/,
    );
  });

  it("refuses a missing command", async () => {
    expectOneLineError(await roster(["tenant"]), /a command is required/);
  });

  it("refuses a database URL it cannot use", async () => {
    expectOneLineError(await roster(["tenant", "list", "--database-url", "mysql://db"]), /DATABASE_URL must be/);
  });

  it("prints help on stdout and exits 0", async () => {
    const run = await roster(["--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Usage: roster");
    expect(run.stdout).toContain("tenant");
  });
});

describe("roster tenant", () => {
  const db = freshDatabase();
  const hash = sha512("the-token");
  const inDb = (...args: string[]) => roster([...args, "--database-url", db]);

  beforeAll(async () => {
    expect((await inDb("tenant", "create", "acme")).code).toBe(0);
  });

  it("creates a tenant and says what to do next", async () => {
    const run = await inDb("tenant", "create", "globex");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Created tenant globex\nNext: .*roster tenant set globex HashedScimProvisioningToken/);
  });

  it("refuses a tenant that exists", async () => {
    expectOneLineError(await inDb("tenant", "create", "acme"), /^roster: tenant "acme" already exists\n$/);
  });

  it("refuses a malformed tenant id", async () => {
    expectOneLineError(await inDb("tenant", "create", "acme corp"), /invalid tenant id "acme corp"/);
  });

  it("refuses an unknown tenant", async () => {
    expectOneLineError(await inDb("tenant", "show", "initech"), /^roster: tenant "initech" does not exist\n$/);
    expectOneLineError(await inDb("tenant", "set", "initech", "ScimEnabled", "true"), /does not exist/);
  });

  it("stores a token hash given in lower case as upper case, and shows it", async () => {
    const set = await inDb("tenant", "set", "acme", "HashedScimProvisioningToken", hash.toLowerCase());
    expect(set).toEqual({ code: 0, stdout: `acme: HashedScimProvisioningToken = ${hash}\n`, stderr: "" });
    const show = await inDb("tenant", "show", "acme", "--json");
    expect(JSON.parse(show.stdout)).toMatchObject({
      Id: "acme",
      Settings: { HashedScimProvisioningToken: hash, ScimEnabled: "true", DeactivateAction: "disable" },
    });
  });

  it("sets ScimEnabled and DeactivateAction, in any case", async () => {
    expect((await inDb("tenant", "set", "acme", "scimenabled", "FALSE")).stdout).toBe("acme: ScimEnabled = false\n");
    expect((await inDb("tenant", "set", "acme", "DeactivateAction", "Delete")).stdout).toBe(
      "acme: DeactivateAction = delete\n",
    );
    const show = await inDb("tenant", "show", "acme");
    expect(show.stdout).toContain("ScimEnabled: false\n");
    expect(show.stdout).toContain("DeactivateAction: delete\n");
    expect((await inDb("tenant", "unset", "acme", "ScimEnabled")).stdout).toBe(
      "acme: ScimEnabled unset (default true)\n",
    );
  });

  it.each([
    [["HashedScimProvisioningToken", "abc123"], /must be a SHA-512 hash of 128 hexadecimal digits/],
    [["HashedScimProvisioningToken", "Z".repeat(128)], /not a hexadecimal digit/],
    [["ScimEnabled", "yes"], /ScimEnabled must be true or false/],
    [["DeactivateAction", "purge"], /DeactivateAction must be disable or delete/],
    [["Colour", "blue"], /unknown tenant setting "Colour"; known settings: HashedScimProvisioningToken/],
  ])("refuses %j", async (setting, pattern) => {
    expectOneLineError(await inDb("tenant", "set", "acme", ...setting), pattern);
  });

  it("lists tenants, as text and as JSON", async () => {
    const text = await inDb("tenant", "list");
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^acme\t/m);
    const json = JSON.parse((await inDb("tenant", "list", "--json")).stdout) as { Id: string }[];
    expect(json.map((t) => t.Id)).toContain("acme");
  });

  it("reads DATABASE_URL when --database-url is absent", async () => {
    const run = await roster(["tenant", "show", "acme", "--json"], { DATABASE_URL: db });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ Id: "acme" });
  });
});
