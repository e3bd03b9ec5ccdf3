import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_ACTOR } from "../domain/actor.ts";
import { CONSOLE_ABSOLUTE_MS, CONSOLE_IDLE_MS } from "../domain/console-session-service.ts";
import { DATABASE_KINDS } from "../storage/testing/test-databases.ts";
import { SESSION_COOKIE } from "./console-auth.ts";
import { type ConsoleTestApp, consoleTestApp } from "./console-test-kit.ts";
import { SIGN_IN_COOKIE } from "./routes/sign-in-routes.ts";

const MINUTE = 60_000;

function setCookieLines(headers: Record<string, unknown>): string[] {
  const value = headers["set-cookie"];
  return value === undefined ? [] : Array.isArray(value) ? value.map(String) : [String(value)];
}

describe.each(DATABASE_KINDS)("console sessions on %s", (kind) => {
  let t: ConsoleTestApp;

  beforeAll(async () => {
    t = await consoleTestApp(kind);
    await t.tenants.createTenant("acme");
  });
  afterAll(() => t.close());

  it("sends a request without a session to the sign-in page, coming back afterwards", async () => {
    const response = await t.browser().get("/console/tenants/acme?provider=Okta");
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe("/console/sign-in?next=%2Fconsole%2Ftenants%2Facme%3Fprovider%3DOkta");
    const b = t.browser();
    await b.get(String(response.headers.location));
    const signIn = await b.post("/console/sign-in", {
      key: await t.key(),
      next: "/console/tenants/acme?provider=Okta",
    });
    expect(signIn.statusCode).toBe(303);
    expect(signIn.headers.location).toBe("/console/tenants/acme?provider=Okta");
  });

  it("never redirects off the console after sign-in", async () => {
    const b = t.browser();
    await b.get("/console/sign-in");
    const signIn = await b.post("/console/sign-in", { key: await t.key(), next: "//evil.example/console" });
    expect(signIn.headers.location).toBe("/console");
  });

  it("sets an HttpOnly, SameSite=Strict session cookie scoped to /console, and replaces the sign-in cookie", async () => {
    const b = t.browser();
    const form = await b.get("/console/sign-in");
    expect(setCookieLines(form.headers)[0]).toMatch(
      new RegExp(`^${SIGN_IN_COOKIE}=[A-Za-z0-9_-]{43}; Path=/console; HttpOnly; SameSite=Strict; Max-Age=3600$`),
    );
    const signIn = await b.post("/console/sign-in", { key: await t.key() });
    const lines = setCookieLines(signIn.headers);
    expect(lines[0]).toMatch(
      new RegExp(`^${SESSION_COOKIE}=[A-Za-z0-9_-]{43}; Path=/console; HttpOnly; SameSite=Strict$`),
    );
    expect(lines[1]).toBe(`${SIGN_IN_COOKIE}=; Path=/console; HttpOnly; SameSite=Strict; Max-Age=0`);
    expect((await b.get("/console/tenants")).statusCode).toBe(200);
  });

  it("refuses a wrong admin key with 401 and opens no session", async () => {
    const b = t.browser();
    await b.get("/console/sign-in");
    const response = await b.post("/console/sign-in", { key: "rk_wrong" });
    expect(response.statusCode).toBe(401);
    expect(response.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(response.body).toContain("That admin key is not valid");
    expect(b.cookies.has(SESSION_COOKIE)).toBe(false);
  });

  it("refuses a sign-in form without its CSRF token, or without the cookie it belongs to", async () => {
    const key = await t.key();
    const noToken = t.browser();
    await noToken.get("/console/sign-in");
    const withoutToken = await noToken.post("/console/sign-in", { key, csrf: "" });
    expect(withoutToken.statusCode).toBe(403);
    expect(noToken.cookies.has(SESSION_COOKIE)).toBe(false);

    const noCookie = t.browser();
    await noCookie.get("/console/sign-in");
    noCookie.cookies.delete(SIGN_IN_COOKIE);
    const withoutCookie = await noCookie.post("/console/sign-in", { key });
    expect(withoutCookie.statusCode).toBe(403);
    expect(noCookie.cookies.has(SESSION_COOKIE)).toBe(false);
  });

  it("limits failed sign-ins per client address, as failed SCIM authentications are (429)", async () => {
    const limited = await consoleTestApp("sqlite", { authFailureLimit: 3 });
    try {
      const b = limited.browser();
      await b.get("/console/sign-in");
      for (let n = 0; n < 3; n++) expect((await b.post("/console/sign-in", { key: "rk_wrong" })).statusCode).toBe(401);
      const refused = await b.post("/console/sign-in", { key: await limited.key() });
      expect(refused.statusCode).toBe(429);
      expect(refused.headers["retry-after"]).toMatch(/^\d+$/);
      expect(refused.headers["content-type"]).toBe("text/html; charset=utf-8");
      expect(b.cookies.has(SESSION_COOKIE)).toBe(false);
    } finally {
      await limited.close();
    }
  });

  it("marks cookies Secure when the console's public URL is HTTPS", async () => {
    const secure = await consoleTestApp("sqlite", { publicBaseUrl: "https://roster.example.com" });
    try {
      const b = secure.browser();
      const form = await b.get("/console/sign-in");
      expect(setCookieLines(form.headers)[0]).toContain("; Secure");
      const signIn = await b.post("/console/sign-in", { key: await secure.key() });
      expect(setCookieLines(signIn.headers)[0]).toMatch(/; HttpOnly; SameSite=Strict; Secure$/);
    } finally {
      await secure.close();
    }
  });

  it("ends a session after 30 minutes without a request, and keeps it while used", async () => {
    const b = await t.signedIn(await t.key());
    for (let n = 0; n < 3; n++) {
      t.advance(CONSOLE_IDLE_MS - MINUTE);
      expect((await b.get("/console/tenants")).statusCode).toBe(200);
    }
    t.advance(CONSOLE_IDLE_MS + MINUTE);
    const ended = await b.get("/console/tenants");
    expect(ended.statusCode).toBe(303);
    expect(ended.headers.location).toBe("/console/sign-in?next=%2Fconsole%2Ftenants&ended=idle");
    expect(b.cookies.has(SESSION_COOKIE)).toBe(false);
    const page = await b.get(String(ended.headers.location));
    expect(page.body).toContain("ended after 30 minutes without activity");
  });

  it("ends a session 12 hours after sign-in however busy", async () => {
    const b = await t.signedIn(await t.key());
    const end = t.clock.now + CONSOLE_ABSOLUTE_MS;
    while (t.clock.now + 25 * MINUTE < end) {
      t.advance(25 * MINUTE);
      expect((await b.get("/console/tenants")).statusCode).toBe(200);
    }
    t.clock.now = end;
    const ended = await b.get("/console/tenants");
    expect(ended.headers.location).toBe("/console/sign-in?next=%2Fconsole%2Ftenants&ended=absolute");
  });

  it("ends the sessions of a revoked admin key at their next request, and changes nothing", async () => {
    const key = await t.key();
    const b = await t.signedIn(key);
    const other = await t.signedIn(key);
    await b.get("/console/tenants/acme");
    const record = await t.adminKeys.verify(key);
    await t.adminKeys.revoke(record.id, CLI_ACTOR);
    const post = await b.post("/console/tenants/acme/pause", { retryAfterSeconds: "60" });
    expect(post.statusCode).toBe(401);
    expect(post.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(post.body).toContain("nothing was changed");
    expect((await t.tenants.showTenant("acme")).pause).toBeNull();
    const get = await other.get("/console/tenants");
    expect(get.headers.location).toBe("/console/sign-in?next=%2Fconsole%2Ftenants&ended=revoked");
  });

  it("signs out: the cookie is cleared and the old cookie opens nothing", async () => {
    const b = await t.signedIn(await t.key());
    const secret = b.cookies.get(SESSION_COOKIE)!;
    await b.get("/console/tenants");
    const out = await b.post("/console/sign-out");
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe("/console/sign-in?ended=signed-out");
    expect(b.cookies.has(SESSION_COOKIE)).toBe(false);
    const replay = t.browser();
    replay.cookies.set(SESSION_COOKIE, secret);
    expect((await replay.get("/console/tenants")).headers.location).toBe("/console/sign-in?next=%2Fconsole%2Ftenants");
  });

  it("refuses a sign-out without the session's CSRF token", async () => {
    const b = await t.signedIn(await t.key());
    await b.get("/console/tenants");
    expect((await b.post("/console/sign-out", { csrf: "forged" })).statusCode).toBe(403);
    expect((await b.get("/console/tenants")).statusCode).toBe(200);
  });

  it("tells htmx to load the sign-in page instead of following a redirect", async () => {
    const response = await t.browser().get("/console/tenants/acme/users?q=a", { "hx-request": "true" });
    expect(response.statusCode).toBe(204);
    expect(response.headers["hx-redirect"]).toBe("/console/sign-in?next=%2Fconsole%2Ftenants%2Facme%2Fusers%3Fq%3Da");
  });

  it("sends a signed-in visitor of the sign-in page on into the console", async () => {
    const b = await t.signedIn(await t.key());
    const response = await b.get("/console/sign-in");
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe("/console");
  });

  it("shows nothing of a signed-in page to a forged or truncated session cookie", async () => {
    const forged = t.browser();
    forged.cookies.set(SESSION_COOKIE, "A".repeat(43));
    expect((await forged.get("/console/tenants")).statusCode).toBe(303);
    forged.cookies.set(SESSION_COOKIE, "short");
    expect((await forged.get("/console/tenants")).statusCode).toBe(303);
  });
});
