/**
 * What the browser suite runs on: Roster as a real server (its own process, `src/main.ts`, on a
 * free port over a temporary SQLite file) and Debian's Chromium driven by playwright-core, with
 * a fresh profile. No browser is downloaded: without /usr/bin/chromium the suite is skipped.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium } from "playwright-core";
import { CLI_ACTOR } from "../../src/domain/actor.ts";
import { AdminKeyService } from "../../src/domain/admin-key-service.ts";
import { openStore } from "../../src/storage/open-store.ts";

/** Where Debian installs Chromium (`apt-get install -y chromium`). */
export const CHROMIUM = process.env["ROSTER_CHROMIUM"] ?? "/usr/bin/chromium";

/** True when the browser suite can run here. */
export const HAS_CHROMIUM = existsSync(CHROMIUM);

/** Chromium's flags for a quiet, headless, sandbox-less run that never reaches the network. */
export const CHROMIUM_ARGS: readonly string[] = Object.freeze([
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
]);

/** A running Roster. */
export interface RosterServer {
  readonly origin: string;
  readonly databaseUrl: string;
  /** A global admin key, made before the server started. */
  readonly adminKey: string;
  /** What the server wrote on stderr (shown when a test fails). */
  readonly stderr: () => string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilReady(origin: string, child: ChildProcess, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Roster exited with ${child.exitCode} before it was ready`);
    try {
      const response = await fetch(`${origin}/readyz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("Roster did not become ready in time");
}

/**
 * Migrates a fresh SQLite file, makes an admin key, and starts the built server on it, as
 * `npm start` does (`dist/` is compiled from `src/` by the suite's globalSetup before any test):
 * compiling TypeScript at start took more than 30 s on a busy 2-core machine.
 */
export async function startRoster(): Promise<RosterServer> {
  const dir = mkdtempSync(join(tmpdir(), "roster-browser-"));
  const databaseUrl = `sqlite:${join(dir, "roster.db")}`;
  const store = await openStore(databaseUrl);
  const adminKey = (await new AdminKeyService(store).create({ name: "browser test" }, CLI_ACTOR)).secret;
  await store.close();
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  let stderr = "";
  const child = spawn(process.execPath, ["dist/main.js"], {
    cwd: join(import.meta.dirname, "..", ".."),
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
      LOG_FORMAT: "json",
      // The suite's webhook receiver listens on loopback.
      WEBHOOK_ALLOW_PRIVATE_TARGETS: "true",
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  try {
    await waitUntilReady(origin, child, Date.now() + 60_000);
  } catch (error) {
    child.kill("SIGKILL");
    throw new Error(`${(error as Error).message}\n${stderr}`);
  }
  return {
    origin,
    databaseUrl,
    adminKey,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
        if (child.exitCode === null) child.kill("SIGKILL");
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A browser with a fresh profile, and how to close it (and remove the profile). */
export async function launchBrowser(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), "roster-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_ARGS],
    viewport: { width: 1280, height: 900 },
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
