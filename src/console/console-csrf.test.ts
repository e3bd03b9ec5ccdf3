import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASE_KINDS } from "../storage/testing/test-databases.ts";
import { changingForms, type FormTargets, seedFormTargets, snapshot } from "./console-forms.fixture.ts";
import { type ConsoleBrowser, type ConsoleTestApp, consoleTestApp } from "./console-test-kit.ts";

describe.each(DATABASE_KINDS)("CSRF protection of the console's forms on %s", (kind) => {
  let t: ConsoleTestApp;
  let b: ConsoleBrowser;
  let other: ConsoleBrowser;
  let targets: FormTargets;

  beforeAll(async () => {
    t = await consoleTestApp(kind);
    targets = await seedFormTargets(t.store, t.tenants, "acme");
    const key = await t.key();
    b = await t.signedIn(key);
    other = await t.signedIn(key);
    await b.get("/console/tenants/acme");
    await other.get("/console/tenants/acme");
  });
  afterAll(() => t.close());

  // The names are known before the seed runs; the targets are filled in by then.
  const names = changingForms("acme", { tokenId: "", webhookId: "", deliveryId: "", document: "" }).map((f) => f.name);
  const formNamed = (name: string) => changingForms("acme", targets).find((f) => f.name === name)!;

  it.each(names)("refuses %s without a token, with 403 and no change", async (name) => {
    const form = formNamed(name);
    const before = await snapshot(t.store, t.tenants, "acme");
    const response = await b.post(form.url, { ...form.fields, csrf: "" });
    expect(response.statusCode).toBe(403);
    expect(response.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(response.body).toContain("nothing was changed");
    expect(await snapshot(t.store, t.tenants, "acme")).toEqual(before);
  });

  it.each(names)("refuses %s with a wrong token, or another session's", async (name) => {
    const form = formNamed(name);
    const before = await snapshot(t.store, t.tenants, "acme");
    const url = form.url;
    expect((await b.post(url, { ...form.fields, csrf: `${b.csrf!.slice(0, -2)}xx` })).statusCode).toBe(403);
    expect((await b.post(url, { ...form.fields, csrf: other.csrf! })).statusCode).toBe(403);
    expect(await snapshot(t.store, t.tenants, "acme")).toEqual(before);
  });

  it("refuses a form whose token field is sent twice", async () => {
    const response = await t.app.inject({
      method: "POST",
      url: "/console/tenants/acme/pause",
      headers: {
        cookie: [...b.cookies].map(([n, v]) => `${n}=${v}`).join("; "),
        "content-type": "application/x-www-form-urlencoded",
      },
      payload: `csrf=${encodeURIComponent(b.csrf!)}&csrf=x&retryAfterSeconds=60`,
    });
    expect(response.statusCode).toBe(403);
    expect((await t.tenants.showTenant("acme")).pause).toBeNull();
  });

  it("refuses a POST the browser marks as cross-site, even with the right token", async () => {
    const response = await b.post(
      "/console/tenants/acme/pause",
      { retryAfterSeconds: "60" },
      { "sec-fetch-site": "cross-site" },
    );
    expect(response.statusCode).toBe(403);
    expect((await t.tenants.showTenant("acme")).pause).toBeNull();
  });

  it("accepts the same form with the session's token", async () => {
    await b.get("/console/tenants/acme");
    const response = await b.post("/console/tenants/acme/pause", { retryAfterSeconds: "60" });
    expect(response.statusCode).toBe(303);
    expect((await t.tenants.showTenant("acme")).pause?.retryAfterSeconds).toBe(60);
  });

  it("takes HTML forms only: a JSON body is refused with 415, as an HTML page", async () => {
    const response = await t.app.inject({
      method: "POST",
      url: "/console/tenants/acme/resume",
      headers: { cookie: [...b.cookies].map(([n, v]) => `${n}=${v}`).join("; "), "content-type": "application/json" },
      payload: JSON.stringify({ csrf: b.csrf }),
    });
    expect(response.statusCode).toBe(415);
    expect(response.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect((await t.tenants.showTenant("acme")).pause).not.toBeNull();
  });
});
