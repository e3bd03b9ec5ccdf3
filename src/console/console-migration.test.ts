/** The migration screen: the export download, the import previewed then applied, and the audit report. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IdentityService } from "../domain/identity-service.ts";
import { comparable } from "../http/api/migration-test-kit.ts";
import { DATABASE_KINDS } from "../storage/testing/test-databases.ts";
import { importDocument, seedTenant } from "./console-forms.fixture.ts";
import { type ConsoleBrowser, type ConsoleTestApp, consoleTestApp } from "./console-test-kit.ts";

describe.each(DATABASE_KINDS)("the migration screen on %s", (kind) => {
  let t: ConsoleTestApp;
  let b: ConsoleBrowser;
  let key = "";
  let exported = "";

  beforeAll(async () => {
    t = await consoleTestApp(kind);
    await seedTenant(t.store, t.tenants, "acme");
    await t.tenants.createTenant("restore");
    key = await t.key();
    b = await t.signedIn(key);
  });
  afterAll(() => t.close());

  /** The previewed document's fingerprint, from the page. */
  const previewedOf = (body: string) => /name="previewed" value="([^"]+)"/.exec(body)?.[1];

  it("downloads the same export as the management API, as an attachment", async () => {
    const download = await b.get("/console/tenants/acme/export");
    expect(download.statusCode).toBe(200);
    expect(download.headers["content-type"]).toContain("application/x-ndjson");
    expect(download.headers["content-disposition"]).toMatch(
      /^attachment; filename="roster-acme-\d{4}-\d{2}-\d{2}\.ndjson"$/,
    );
    expect(download.headers["cache-control"]).toBe("no-store");
    exported = download.body;
    expect(exported).toContain('"Id":"ann@x.io"');
    const api = await t.app.inject({
      url: "/api/v1/tenants/acme/export",
      headers: { authorization: `Bearer ${key}` },
    });
    expect(comparable(exported)).toEqual(comparable(api.body));
    const csv = await b.get("/console/tenants/acme/export?format=csv");
    expect(csv.headers["content-type"]).toContain("text/csv");
    expect(csv.body).toContain("ann@x.io");
    expect((await b.get("/console/tenants/acme/export?format=xml")).statusCode).toBe(400);
  });

  it("previews an import as a dry run that writes nothing, then applies that document", async () => {
    const page = await b.get("/console/tenants/restore/migration");
    expect(page.body).toContain('<textarea id="import-document" name="document"');
    expect(page.body).not.toContain("Apply import");
    const preview = await b.post("/console/tenants/restore/import", { document: exported, mode: "dry-run" });
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain("Dry run: nothing was written.");
    expect(preview.body).toMatch(/data-label="Created"><strong>3<\/strong>/);
    expect(preview.body).toContain("Apply import");
    expect((await new IdentityService(t.store).pageUsers("restore", { limit: 10 })).items).toHaveLength(0);
    const applied = await b.post("/console/tenants/restore/import", {
      document: exported,
      mode: "apply",
      previewed: previewedOf(preview.body)!,
    });
    expect(applied.statusCode).toBe(200);
    expect(applied.body).toContain("Imported.");
    expect(applied.body).not.toContain("Apply import");
    const users = await new IdentityService(t.store).pageUsers("restore", { limit: 10 });
    expect(users.items.map((u) => u.user.id)).toEqual(["ann@x.io"]);
    const again = await b.get("/console/tenants/restore/export");
    expect(comparable(again.body)).toEqual(comparable(exported));
  });

  it("refuses to apply a document other than the one previewed, or without a preview", async () => {
    await t.tenants.createTenant("empty");
    await b.get("/console/tenants/empty/migration");
    const preview = await b.post("/console/tenants/empty/import", { document: exported, mode: "dry-run" });
    const changed = exported.replace("Ann", "Anne");
    for (const fields of <Record<string, string>[]>[
      { document: changed, mode: "apply", previewed: previewedOf(preview.body)! },
      { document: exported, mode: "apply" },
    ]) {
      const refused = await b.post("/console/tenants/empty/import", fields);
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain("not the one just previewed");
    }
    expect((await new IdentityService(t.store).pageUsers("empty", { limit: 10 })).items).toHaveLength(0);
  });

  it("refuses a bad document naming its line, and a tenant that is not empty unless merging", async () => {
    await b.get("/console/tenants/acme/migration");
    const [header] = exported.split("\n");
    const bad = await b.post("/console/tenants/acme/import", {
      document: `${header}\n{"Kind":"User"}\n`,
      mode: "dry-run",
      merge: "true",
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain("line 2");
    const notEmpty = await b.post("/console/tenants/acme/import", { document: exported, mode: "dry-run" });
    expect(notEmpty.statusCode).toBe(409);
    expect(notEmpty.body).toContain("merge");
    const empty = await b.post("/console/tenants/acme/import", { document: "  ", mode: "dry-run" });
    expect(empty.statusCode).toBe(400);
    const merged = await b.post("/console/tenants/acme/import", {
      document: await importDocument(t.store, "acme"),
      mode: "dry-run",
      merge: "true",
    });
    expect(merged.statusCode).toBe(200);
    expect(merged.body).toContain("first: imported");
    expect(merged.body).toContain('name="merge" value="true" checked');
  });

  it("shows the audit report with links to the users and roles it names", async () => {
    await new IdentityService(t.store).addRole("acme", "Store Managers");
    const page = await b.get("/console/tenants/acme/migration");
    expect(page.statusCode).toBe(200);
    const unlinked = /<section class="finding" aria-labelledby="audit-unlinked">([\s\S]*?)<\/section>/.exec(
      page.body,
    )?.[1];
    expect(unlinked).toContain('href="/console/tenants/acme/users/ann%40x.io"');
    const unadopted = /aria-labelledby="audit-unadopted">([\s\S]*?)<\/section>/.exec(page.body)?.[1];
    expect(unadopted).toContain('href="/console/tenants/acme/roles/storemanagers"');
  });

  it("lets a read-only key download the export and read the audit, with no import form", async () => {
    const reader = await t.signedIn(await t.key({ readOnly: true }));
    expect((await reader.get("/console/tenants/acme/export")).body).toContain('"Id":"ann@x.io"');
    const page = await reader.get("/console/tenants/acme/migration");
    expect(page.body).toContain("Audit report");
    expect(page.body).not.toContain("<textarea");
    expect(page.body).toContain("read-only: it cannot import");
  });
});
