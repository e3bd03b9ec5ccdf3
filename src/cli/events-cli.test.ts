/** `roster log`, `roster events` and `roster webhook …`, run in process on every database. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpWebhookSender } from "../delivery/http-webhook-sender.ts";
import { WebhookDispatcher } from "../delivery/webhook-dispatcher.ts";
import { startReceiver } from "../delivery/webhook-receiver.ts";
import { openStore } from "../storage/open-store.ts";
import { createPostgresDatabase, DATABASE_KINDS } from "../storage/testing/test-databases.ts";
import type { CliIo } from "./cli-io.ts";
import { runCli } from "./run-cli.ts";

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function roster(
  databaseUrl: string,
  args: readonly string[],
  signal?: AbortSignal,
  onOut?: (text: string) => void,
): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    out: (text) => {
      stdout += text;
      onOut?.(stdout);
    },
    err: (text) => {
      stderr += text;
    },
    cwd: tmpdir(),
    env: { WEBHOOK_ALLOW_PRIVATE_TARGETS: "true" },
    signal,
  };
  const code = await runCli([...args, "--database-url", databaseUrl], io);
  return { code, stdout, stderr };
}

function expectOneLineError(run: Run, pattern: RegExp): void {
  expect(run.code).toBe(1);
  expect(run.stdout).toBe("");
  expect(run.stderr).toMatch(/^roster: [^\n]+\n$/);
  expect(run.stderr).toMatch(pattern);
}

describe.each(DATABASE_KINDS)("event commands on %s", (kind) => {
  const dir = mkdtempSync(join(tmpdir(), "roster-events-cli-"));
  let db = `sqlite:${join(dir, "roster.db")}`;
  let drop = async () => {};
  const ok = async (...args: string[]): Promise<string> => {
    const run = await roster(db, args);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    return run.stdout;
  };

  beforeAll(async () => {
    if (kind === "postgres") {
      const database = await createPostgresDatabase();
      db = database.url;
      drop = database.drop;
    }
    const migrate = await roster(db, ["migrate"]);
    expect(migrate.code).toBe(0);
    // SQLite: migrate creates the file and says so on stderr (PostgreSQL's database exists).
    expect(migrate.stderr).toBe(kind === "sqlite" ? `Created database file ${join(dir, "roster.db")}\n` : "");
    await ok("tenant", "create", "acme");
    await ok("user", "add", "acme", "pat@x.io");
    await ok("role", "add", "acme", "Ops");
    await ok("user", "grant", "acme", "pat@x.io", "ops");
  });
  afterAll(async () => {
    await drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("prints the events with their Ids, types and the actor cli, after an Id, as JSON lines", async () => {
    const lines = (await ok("events", "acme")).trim().split("\n");
    expect(
      lines.map((line) =>
        line
          .split("  ")
          .slice(0, 4)
          .filter((_, i) => i !== 1),
      ),
    ).toEqual([
      ["1", "user.created", "cli"],
      ["2", "role.created", "cli"],
      ["3", "membership.added", "cli"],
      ["4", "access.changed", "cli"],
    ]);
    const json = (await ok("events", "acme", "--after", "2", "--json"))
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(json.map((e) => e.Id)).toEqual(["3", "4"]);
    expect(json[0]).toMatchObject({
      Type: "membership.added",
      Tenant: "acme",
      Data: { UserId: "pat@x.io", RoleId: "ops" },
    });
    expect((await ok("events", "acme", "--type", "access.changed", "--json")).trim().split("\n")).toHaveLength(1);
    expect(await ok("events", "acme", "--after", "4")).toBe("");
  });

  it("--follow prints events as they commit until interrupted", async () => {
    const abort = new AbortController();
    const following = roster(db, ["events", "acme", "--after", "4", "--follow", "--json"], abort.signal, (out) => {
      if (out.includes("role.created")) abort.abort();
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await ok("role", "add", "acme", "Late");
    const run = await following;
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout.trim())).toMatchObject({ Id: "5", Type: "role.created" });
  });

  it("refuses a bad --after or --type with one line", async () => {
    expectOneLineError(await roster(db, ["events", "acme", "--after", "x"]), /--after must be an event Id/);
    expectOneLineError(await roster(db, ["events", "acme", "--type", "nope"]), /unknown event type "nope"/);
    expectOneLineError(await roster(db, ["events", "nope"]), /tenant "nope" does not exist/);
  });

  it("prints the provisioning log, --since, --json, and --follow", async () => {
    const store = await openStore(db);
    const at = new Date(Date.now() - 3_600_000 * 3).toISOString();
    const entry = (id: string, when: string, outcome: "created" | "read") => ({
      id,
      at: when,
      provider: "Okta",
      method: outcome === "read" ? "GET" : "POST",
      path: "/Users",
      status: outcome === "read" ? 200 : 201,
      scimType: null,
      resourceType: "User",
      resourceId: outcome === "read" ? null : "pat@x.io",
      outcome,
      changes: outcome === "read" ? [] : ["userName"],
      durationMs: 3,
      requestId: "req-1",
    });
    await store.provisioningLog.insert("acme", [
      entry("a1", at, "created"),
      entry("a2", new Date().toISOString(), "read"),
    ]);
    const all = (await ok("log", "acme")).trim().split("\n");
    expect(all).toHaveLength(2);
    expect(all[0]).toMatch(/ {2}Okta {2}POST \/Users {2}201 {2}created \[userName\] {2}3 ms$/);
    expect((await ok("log", "acme", "--since", "1h")).trim().split("\n")).toHaveLength(1);
    expect(JSON.parse((await ok("log", "acme", "--since", "1h", "--json")).trim())).toMatchObject({ Outcome: "read" });
    expectOneLineError(await roster(db, ["log", "acme", "--since", "soon"]), /--since must be an ISO date-time/);
    const abort = new AbortController();
    const following = roster(db, ["log", "acme", "--since", "1m", "--follow"], abort.signal, (out) => {
      if (out.includes("a3-later")) abort.abort();
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await store.provisioningLog.insert("acme", [
      { ...entry("a3", new Date().toISOString(), "read"), requestId: "r", path: "/Users/a3-later" },
    ]);
    const run = await following;
    expect(run.stdout).toContain("/Users/a3-later");
    await store.close();
  });

  it("adds a webhook (secret once), lists, tests, shows deliveries, retries, disables and removes it", async () => {
    const receiver = await startReceiver();
    const added = (await ok("webhook", "add", "acme", receiver.url, "--events", "role.created")).split("\n");
    expect(added[0]).toMatch(/^Webhook Id: wh_[A-Za-z0-9_-]+$/);
    expect(added[1]).toMatch(/^Signing Secret: whsec_/);
    const id = added[0]!.slice("Webhook Id: ".length);
    receiver.secret = added[1]!.slice("Signing Secret: ".length);
    const listed = await ok("webhook", "list", "acme");
    expect(listed).toContain(`${id}  ${receiver.url}  role.created`);
    expect(listed).not.toContain("whsec_");
    expect(await ok("webhook", "test", "acme", id)).toMatch(
      /^test_[0-9a-f-]+ {2}webhook\.test {2}delivered {2}1 attempt\(s\)\n {2}\S+ {2}204 {2}\d+ ms\n$/,
    );
    expect(receiver.accepted()).toHaveLength(1);
    await ok("role", "add", "acme", "Hooked");
    const store = await openStore(db);
    await new WebhookDispatcher(store, httpWebhookSender({ allowPrivateTargets: true })).runOnce();
    await store.close();
    expect(receiver.accepted().at(-1)).toMatchObject({ Type: "role.created", Data: { Role: { Id: "hooked" } } });
    const deliveries = JSON.parse(await ok("webhook", "deliveries", "acme", id, "--json")) as {
      Id: string;
      State: string;
    }[];
    expect(deliveries[0]).toMatchObject({ EventType: "role.created", State: "delivered" });
    const eventDelivery = deliveries[0]!.Id;
    expect(await ok("webhook", "retry", "acme", id, eventDelivery)).toMatch(/delivered {2}2 attempt\(s\)/);
    expect(await ok("webhook", "disable", "acme", id)).toMatch(/disabled$/m);
    expect(await ok("webhook", "enable", "acme", id)).toMatch(/enabled$/m);
    expect(await ok("webhook", "remove", "acme", id)).toBe(`Removed webhook ${id}\n`);
    expect(await ok("webhook", "list", "acme")).toBe("(no webhooks)\n");
    expectOneLineError(await roster(db, ["webhook", "remove", "acme", id]), /does not exist/);
    expectOneLineError(await roster(db, ["webhook", "add", "acme", "ftp://x.example/"]), /http:\/\/ or https:\/\//);
    expectOneLineError(
      await roster(db, ["webhook", "add", "acme", receiver.url, "--events", "bogus"]),
      /unknown event type/,
    );
    await receiver.close();
  });
});
