import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONTENT_SECURITY_POLICY } from "../http/html-page-headers.ts";
import { DATABASE_KINDS } from "../storage/testing/test-databases.ts";
import { CONSOLE_ASSETS } from "./console-assets.ts";
import { seedFormTargets, seedTenant } from "./console-forms.fixture.ts";
import { type ConsoleBrowser, type ConsoleTestApp, consoleTestApp } from "./console-test-kit.ts";

/** The console links of a page (not assets, not anchors within it). */
function links(body: string): string[] {
  return [...body.matchAll(/href="(\/console[^"#]*)/g)]
    .map((m) => m[1]!.replaceAll("&amp;", "&"))
    .filter((href) => !href.startsWith("/console/assets/"));
}

function expectPageHeaders(headers: Record<string, unknown>): void {
  expect(headers["content-security-policy"]).toBe(CONTENT_SECURITY_POLICY);
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["referrer-policy"]).toBe("no-referrer");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["cache-control"]).toBe("no-store");
}

describe.each(DATABASE_KINDS)("the console's pages on %s", (kind) => {
  let t: ConsoleTestApp;
  let b: ConsoleBrowser;
  let webhookId = "";
  /** One page of each kind, with forms of every kind. */
  const everyKindOfPage = () => [
    "/console/sign-in",
    "/console/tenants",
    "/console/tenants/acme",
    "/console/tenants/acme/users",
    "/console/tenants/acme/users/ann%40x.io",
    "/console/tenants/acme/roles",
    "/console/tenants/acme/roles/admins",
    "/console/tenants/acme/log",
    "/console/tenants/acme/events",
    `/console/tenants/acme/webhooks/${webhookId}`,
    "/console/tenants/acme/migration",
  ];

  beforeAll(async () => {
    t = await consoleTestApp(kind);
    webhookId = (await seedFormTargets(t.store, t.tenants, "acme")).webhookId;
    await seedTenant(t.store, t.tenants, "globex");
    b = await t.signedIn(await t.key());
  });
  afterAll(() => t.close());

  it("renders every page reachable from the navigation with 200 for a global key", async () => {
    const seen = new Set<string>();
    const queue = ["/console"];
    while (queue.length > 0 && seen.size < 300) {
      const path = queue.shift()!;
      if (seen.has(path)) continue;
      seen.add(path);
      let response = await b.get(path);
      if (response.statusCode === 303) response = await b.get(String(response.headers.location));
      expect({ path, status: response.statusCode }).toEqual({ path, status: 200 });
      expectPageHeaders(response.headers);
      for (const link of links(response.body)) if (!seen.has(link)) queue.push(link);
    }
    // The tenant list, a tenant's overview, users, a user, roles, a role, the log, events, migration: for two tenants.
    expect([...seen]).toEqual(
      expect.arrayContaining([
        "/console/tenants",
        "/console/tenants/acme",
        "/console/tenants/acme/users",
        "/console/tenants/acme/users/ann%40x.io",
        "/console/tenants/acme/roles",
        "/console/tenants/acme/roles/admins",
        "/console/tenants/acme/roles/editors",
        "/console/tenants/globex/roles/viewers",
        "/console/tenants/acme/log",
        "/console/tenants/acme/events",
        "/console/tenants/acme/migration",
        "/console/tenants/acme/export?format=ndjson",
        `/console/tenants/acme/webhooks/${webhookId}`,
      ]),
    );
  });

  it("labels every form control, by a label naming its id or one around it", async () => {
    let checked = 0;
    for (const path of everyKindOfPage()) {
      const body = (await (path === "/console/sign-in" ? t.browser() : b).get(path)).body;
      const controls = [...body.matchAll(/<(input|select|textarea)\b[^>]*>/g)].filter(
        (m) => !/type="(hidden|submit)"/.test(m[0]),
      );
      checked += controls.length;
      for (const control of controls) {
        const id = /\sid="([^"]+)"/.exec(control[0])?.[1];
        const before = body.slice(0, control.index);
        const wrapped = before.lastIndexOf("<label") > before.lastIndexOf("</label>");
        const labelled = wrapped || (id !== undefined && body.includes(`<label for="${id}"`));
        expect({ path, control: control[0], labelled }).toEqual({ path, control: control[0], labelled: true });
      }
    }
    // Sign-in, tenant, settings, search, grant, nest, log filters, webhook, import: dozens of controls.
    expect(checked).toBeGreaterThan(30);
  });

  it("carries no inline script, no inline style and no event handler attribute, so the CSP holds", async () => {
    for (const path of everyKindOfPage()) {
      const body = (await (path === "/console/sign-in" ? t.browser() : b).get(path)).body;
      for (const tag of body.match(/<script\b[^>]*>/g) ?? []) expect(tag).toMatch(/ src="\/console\/assets\//);
      expect(body).not.toMatch(/<style\b|\sstyle="|\son[a-z]+="/);
      expect(body).toContain("&quot;includeIndicatorStyles&quot;:false");
    }
  });

  it("serves htmx 2 and its own assets from Roster, cached for a year under their hash", async () => {
    const page = (await b.get("/console/tenants")).body;
    const htmx = /src="(\/console\/assets\/htmx\.min\.js\?v=[0-9a-f]{16})"/.exec(page)?.[1];
    expect(htmx).toBeDefined();
    const script = await b.get(htmx!);
    expect(script.statusCode).toBe(200);
    expect(script.headers["content-type"]).toBe("text/javascript; charset=utf-8");
    expect(script.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(script.body).toContain('version:"2.0.11"');
    const css = await b.get(`/console/assets/console.css?v=${CONSOLE_ASSETS.get("console.css")!.hash}`);
    expect(css.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect((await t.browser().get("/console/assets/console.css")).headers["cache-control"]).toBe(
      "public, max-age=3600",
    );
    expect((await t.browser().get("/console/assets/nothing.js")).statusCode).toBe(404);
  });

  it("answers errors as HTML pages with the security headers, never as SCIM or problem+json", async () => {
    for (const [path, status] of [
      ["/console/no-such-page", 404],
      ["/console/tenants/missing", 404],
      ["/console/tenants/acme/users/nobody%40x.io", 404],
      ["/console/tenants/acme/roles/nothing", 404],
      ["/console/tenants?cursor=garbage", 400],
      ["/console/tenants/acme/users?cursor=garbage", 400],
    ] as const) {
      const response = await b.get(path);
      expect({ path, status: response.statusCode }).toEqual({ path, status });
      expect(response.headers["content-type"]).toBe("text/html; charset=utf-8");
      expectPageHeaders(response.headers);
      expect(response.body).toMatch(/^<!doctype html>/);
      expect(response.body).toContain('class="error-status"');
      expect(response.headers["www-authenticate"]).toBeUndefined();
    }
  });

  it("signs nobody in on an unknown page: it is sent to sign in", async () => {
    expect((await t.browser().get("/console/no-such-page")).statusCode).toBe(303);
  });

  it("answers a form body over the console's limit with a 413 page", async () => {
    await b.get("/console/tenants");
    const response = await b.post("/console/tenants", { id: "x".repeat(70 * 1024) });
    expect(response.statusCode).toBe(413);
    expect(response.headers["content-type"]).toBe("text/html; charset=utf-8");
  });
});
