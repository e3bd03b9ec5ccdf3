import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASE_KINDS } from "../storage/testing/test-databases.ts";
import { changingForms, type FormTargets, seedFormTargets, snapshot } from "./console-forms.fixture.ts";
import { type ConsoleBrowser, type ConsoleTestApp, consoleTestApp } from "./console-test-kit.ts";

/** Every page of tenant `t` a key may read (`webhookId`: one of its endpoints). */
function pages(t: string, webhookId: string): string[] {
  return [
    `/console/tenants/${t}`,
    `/console/tenants/${t}?provider=Okta`,
    `/console/tenants/${t}/users`,
    `/console/tenants/${t}/users?q=ann`,
    `/console/tenants/${t}/users/${encodeURIComponent("ann@x.io")}`,
    `/console/tenants/${t}/roles`,
    `/console/tenants/${t}/roles/admins`,
    `/console/tenants/${t}/log`,
    `/console/tenants/${t}/log?outcome=read&since=1h`,
    `/console/tenants/${t}/events`,
    `/console/tenants/${t}/webhooks/${webhookId}`,
    `/console/tenants/${t}/migration`,
  ];
}

/** What else a key reads of tenant `t`: the log's rows for live refresh, the export. */
function downloads(t: string): string[] {
  return [`/console/tenants/${t}/log/rows`, `/console/tenants/${t}/export`, `/console/tenants/${t}/export?format=csv`];
}

/** The forms of a page that post somewhere other than sign-out. */
function writeForms(body: string): string[] {
  return [...body.matchAll(/<form method="post" action="([^"#]+)/g)]
    .map((m) => m[1]!)
    .filter((action) => action !== "/console/sign-out");
}

describe.each(DATABASE_KINDS)("the admin key's scope in the console on %s", (kind) => {
  let t: ConsoleTestApp;
  let targets: Record<string, FormTargets> = {};

  beforeAll(async () => {
    t = await consoleTestApp(kind);
    targets = {
      acme: await seedFormTargets(t.store, t.tenants, "acme"),
      globex: await seedFormTargets(t.store, t.tenants, "globex"),
    };
  });
  afterAll(() => t.close());

  describe("a tenant-scoped key", () => {
    let b: ConsoleBrowser;
    beforeAll(async () => {
      b = await t.signedIn(await t.key({ tenantId: "acme" }));
    });

    it("is taken to its tenant instead of the tenant list", async () => {
      expect((await b.get("/console")).headers.location).toBe("/console/tenants/acme");
      expect((await b.get("/console/tenants")).headers.location).toBe("/console/tenants/acme");
    });

    it("reads every page of its tenant, with no link to the tenant list", async () => {
      for (const path of [...pages("acme", targets["acme"]!.webhookId), ...downloads("acme")]) {
        const response = await b.get(path);
        expect({ path, status: response.statusCode }).toEqual({ path, status: 200 });
        expect(response.body).not.toContain('href="/console/tenants"');
      }
    });

    it("gets 404 for every page of another tenant, as if it did not exist", async () => {
      const others = [...pages("globex", targets["globex"]!.webhookId), ...downloads("globex")];
      for (const path of [...others, "/console/tenants/nonexistent"]) {
        const response = await b.get(path);
        expect({ path, status: response.statusCode }).toEqual({ path, status: 404 });
        expect(response.headers["content-type"]).toBe("text/html; charset=utf-8");
        expect(response.body).not.toContain("Ann Lee");
      }
    });

    it("cannot change another tenant (404) or create one (403)", async () => {
      await b.get("/console/tenants/acme");
      const before = await snapshot(t.store, t.tenants, "globex");
      for (const form of changingForms("globex", targets["globex"]!)) {
        const response = await b.post(form.url, form.fields);
        const expected = form.url === "/console/tenants" ? 403 : 404;
        expect({ form: form.name, status: response.statusCode }).toEqual({ form: form.name, status: expected });
      }
      expect(await snapshot(t.store, t.tenants, "globex")).toEqual(before);
    });

    it("changes its own tenant", async () => {
      await b.get("/console/tenants/acme");
      const response = await b.post("/console/tenants/acme/roles", { displayName: "Scoped Role" });
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toBe("/console/tenants/acme/roles/scopedrole?done=role-created");
    });
  });

  describe("a read-only key", () => {
    let b: ConsoleBrowser;
    beforeAll(async () => {
      b = await t.signedIn(await t.key({ readOnly: true }));
    });

    it("sees every page with no write control: no form posts anywhere but sign-out", async () => {
      for (const path of ["/console/tenants", ...pages("acme", targets["acme"]!.webhookId)]) {
        const response = await b.get(path);
        expect({ path, status: response.statusCode }).toEqual({ path, status: 200 });
        expect({ path, forms: writeForms(response.body) }).toEqual({ path, forms: [] });
        expect(response.body).toContain("read-only");
      }
    });

    it("is refused with a 403 page when it posts anyway, and nothing changes", async () => {
      await b.get("/console/tenants/acme");
      const before = await snapshot(t.store, t.tenants, "acme");
      for (const form of changingForms("acme", targets["acme"]!)) {
        const response = await b.post(form.url, form.fields);
        expect({ form: form.name, status: response.statusCode }).toEqual({ form: form.name, status: 403 });
        expect(response.headers["content-type"]).toBe("text/html; charset=utf-8");
        expect(response.body).toContain("read-only");
      }
      expect(await snapshot(t.store, t.tenants, "acme")).toEqual(before);
    });

    it("may still sign out", async () => {
      await b.get("/console/tenants");
      expect((await b.post("/console/sign-out")).statusCode).toBe(303);
    });
  });

  describe("a global read-write key", () => {
    it("has write controls on every page that changes something", async () => {
      const b = await t.signedIn(await t.key());
      expect(writeForms((await b.get("/console/tenants")).body)).toContain("/console/tenants");
      const overview = writeForms((await b.get("/console/tenants/acme")).body);
      expect(overview).toEqual(
        expect.arrayContaining([
          "/console/tenants/acme/pause",
          "/console/tenants/acme/tokens",
          "/console/tenants/acme/settings",
        ]),
      );
      expect(writeForms((await b.get("/console/tenants/acme/users/ann%40x.io")).body)).toContain(
        "/console/tenants/acme/users/ann%40x.io/roles",
      );
      expect(writeForms((await b.get("/console/tenants/acme/roles/admins")).body)).toContain(
        "/console/tenants/acme/roles/admins/children",
      );
      const { webhookId, deliveryId } = targets["acme"]!;
      expect(writeForms((await b.get(`/console/tenants/acme/webhooks/${webhookId}`)).body)).toEqual(
        expect.arrayContaining([
          `/console/tenants/acme/webhooks/${webhookId}/deliveries/${deliveryId}/retry`,
          `/console/tenants/acme/webhooks/${webhookId}/edit`,
          `/console/tenants/acme/webhooks/${webhookId}/disable`,
          `/console/tenants/acme/webhooks/${webhookId}/delete`,
        ]),
      );
      expect(writeForms((await b.get("/console/tenants/acme/events")).body)).toContain(
        "/console/tenants/acme/webhooks",
      );
      expect(writeForms((await b.get("/console/tenants/acme/migration")).body)).toContain(
        "/console/tenants/acme/import",
      );
    });
  });
});
