/**
 * The server as operators start it: `npm start` (which runs the compiled dist/main.js with plain
 * node) and `node dist/main.js`, in real processes. test/setup/build-dist.ts builds dist/ first.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { runCliInProcess } from "./cli/cli-test-kit.ts";
import { hashToken } from "./domain/token.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "roster-main-"));
const children: ChildProcess[] = [];
afterAll(() => {
  // Each child leads its own process group: a test that failed half-way leaves no server behind.
  for (const child of children) {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // already gone
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

// Info: the server says it listens (and what to do next) in log lines.
const QUIET = { LOG_LEVEL: "info", PORT: "0", HOST: "127.0.0.1", DATABASE_URL: "" };

/** Starts `command` in the checkout with the given environment (over the test process's own). */
function launch(command: readonly string[], env: Record<string, string>): ChildProcess {
  const [file, ...args] = command;
  const child = spawn(file!, args, {
    cwd: root,
    env: { ...process.env, ...QUIET, ...env },
    stdio: "pipe",
    detached: true,
  });
  children.push(child);
  return child;
}

interface Watched {
  out: () => string;
  err: () => string;
  exit: Promise<number | null>;
}

function watch(child: ChildProcess): Watched {
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

async function waitFor(condition: () => boolean | Promise<boolean>, what: string, ms = 30000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
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

/** The log line with message `msg` (and `route`, when given), once the process wrote it. */
function logLine(io: Watched, msg: string, route?: string): Record<string, unknown> | undefined {
  // Only whole JSON lines: the last one may still be arriving, and npm prints its own banner.
  const out = io.out();
  const whole = out.slice(0, out.lastIndexOf("\n") + 1);
  const json = whole.split("\n").filter((line) => line.startsWith("{"));
  return logLines(json.join("\n")).find(
    (line) => line["msg"] === msg && (route === undefined || line["route"] === route),
  );
}

/** The origin the server logged once it listens. */
async function listening(io: Watched): Promise<URL> {
  await waitFor(() => logLine(io, "Roster is listening") !== undefined, `the server to listen\n${io.err()}`);
  return new URL(String(logLine(io, "Roster is listening")?.["url"]));
}

/** Whether a new TCP connection to `origin` is refused. */
function refused(origin: URL): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(Number(origin.port), origin.hostname);
    socket.on("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.on("error", (error: NodeJS.ErrnoException) => resolve(error.code === "ECONNREFUSED"));
  });
}

/**
 * The pid of the node process serving: `child` itself, or with npm start the one child of npm
 * (the start script `exec`s node, so no shell stands between npm and node to swallow signals).
 */
function serverPid(child: ChildProcess): number {
  const pid = child.pid!;
  if (commandLine(pid).endsWith("dist/main.js")) return pid;
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/);
  expect(children).toHaveLength(1);
  return Number(children[0]);
}

function commandLine(pid: number): string {
  return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
}

/** Whether process `pid` is still alive. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * A `POST /Users` whose body arrives in two parts: the headers and half the body now, the rest
 * when `finish()` is called; `response` is everything the server answered.
 */
function slowCreate(origin: URL, tenant: string, token: string): { finish(): void; response: Promise<string> } {
  const body = JSON.stringify({ schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "slow@x.io" });
  const socket: Socket = connect(Number(origin.port), origin.hostname);
  let answer = "";
  const response = new Promise<string>((resolve, reject) => {
    socket.on("data", (chunk) => {
      answer += String(chunk);
    });
    socket.on("end", () => resolve(answer));
    socket.on("error", reject);
  });
  const half = Math.floor(body.length / 2);
  socket.write(
    `POST /scim/v2/${tenant}/Okta/Users HTTP/1.1\r\nHost: ${origin.host}\r\nAuthorization: Bearer ${token}\r\n` +
      `Content-Type: application/scim+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, half)}`,
  );
  return { finish: () => socket.write(body.slice(half)), response };
}

let databases = 0;
/** A fresh SQLite file with a tenant `acme` whose token is `token`. */
async function databaseWithTenant(token: string): Promise<string> {
  databases += 1;
  const url = `sqlite:${join(dir, `main-${databases}.db`)}`;
  expect((await runCliInProcess(["tenant", "create", "acme", "--database-url", url])).code).toBe(0);
  const set = ["tenant", "set", "acme", "HashedScimProvisioningToken", hashToken(token), "--database-url", url];
  expect((await runCliInProcess(set)).code).toBe(0);
  return url;
}

