/**
 * SPEC §11: delivery survives a crash. A real Roster process commits an event while the
 * receiver is down, is killed with SIGKILL before it could deliver, and the event still
 * arrives once the receiver is up and Roster has started again: it was in the outbox.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { httpWebhookSender } from "../../src/delivery/http-webhook-sender.ts";
import { startReceiver } from "../../src/delivery/webhook-receiver.ts";
import { TenantService } from "../../src/domain/tenant-service.ts";
import { hashToken } from "../../src/domain/token.ts";
import { WebhookService } from "../../src/domain/webhook-service.ts";
import { openStore } from "../../src/storage/open-store.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "roster-kill-"));
const databaseUrl = `sqlite:${join(dir, "roster.db")}`;
const TOKEN = "kill-test-token-0123456789";
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts `src/main.ts` and resolves with its origin once it listens. */
function startRoster(): Promise<{ child: ChildProcess; origin: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: "0",
      HOST: "127.0.0.1",
      LOG_LEVEL: "info",
      LOG_FORMAT: "json",
      WEBHOOK_ALLOW_PRIVATE_TARGETS: "true",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`Roster did not start: ${out}`)), 20_000);
    child.stdout?.on("data", (chunk) => {
      out += String(chunk);
      const match = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({ child, origin: match[1] ?? "" });
      }
    });
    child.on("exit", (code) => reject(new Error(`Roster exited with ${code}: ${out}`)));
  });
}

async function waitFor(condition: () => Promise<boolean> | boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("a Roster process killed between commit and delivery", () => {
  it("delivers the committed event after a restart", { timeout: 90_000 }, async () => {
    const port = await freePort();
    const store = await openStore(databaseUrl);
    const tenants = new TenantService(store);
    await tenants.createTenant("acme");
    await tenants.setSetting("acme", "HashedScimProvisioningToken", hashToken(TOKEN));
    const webhooks = new WebhookService(store, httpWebhookSender({ allowPrivateTargets: true }));
    const { webhook, secret } = await webhooks.create("acme", { url: `http://127.0.0.1:${port}/hooks` });

    const first = await startRoster();
    const created = await fetch(`${first.origin}/scim/v2/acme/EntraID/Users`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/scim+json" },
      body: JSON.stringify({ schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "pat@corp" }),
    });
    expect(created.status).toBe(201);
    // The receiver is down: the loop's first attempt fails and is recorded; then the process dies.
    await waitFor(
      async () => (await store.webhooks.deliveries("acme", webhook.id, { limit: 1 })).items.length > 0,
      20_000,
    );
    const exited = new Promise((resolve) => first.child.on("exit", resolve));
    first.child.kill("SIGKILL");
    await exited;
    const [failed] = (await store.webhooks.deliveries("acme", webhook.id, { limit: 1 })).items;
    expect(failed).toMatchObject({ id: "1", state: "pending" });
    expect(failed?.attempts[0]?.error).toMatch(/connection failed/);

    const receiver = await startReceiver(port);
    receiver.secret = secret;
    const second = await startRoster();
    try {
      await waitFor(() => receiver.accepted().length > 0, 30_000);
      expect(receiver.accepted()[0]).toMatchObject({
        Id: "1",
        Type: "user.created",
        Tenant: "acme",
        Actor: "scim:EntraID",
      });
      await waitFor(async () => (await store.webhooks.get("acme", webhook.id))?.lastSeq === 1, 5_000);
    } finally {
      const stopped = new Promise((resolve) => second.child.on("exit", resolve));
      second.child.kill("SIGTERM");
      await stopped;
      await receiver.close();
      await store.close();
    }
  });
});
