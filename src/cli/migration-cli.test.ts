/** `roster export`, `import` and `audit`, run in process on an SQLite file and on PostgreSQL. */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IdentityService } from "../domain/identity-service.ts";
import { ScimService } from "../domain/scim-service.ts";
import { context, scimGroup, scimUser } from "../domain/scim-test-kit.ts";
import { openStore } from "../storage/open-store.ts";
import { createPostgresDatabase, DATABASE_KINDS } from "../storage/testing/test-databases.ts";
import type { CliIo, TerminalStream } from "./cli-io.ts";
import { runCli } from "./run-cli.ts";

/** What one in-process run printed, drew on the terminal, and its exit code. */
interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly terminal: string;
}

/** A terminal that records what is drawn on it (a forced TTY). */
function fakeTerminal(): { stream: TerminalStream; drawn: () => string } {
  let drawn = "";
  const stream = Object.assign(
    new Writable({
      write(chunk, _encoding, callback) {
        drawn += String(chunk);
        callback();
      },
    }),
    { isTTY: true, columns: 120 },
  );
  return { stream, drawn: () => drawn };
}

async function roster(
  databaseUrl: string,
  args: readonly string[],
  options: { readonly tty?: boolean; readonly stdout?: CliIo["stdout"] } = {},
): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const terminal = fakeTerminal();
  const io: CliIo = {
    out: (text) => {
      stdout += text;
    },
    err: (text) => {
      stderr += text;
    },
    env: {},
    cwd: tmpdir(),
    ...(options.tty ? { terminal: terminal.stream } : {}),
    ...(options.stdout ? { stdout: options.stdout } : {}),
  };
  const code = await runCli([...args, "--database-url", databaseUrl], io);
  return { code, stdout, stderr, terminal: terminal.drawn() };
}

function expectOneLineError(run: Run, pattern: RegExp): void {
  expect(run.code).toBe(1);
  expect(run.stdout).toBe("");
  expect(run.stderr).toMatch(/^roster: [^\n]+\n$/);
  expect(run.stderr).toMatch(pattern);
}

/** Without ExportedAt and Tenant in the header line. */
function comparable(document: string): string[] {
  const [header, ...lines] = document.split("\n");
  return [JSON.stringify({ ...JSON.parse(header ?? "{}"), ExportedAt: "-", Tenant: "-" }), ...lines];
}