describe.each([
  { how: "npm start, SIGTERM to the npm process", command: ["npm", "start"], signalled: "npm" },
  { how: "node dist/main.js, SIGTERM to node", command: [process.execPath, "dist/main.js"], signalled: "node" },
])("$how", ({ command }) => {
  it("finishes the request in flight, refuses new connections, and exits 0", { timeout: 60_000 }, async () => {
    const token = "c2h1dGRvd24tdGVzdC10b2tlbi0wMTIzNDU2Nzg5";
    const child = launch(command, { DATABASE_URL: await databaseWithTenant(token), LOG_LEVEL: "debug" });
    const io = watch(child);
    const origin = await listening(io);
    const nodePid = serverPid(child);
    expect(commandLine(nodePid)).toMatch(/^(\S*\/)?node dist\/main\.js$/);

    const request = slowCreate(origin, "acme", token);
    // The request's first log line (at debug) says the server has read its headers.
    await waitFor(
      () => String(logLine(io, "request received", "/scim/v2/:tenantId/:provider/Users")?.["method"]) === "POST",
      "the request to reach the server",
    );
    child.kill("SIGTERM");
    await waitFor(() => refused(origin), "the server to stop accepting connections");
    expect(alive(nodePid)).toBe(true);

    request.finish();
    const response = await request.response;
    expect(response).toMatch(/^HTTP\/1\.1 201 Created\r\n/);
    expect(response).toContain('"userName":"slow@x.io"');
    // Promptly: not after the keep-alive timeout of the connection that just finished.
    const timeout = new Promise((resolve) => setTimeout(() => resolve("still running 10 s later"), 10_000));
    expect(await Promise.race([io.exit, timeout])).toBe(0);
    expect(io.err()).toBe("");
    expect(alive(nodePid)).toBe(false);
    expect(await refused(origin)).toBe(true);
  });
});

describe("node dist/main.js", () => {
  it("on an empty database prints how to create a tenant and a token, serves, and stops on SIGTERM", async () => {
    const file = join(dir, "first-run.db");
    const io = watch(launch([process.execPath, "dist/main.js"], { DATABASE_URL: `sqlite:${file}` }));
    const origin = await listening(io);
    await waitFor(() => io.out().includes("HashedScimProvisioningToken"), "the first-run help");
    expect(logLine(io, "Created database file")?.["path"]).toBe(file);
    const help = String(logLines(io.out()).find((line) => line["firstRun"] === true)?.["msg"]);
    expect(help).toContain("npx roster tenant create <tenantId>");
    expect(help).toContain("npx roster token generate");
    expect(help).toContain(`${origin.origin}/scim/v2/<tenantId>/<provider>`);
    const health = await fetch(`${origin.origin}/healthz`);
    expect(health.status).toBe(200);
    children.at(-1)!.kill("SIGTERM");
    expect(await io.exit).toBe(0);
    expect(() => logLines(io.out())).not.toThrow();
  });

  it("creates the default ./data/roster.db, directory included, in its working directory", async () => {
    const cwd = mkdtempSync(join(dir, "cwd-"));
    const child = spawn(process.execPath, [join(root, "dist", "main.js")], {
      cwd,
      env: { ...process.env, ...QUIET },
      stdio: "pipe",
      detached: true,
    });
    children.push(child);
    const io = watch(child);
    await listening(io);
    expect(logLine(io, "Created database file")?.["path"]).toBe(join(cwd, "data", "roster.db"));
    child.kill("SIGTERM");
    expect(await io.exit).toBe(0);
    expect(existsSync(join(cwd, "data", "roster.db"))).toBe(true);
  });

  it("refuses a DATABASE_URL whose directory does not exist, creating nothing", async () => {
    const missing = join(dir, "no", "such", "dir");
    const io = watch(launch([process.execPath, "dist/main.js"], { DATABASE_URL: `sqlite:${missing}/roster.db` }));
    expect(await io.exit).toBe(1);
    expect(io.err()).toBe(
      `roster: cannot open the database: cannot create database file ${missing}/roster.db: directory ${missing} does not exist\n`,
    );
    expect(existsSync(join(dir, "no"))).toBe(false);
  });

  it("writes readable lines with LOG_FORMAT=pretty", async () => {
    const file = join(dir, "pretty.db");
    const io = watch(
      launch([process.execPath, "dist/main.js"], {
        DATABASE_URL: `sqlite:${file}`,
        LOG_LEVEL: "info",
        LOG_FORMAT: "pretty",
      }),
    );
    await waitFor(() => io.out().includes("HashedScimProvisioningToken"), "the first-run help");
    expect(io.out()).toMatch(/INFO {2}Roster is listening url=http:\/\/127\.0\.0\.1:\d+\n/);
    expect(io.out()).toContain("\n  npx roster tenant create <tenantId>\n");
    children.at(-1)!.kill("SIGTERM");
    expect(await io.exit).toBe(0);
  });

  it("refuses an invalid setting with one line on stderr and exit 1", async () => {
    const io = watch(launch([process.execPath, "dist/main.js"], { PORT: "eighty" }));
    expect(await io.exit).toBe(1);
    expect(io.err()).toMatch(/^roster: PORT must be an integer from 0 to 65535, got "eighty"\n$/);
  });
});
