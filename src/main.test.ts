import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "roster-main-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function start(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: "silent", PORT: "0", HOST: "127.0.0.1", DATABASE_URL: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

function collect(child: ChildProcess): { out: () => string; err: () => string; exit: Promise<number | null> } {
  let out = "";
  let err = "";
  child.stdout?.on("data", (chunk) => {
    out += String(chunk);
  });
  child.stderr?.on("data", (chunk) => {
    err += String(chunk);
  });
  const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { out: () => out, err: () => err, exit };
}

async function waitFor(condition: () => boolean, ms = 15000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The JSON log lines a process wrote; fails on any line that is not JSON. */
function logLines(out: string): Record<string, unknown>[] {
  return out
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe("npm start (src/main.ts)", () => {
  it("on an empty database logs how to create a tenant and a token, serves, and stops on SIGTERM", async () => {
    const child = start({ DATABASE_URL: `sqlite:${join(dir, "sub", "roster.db")}`, LOG_LEVEL: "info" });
    const io = collect(child);
    await waitFor(() => io.out().includes("HashedScimProvisioningToken"));
    const lines = logLines(io.out());
    const listening = lines.find((line) => line["msg"] === "Roster is listening");
    const origin = String(listening?.["url"]);
    expect(origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const help = String(lines.find((line) => line["firstRun"] === true)?.["msg"]);
    expect(help).toContain("npx roster tenant create <tenantId>");
    expect(help).toContain("npx roster token generate");
    expect(help).toContain(`${origin}/scim/v2/<tenantId>/<provider>`);
    const health = await fetch(`${origin}/healthz`);
    expect(health.status).toBe(200);
    child.kill("SIGTERM");
    expect(await io.exit).toBe(0);
    expect(() => logLines(io.out())).not.toThrow();
  });

  it("writes readable lines with LOG_FORMAT=pretty", async () => {
    const child = start({
      DATABASE_URL: `sqlite:${join(dir, "pretty", "roster.db")}`,
      LOG_LEVEL: "info",
      LOG_FORMAT: "pretty",
    });
    const io = collect(child);
    await waitFor(() => io.out().includes("HashedScimProvisioningToken"));
    expect(io.out()).toMatch(/INFO {2}Roster is listening url=http:\/\/127\.0\.0\.1:\d+\n/);
    expect(io.out()).toContain("\n  npx roster tenant create <tenantId>\n");
    child.kill("SIGTERM");
    expect(await io.exit).toBe(0);
  });

  it("refuses an invalid setting with one line on stderr and exit 1", async () => {
    const io = collect(start({ PORT: "eighty" }));
    expect(await io.exit).toBe(1);
    expect(io.err()).toMatch(/^roster: PORT must be an integer from 0 to 65535, got "eighty"\n$/);
  });
});