describe.each(DATABASE_KINDS)("migration commands on %s", (kind) => {
  const dir = mkdtempSync(join(tmpdir(), "roster-migration-cli-"));
  let db = `sqlite:${join(dir, "roster.db")}`;
  let drop = async () => {};
  const file = (name: string) => join(dir, name);

  const ok = async (args: readonly string[], options?: Parameters<typeof roster>[2]) => {
    const run = await roster(db, args, options);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    return run;
  };

  beforeAll(async () => {
    if (kind === "postgres") {
      const database = await createPostgresDatabase();
      db = database.url;
      drop = database.drop;
    }
    expect((await roster(db, ["migrate"])).code).toBe(0);
    const store = await openStore(db);
    try {
      const identity = new IdentityService(store);
      const scim = new ScimService(store);
      for (const tenant of ["acme", "copy", "empty"]) await store.tenants.create(tenant, new Date().toISOString());
      for (const name of ["Regional Manager", "Store Manager", "Store Managers"]) await identity.addRole("acme", name);
      await identity.nest("acme", "regionalmanager", "storemanager");
      await identity.addUser("acme", "pat@acme.example", { firstName: "Pat", phone: "=1+1" });
      await identity.grant("acme", "pat@acme.example", "storemanagers");
      for (let i = 0; i < 40; i++) {
        await scim.createUser(
          context("acme", i % 2 ? "Okta" : "EntraID"),
          scimUser(`u${i}@corp`, `u${i}@acme.example`),
        );
      }
      await scim.createGroup(
        context("acme", "EntraID"),
        scimGroup("Store Manager", { externalId: "g-1", members: [{ value: "u0@acme.example" }] }),
        { includeMembers: false },
      );
    } finally {
      await store.close();
    }
  }, 60_000);
  afterAll(async () => {
    await drop();
    rmSync(dir, { recursive: true, force: true });
  });

  describe("export", () => {
    it("writes the backup to --out, printing one line, and leaves no partial file", async () => {
      const run = await ok(["export", "acme", "--out", file("acme.ndjson")]);
      expect(run.stdout).toBe(`Exported tenant acme: 3 roles, 41 users to ${file("acme.ndjson")}\n`);
      expect(run.terminal).toBe("");
      const lines = readFileSync(file("acme.ndjson"), "utf8").trimEnd().split("\n");
      expect(lines).toHaveLength(45);
      expect(JSON.parse(lines[0]!)).toMatchObject({ Format: "roster-export", Counts: { Users: 41, Roles: 3 } });
      expect(readdirSync(dir).filter((name) => name.includes("partial"))).toEqual([]);
    });

    it("writes to stdout without --out, nothing but the document, waiting for a slow reader", async () => {
      let received = "";
      const slow = new Writable({
        highWaterMark: 64,
        write(chunk, _encoding, callback) {
          received += String(chunk);
          setTimeout(callback, 1);
        },
      });
      const run = await ok(["export", "acme"], { stdout: slow, tty: true });
      expect(run.stdout).toBe("");
      expect(comparable(received)).toEqual(comparable(readFileSync(file("acme.ndjson"), "utf8")));
      const csv = await ok(["export", "acme", "--format", "csv"]);
      expect(csv.stdout.split("\r\n")[1]).toBe("pat@acme.example,pat@acme.example,Pat,,'=1+1,true,storemanagers");
    });

    it("refuses an unknown tenant, an unknown format and an unwritable file with one line", async () => {
      expectOneLineError(await roster(db, ["export", "nobody"]), /tenant "nobody" does not exist/);
      expectOneLineError(await roster(db, ["export", "acme", "--format", "xml"]), /argument 'xml' is invalid/);
      expectOneLineError(
        await roster(db, ["export", "acme", "--out", join(dir, "no", "such", "dir.ndjson")]),
        /ENOENT/,
      );
    });
  });

  describe("import", () => {
    it("restores the backup into an empty tenant; its export is the same document", async () => {
      const run = await ok(["import", "copy", "--in", file("acme.ndjson")]);
      expect(run.stdout.split("\n")[0]).toMatch(/^Imported into copy \(from tenant acme, exported .+\):$/);
      expect(run.stdout).toContain(
        "  users: 41 created (pat@acme.example, u0@acme.example, u1@acme.example, u2@acme.example, u3@acme.example, …), 0 changed, 0 unchanged\n",
      );
      await ok(["export", "copy", "--out", file("copy.ndjson")]);
      expect(comparable(readFileSync(file("copy.ndjson"), "utf8"))).toEqual(
        comparable(readFileSync(file("acme.ndjson"), "utf8")),
      );
    });

    it("dry-runs with --dry-run, and prints the report as JSON with --json", async () => {
      const run = await ok(["import", "empty", "--in", file("acme.ndjson"), "--dry-run"]);
      expect(run.stdout).toMatch(
        /^Dry run, nothing written: importing into empty \(from tenant acme, exported .+\) would\n/,
      );
      expect(run.stdout).toContain(
        "  roles: 3 to create (regionalmanager, storemanager, storemanagers), 0 to change, 0 to leave alone\n",
      );
      const json = await ok(["import", "copy", "--in", file("acme.ndjson"), "--merge", "--dry-run", "--json"]);
      expect(JSON.parse(json.stdout)).toMatchObject({ DryRun: true, Merge: true, Users: { Unchanged: { Count: 41 } } });
      const exported = await ok(["export", "empty"]);
      expect(JSON.parse(exported.stdout.split("\n")[0]!).Counts).toEqual({ Users: 0, Roles: 0 });
    });

    it("refuses a bad file with its line, a tenant that is not empty, and a missing file, each in one line", async () => {
      const lines = readFileSync(file("acme.ndjson"), "utf8").split("\n");
      lines[6] = lines[6]!.replace('"Email":"u1@acme.example"', '"Email":"u1@acme.example","Nickname":"x"');
      writeFileSync(file("bad.ndjson"), lines.join("\n"));
      expectOneLineError(
        await roster(db, ["import", "empty", "--in", file("bad.ndjson")]),
        /^roster: line 7: unknown field "Nickname"\n$/,
      );
      expectOneLineError(
        await roster(db, ["import", "copy", "--in", file("acme.ndjson")]),
        /tenant "copy" is not empty/,
      );
      expectOneLineError(
        await roster(db, ["import", "copy", "--in", file("none.ndjson")]),
        /--in .*none\.ndjson: no such file/,
      );
      expectOneLineError(await roster(db, ["import", "copy"]), /required option '--in <file>'/);
    });
  });

  describe("progress", () => {
    it("draws a bar with the count, the rate and the time left on a terminal", async () => {
      const exported = await ok(["export", "acme", "--out", file("tty.ndjson")], { tty: true });
      expect(exported.terminal).toMatch(/Exporting \[[=-]+\] 100% \| 44 of 44 \| [\d,]+\/s \| \d+s left/);
      expect(exported.stdout).toBe(`Exported tenant acme: 3 roles, 41 users to ${file("tty.ndjson")}\n`);
      const imported = await ok(["import", "empty", "--in", file("tty.ndjson"), "--dry-run"], { tty: true });
      expect(imported.terminal).toMatch(/Checking +\[[=-]+\] 100% \| 44 of 44/);
      expect(imported.terminal).toMatch(/Importing \[[=-]+\] 100% \| 44 of 44/);
    });

    it("draws nothing with --quiet, and nothing without a terminal", async () => {
      const quiet = await ok(["export", "acme", "--out", file("quiet.ndjson"), "--quiet"], { tty: true });
      expect(quiet.terminal).toBe("");
      const piped = await ok(["import", "empty", "--in", file("quiet.ndjson"), "--dry-run"]);
      expect(piped.terminal).toBe("");
      expect(piped.stdout.split("\n")).toHaveLength(4);
    });
  });

  describe("audit", () => {
    it("prints the report, as JSON with --json", async () => {
      const text = await ok(["audit", "acme"]);
      expect(text.stdout).toContain("Audit of tenant acme (ManualRoles replace:");
      expect(text.stdout).toContain(
        "Roles granted by hand that SCIM will drop (1):\n  pat@acme.example: storemanagers (not provisioned yet: after its first sync)\n",
      );
      expect(text.stdout).toContain(
        'Hand-made roles no SCIM group adopted (2):\n  regionalmanager "Regional Manager"\n  storemanagers "Store Managers": nearly matches storemanager\n',
      );
      const json = JSON.parse((await ok(["audit", "acme", "--json", "--limit", "1"])).stdout);
      expect(json).toMatchObject({
        Tenant: "acme",
        ManualRoles: "replace",
        UnlinkedUsers: ["pat@acme.example"],
        Counts: { ManualRolesToDrop: 1, UnadoptedRoles: 2, UnlinkedUsers: 1, MultiProvider: 0 },
        Limit: 1,
      });
      expect(json.UnadoptedRoles).toHaveLength(1);
    });

    it("exits 3 with --fail-on-findings when the report is not empty, 0 when it is", async () => {
      const failing = await roster(db, ["audit", "acme", "--fail-on-findings"]);
      expect(failing.code).toBe(3);
      expect(failing.stderr).toBe("");
      expect(failing.stdout).toContain("Audit of tenant acme");
      expect((await ok(["audit", "empty", "--fail-on-findings"])).stdout).toContain(
        "Users no identity provider has linked: none",
      );
      expectOneLineError(
        await roster(db, ["audit", "acme", "--limit", "0"]),
        /limit must be a whole number from 1 to 100000/,
      );
      expectOneLineError(await roster(db, ["audit", "nobody"]), /tenant "nobody" does not exist/);
    });
  });
});
