import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASE_KINDS, openTestStore, type TestStore } from "../storage/testing/test-databases.ts";
import { CLI_ACTOR } from "./actor.ts";
import { AdminKeyService } from "./admin-key-service.ts";
import {
  CONSOLE_ABSOLUTE_MS,
  CONSOLE_IDLE_MS,
  CONSOLE_TOUCH_INTERVAL_MS,
  ConsoleSessionService,
  sessionId,
} from "./console-session-service.ts";

const MINUTE = 60_000;

describe.each(DATABASE_KINDS)("ConsoleSessionService on %s", (kind) => {
  let handle: TestStore;
  let clock = Date.parse("2026-04-01T08:00:00.000Z");
  let keys: AdminKeyService;
  let sessions: ConsoleSessionService;

  beforeAll(async () => {
    handle = await openTestStore(kind);
    keys = new AdminKeyService(handle.store, { now: () => new Date(clock) });
    sessions = new ConsoleSessionService(handle.store, keys, { now: () => new Date(clock) });
  });
  afterAll(() => handle.dispose());

  async function newKey(): Promise<string> {
    return (await keys.create({ name: "console" }, CLI_ACTOR)).secret;
  }

  it("opens a session for a valid key and stores only the hash of its secret", async () => {
    const opened = await sessions.open(await newKey());
    expect(opened.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(opened.session.id).toBe(sessionId(opened.secret));
    expect(opened.session.id).not.toContain(opened.secret);
    expect(await handle.store.consoleSessions.find(opened.secret)).toBeUndefined();
    const resumed = await sessions.resume(opened.secret);
    expect(resumed.ok && resumed.value.key.id).toBe(opened.key.id);
  });

  it("refuses a wrong, empty or revoked key with unauthorized", async () => {
    await expect(sessions.open("rk_wrong")).rejects.toMatchObject({ code: "unauthorized" });
    await expect(sessions.open("  ")).rejects.toMatchObject({ code: "unauthorized" });
  });

  it("ends after the idle time without a request, and keeps going while used", async () => {
    const { secret } = await sessions.open(await newKey());
    for (let n = 0; n < 4; n++) {
      clock += CONSOLE_IDLE_MS - MINUTE;
      expect((await sessions.resume(secret)).ok).toBe(true);
    }
    clock += CONSOLE_IDLE_MS + CONSOLE_TOUCH_INTERVAL_MS;
    expect(await sessions.resume(secret)).toEqual({ ok: false, ended: "idle" });
    expect(await sessions.resume(secret)).toEqual({ ok: false, ended: "none" });
  });

  it("ends at the absolute lifetime however busy", async () => {
    const { secret } = await sessions.open(await newKey());
    const end = clock + CONSOLE_ABSOLUTE_MS;
    while (clock + 20 * MINUTE < end) {
      clock += 20 * MINUTE;
      expect((await sessions.resume(secret)).ok).toBe(true);
    }
    clock = end;
    expect(await sessions.resume(secret)).toEqual({ ok: false, ended: "absolute" });
  });

  it("ends at the next request once its key is revoked", async () => {
    const opened = await sessions.open(await newKey());
    await keys.revoke(opened.key.id, CLI_ACTOR);
    expect(await sessions.resume(opened.secret)).toEqual({ ok: false, ended: "revoked" });
    expect(await handle.store.consoleSessions.find(opened.session.id)).toBeUndefined();
  });

  it("ends at sign-out", async () => {
    const { secret } = await sessions.open(await newKey());
    await sessions.close(secret);
    expect(await sessions.resume(secret)).toEqual({ ok: false, ended: "none" });
  });

  it("answers none for a missing or malformed secret without a lookup", async () => {
    expect(await sessions.resume(undefined)).toEqual({ ok: false, ended: "none" });
    expect(await sessions.resume("short")).toEqual({ ok: false, ended: "none" });
    await expect(sessions.require("x".repeat(43))).rejects.toMatchObject({ code: "unauthorized" });
  });

  it("writes the last-seen time at most once a minute", async () => {
    const { secret, session } = await sessions.open(await newKey());
    clock += 10_000;
    const soon = await sessions.resume(secret);
    expect(soon.ok && soon.value.session.lastSeenAt).toBe(session.lastSeenAt);
    clock += CONSOLE_TOUCH_INTERVAL_MS;
    const later = await sessions.resume(secret);
    expect(later.ok && later.value.session.lastSeenAt).toBe(new Date(clock).toISOString());
    expect((await handle.store.consoleSessions.find(session.id))?.session.lastSeenAt).toBe(
      new Date(clock).toISOString(),
    );
    expect((await handle.store.adminKeys.get(later.ok ? later.value.key.id : ""))?.lastUsedAt).toBe(
      new Date(clock).toISOString(),
    );
  });

  it("prunes expired sessions when another one opens", async () => {
    const old = await sessions.open(await newKey());
    clock += CONSOLE_ABSOLUTE_MS + MINUTE;
    await sessions.open(await newKey());
    expect(await handle.store.consoleSessions.find(old.session.id)).toBeUndefined();
  });
});
