/**
 * Durability of answered writes: a real server process (`node dist/main.js`) takes simultaneous
 * SCIM creates and is killed with SIGKILL in the middle of them; after a restart every create
 * that had answered 201 is in the database, whole (the user, its index rows for the filter an
 * identity provider matches with, its `user.created` event). On SQLite the writes of one moment
 * share a transaction (group commit): this is what proves that none is answered before its
 * batch commits.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { TenantService } from "../../src/domain/tenant-service.ts";
import { generateToken, hashToken } from "../../src/domain/token.ts";
import { openStore } from "../../src/storage/open-store.ts";
import { createPostgresDatabase, DATABASE_KINDS } from "../../src/storage/testing/test-databases.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const WORKERS = 30;
/** Creates answered before the kill: enough for many batches to have committed and some to be in flight. */
const ANSWERED_BEFORE_KILL = 300;

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** `node dist/main.js` on `databaseUrl`, answering once it serves. */
async function startServer(databaseUrl: string): Promise<{ origin: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, ["dist/main.js"], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "silent",
      SCIM_RATE_LIMIT: "0",
    },
    stdio: "ignore",
    detached: true,
  });
  cleanups.push(async () => {
    try {
      process.kill(-(child.pid as number), "SIGKILL");
    } catch {
      // already gone
    }
  });
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${origin}/livez`)).ok) return { origin, child };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error("the server did not start");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.each(DATABASE_KINDS)("creates answered 201 before a kill -9 on %s", (kind) => {
  it("are all in the database after a restart, each with its index rows and event", async () => {
    const directory = await mkdtemp(join(tmpdir(), "roster-kill-"));
    cleanups.push(() => rm(directory, { recursive: true, force: true }));
    const postgres = kind === "postgres" ? await createPostgresDatabase() : undefined;
    if (postgres) cleanups.push(postgres.drop);
    const databaseUrl = postgres?.url ?? `sqlite:${join(directory, "roster.db")}`;
    const setup = await openStore(databaseUrl);
    if (postgres) await setup.migrate();
    const token = generateToken();
    await new TenantService(setup).createTenant("acme");
    await new TenantService(setup).setSetting("acme", "HashedScimProvisioningToken", hashToken(token));
    await setup.close();

    const { origin, child } = await startServer(databaseUrl);
    const exited = new Promise((resolve) => child.once("exit", resolve));
    const answered: string[] = [];
    let sent = 0;
    let killed = false;
    const refused: string[] = [];
    const worker = async () => {
      while (!killed && refused.length === 0) {
        const i = sent++;
        let response: Response;
        try {
          response = await fetch(`${origin}/scim/v2/acme/EntraID/Users`, {
            method: "POST",
            headers: { authorization: `Bearer ${token}`, "content-type": "application/scim+json" },
            signal: AbortSignal.timeout(15_000),
            body: JSON.stringify({
              schemas: [USER],
              userName: `upn${i}@corp.example`,
              externalId: `obj-${i}`,
              name: { givenName: `Given${i}`, familyName: `Family${i}` },
              emails: [{ value: `user${i}@example.com`, type: "work", primary: true }],
            }),
          });
        } catch {
          continue; // The connection died with the server: that create was never answered.
        }
        if (response.status === 201) answered.push(`user${i}@example.com`);
        else refused.push(`create ${i} answered ${response.status}: ${await response.text().catch(() => "")}`);
        if (!killed && answered.length >= ANSWERED_BEFORE_KILL) {
          killed = true;
          process.kill(-(child.pid as number), "SIGKILL");
        }
      }
    };
    await Promise.all(Array.from({ length: WORKERS }, worker));
    expect(refused).toEqual([]);
    await exited;
    // Requests were still in flight when the process died (else the test proves nothing).
    expect(sent).toBeGreaterThan(answered.length);

    const store = await openStore(databaseUrl);
    try {
      const stored = await store.users.existingIds("acme", answered);
      expect(answered.filter((id) => !stored.has(id))).toEqual([]);
      // Whole: the probe an identity provider matches with finds each, and each has its event.
      for (const id of answered.slice(-20)) {
        const userName = id.replace("user", "upn").replace("@example.com", "@corp.example");
        expect((await store.users.findByExternalId("acme", "EntraID", userName))?.id).toBe(id);
      }
      const events = await store.events.read("acme", { after: 0, limit: 100_000 });
      const created = new Set(
        events.filter((e) => e.type === "user.created").map((e) => (e.data["User"] as { Id: string }).Id),
      );
      expect(answered.filter((id) => !created.has(id))).toEqual([]);
    } finally {
      await store.close();
    }
  }, 120_000);
});
