/** SPEC §12 over HTTP on SQLite and PostgreSQL: export, import and audit, the round trip, SCIM after an import. */
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASE_KINDS } from "../../storage/testing/test-databases.ts";
import { type ApiTestApp, apiTestApp, type ProblemBody } from "./api-test-kit.ts";
import { api, comparable, exportText, importDocument, scim, seedMigrationTenant } from "./migration-test-kit.ts";

const TOKEN = "bWlncmF0aW9uLXJvdXRlcy10b2tlbi0wMTIzNDU2Nzg5";
const COPY_TOKEN = "bWlncmF0aW9uLWNvcHktdG9rZW4tMDEyMzQ1Njc4OWFi";

describe.each(DATABASE_KINDS)("migration routes on %s", (kind) => {
  let t: ApiTestApp;
  let original = "";

  beforeAll(async () => {
    t = await apiTestApp(kind);
    await t.addTenant("acme", TOKEN);
    await seedMigrationTenant(t, "acme", TOKEN);
    original = await exportText(t, "acme");
  }, 60_000);
  afterAll(() => t.close());

  describe("export", () => {
    it("streams a header, the roles, then the users as NDJSON, with a file name", async () => {
      const response = await t.call({ url: "/api/v1/tenants/acme/export", key: t.rootKey });
      expect(response.statusCode).toBe(200);
      expect(response.headers["content-type"]).toBe("application/x-ndjson");
      expect(response.headers["content-disposition"]).toMatch(
        /^attachment; filename="roster-acme-\d{4}-\d{2}-\d{2}\.ndjson"$/,
      );
      const lines = response.body
        .trimEnd()
        .split("\n")
        .map((line) => JSON.parse(line));
      expect(lines[0]).toEqual({
        Format: "roster-export",
        Version: 1,
        Tenant: "acme",
        ExportedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
        Counts: { Users: 5, Roles: 5 },
      });
      expect(lines.slice(1, 6).map((l) => [l.Kind, l.Id])).toEqual([
        ["Role", "regionalmanager"],
        ["Role", "storemanager"],
        ["Role", "salesteam"],
        ["Role", "storemanagers"],
        ["Role", "engineering"],
      ]);
      expect(lines.slice(6).map((l) => [l.Kind, l.Id])).toEqual([
        ["User", "pat@acme.example"],
        ["User", "lee@acme.example"],
        ["User", "ada@acme.example"],
        ["User", "kiosk-7"],
        ["User", "sam@acme.example"],
      ]);
      expect(lines).toHaveLength(11);
    });

    it("writes each record in its §9 shape, with role sources, nesting, external ids and the SCIM attributes per provider", () => {
      const byId = new Map(
        original
          .trimEnd()
          .split("\n")
          .slice(1)
          .map((line) => JSON.parse(line) as Record<string, unknown>)
          .map((line) => [line["Id"], line]),
      );
      expect(byId.get("regionalmanager")).toEqual({
        Kind: "Role",
        Id: "regionalmanager",
        DisplayName: "Regional Manager",
        ExternalIds: [],
        RoleType: "Role",
        Roles: ["salesteam", "storemanager"],
        CreatedAt: expect.any(String),
        UpdatedAt: expect.any(String),
      });
      expect(byId.get("storemanager")).toMatchObject({
        DisplayName: "Store Manager",
        ExternalIds: [
          { Provider: "EntraID", Value: "g-store" },
          { Provider: "Okta", Value: "okta-store" },
        ],
        RoleType: "Role",
        Scim: { Okta: {} },
      });
      expect(byId.get("pat@acme.example")).toMatchObject({
        Email: "pat@acme.example",
        B2CId: "oid-pat",
        ExternalIds: [{ Provider: "EntraID", Value: "pat@corp.example" }],
        Roles: ["regionalmanager", "storemanager", "storemanagers"],
        RoleSources: { regionalmanager: "manual", storemanager: "scim:EntraID", storemanagers: "manual" },
        Active: true,
        Scim: {
          EntraID: {
            userName: "pat@corp.example",
            externalId: "oid-pat",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
              department: "Sales",
              employeeNumber: "1001",
            },
          },
        },
      });
      expect(byId.get("ada@acme.example")).toMatchObject({
        ExternalIds: [
          { Provider: "EntraID", Value: "ada@corp.example" },
          { Provider: "Okta", Value: "ada" },
        ],
        Scim: { Okta: { userName: "ada" } },
      });
      expect(byId.get("kiosk-7")).toMatchObject({ Email: null, Roles: ["engineering"] });
      expect(byId.get("sam@acme.example")).toMatchObject({ Active: false, RoleSources: { engineering: "scim:Okta" } });
      expect(byId.get("lee@acme.example")).toMatchObject({ Active: false, ExternalIds: [] });
      expect(byId.get("lee@acme.example")).not.toHaveProperty("Scim");
    });

    it("writes json as one document holding the same lines, and csv as one user a row", async () => {
      const json = JSON.parse(await exportText(t, "acme", "json")) as Record<string, unknown>;
      const lines = original
        .trimEnd()
        .split("\n")
        .map((line) => JSON.parse(line));
      const { Items, ...header } = json;
      expect({ ...header, ExportedAt: "-" }).toEqual({ ...lines[0], ExportedAt: "-" });
      expect(Items).toEqual(lines.slice(1));
      const csv = await exportText(t, "acme", "csv");
      const rows = csv.split("\r\n");
      expect(rows[0]).toBe("\uFEFFId,Email,FirstName,LastName,Phone,Active,Roles");
      expect(rows[1]).toBe(
        "pat@acme.example,pat@acme.example,Pat,Smith,'+47 5555 0100,true,regionalmanager;storemanager;storemanagers",
      );
      expect(rows[4]).toBe("kiosk-7,,Kiosk,,,true,engineering");
      expect(rows).toHaveLength(7);
    });

    it("answers 404 for an unknown tenant or another tenant's key, 400 for an unknown format", async () => {
      expect((await t.call({ url: "/api/v1/tenants/nobody/export", key: t.rootKey })).statusCode).toBe(404);
      await t.addTenant("other");
      const otherKey = await t.key({ tenantId: "other" });
      expect((await t.call({ url: "/api/v1/tenants/acme/export", key: otherKey })).statusCode).toBe(404);
      const bad = await t.call({ url: "/api/v1/tenants/acme/export?format=xml", key: t.rootKey });
      expect(bad.statusCode).toBe(400);
      expect((bad.json() as ProblemBody).errors?.map((e) => e.field)).toEqual(["format"]);
      expect((await t.call({ url: "/api/v1/tenants/acme/export" })).statusCode).toBe(401);
    });

    it("lets a read-only key scoped to the tenant export and audit, but not import", async () => {
      const key = await t.key({ tenantId: "acme", readOnly: true });
      expect(await exportText(t, "acme", "ndjson", key)).toContain('"Kind":"User"');
      expect((await t.call({ url: "/api/v1/tenants/acme/audit", key })).statusCode).toBe(200);
      expect((await importDocument(t, "acme", original, "?dryRun=true", key)).statusCode).toBe(403);
    });
  });

  describe("import", () => {
    it("restores an export into an empty tenant: exporting it again gives the same document but ExportedAt and Tenant", async () => {
      await t.addTenant("copy", COPY_TOKEN);
      const response = await importDocument(t, "copy", original);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        Tenant: "copy",
        DryRun: false,
        Merge: false,
        Source: { Tenant: "acme", ExportedAt: JSON.parse(original.split("\n")[0]!).ExportedAt },
        Roles: {
          Created: {
            Count: 5,
            First: ["regionalmanager", "storemanager", "salesteam", "storemanagers", "engineering"],
          },
          Changed: { Count: 0, First: [] },
          Unchanged: { Count: 0, First: [] },
        },
        Users: {
          Created: {
            Count: 5,
            First: ["pat@acme.example", "lee@acme.example", "ada@acme.example", "kiosk-7", "sam@acme.example"],
          },
          Changed: { Count: 0, First: [] },
          Unchanged: { Count: 0, First: [] },
        },
      });
      const again = await exportText(t, "copy");
      expect(comparable(again)).toEqual(comparable(original));
      expect(JSON.parse(again.split("\n")[0]!).Tenant).toBe("copy");
    });

    it("makes imported users and groups answer SCIM exactly as the originals", async () => {
      const queries: [string, string][] = [
        ["EntraID", "/Users?filter=" + encodeURIComponent('userName eq "pat@corp.example"')],
        ["Okta", "/Users?filter=" + encodeURIComponent('userName eq "ADA"')],
        ["EntraID", "/Users?filter=" + encodeURIComponent('emails[type eq "work"].value eq "ada@acme.example"')],
        ["EntraID", "/Users?filter=" + encodeURIComponent('externalId eq "oid-pat"')],
        ["EntraID", "/Users?filter=" + encodeURIComponent('name.givenName sw "ki"')],
        [
          "EntraID",
          "/Users?filter=" +
            encodeURIComponent('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "Sales"'),
        ],
        ["EntraID", "/Users?filter=" + encodeURIComponent("active eq false")],
        ["EntraID", "/Users?filter=" + encodeURIComponent('title co "engin"')],
        ["EntraID", "/Users?sortBy=userName&count=10"],
        ["EntraID", "/Users/kiosk-7"],
        ["EntraID", "/Groups?filter=" + encodeURIComponent('displayName eq "store manager"')],
        ["Okta", "/Groups?filter=" + encodeURIComponent('externalId eq "okta-store"')],
        ["EntraID", "/Groups?filter=" + encodeURIComponent('members[value eq "ada@acme.example"]')],
        ["EntraID", "/Groups/engineering"],
      ];
      const shown = (body: string, tenant: string) =>
        JSON.parse(body.replaceAll(`/scim/v2/${tenant}/`, "/scim/v2/T/"), (key, value) =>
          key === "version" ? undefined : value,
        );
      for (const [provider, path] of queries) {
        const before = await scim(t, TOKEN, "acme", provider, "GET", path);
        const after = await scim(t, COPY_TOKEN, "copy", provider, "GET", path);
        expect(before.statusCode, path).toBe(200);
        expect(shown(after.body, "copy"), `${provider} ${path}`).toEqual(shown(before.body, "acme"));
      }
      const found = await scim(
        t,
        COPY_TOKEN,
        "copy",
        "Okta",
        "GET",
        `/Users?filter=${encodeURIComponent('userName eq "ada"')}`,
      );
      expect(found.json()).toMatchObject({ totalResults: 1, Resources: [{ id: "ada@acme.example" }] });
      // The next SCIM write of an imported user finds it linked, as the original: no duplicate.
      const again = await scim(t, COPY_TOKEN, "copy", "EntraID", "POST", "/Users", {
        schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
        userName: "pat@corp.example",
      });
      expect(again.statusCode).toBe(409);
    });

    it("refuses a tenant that is not empty unless merging, and writes nothing", async () => {
      const refused = await importDocument(t, "copy", original);
      expect(refused.statusCode).toBe(409);
      expect((refused.json() as ProblemBody).detail).toMatch(/^tenant "copy" is not empty \(users: 5, roles: 5\)/);
      const merged = await importDocument(t, "copy", original, "?merge=true");
      expect(merged.statusCode).toBe(200);
      expect(merged.json()).toMatchObject({
        Merge: true,
        Roles: { Created: { Count: 0 }, Changed: { Count: 0 }, Unchanged: { Count: 5 } },
        Users: { Created: { Count: 0 }, Changed: { Count: 0 }, Unchanged: { Count: 5 } },
      });
      expect(comparable(await exportText(t, "copy"))).toEqual(comparable(original));
    });

    it("refuses a bad document with the line and the reason, and writes nothing", async () => {
      await t.addTenant("broken");
      const lines = original.trimEnd().split("\n");
      const bad = [
        ...lines.slice(0, 7),
        lines[7]!.replace('"Roles":["salesteam"]', '"Roles":["salesteam","ghost"]'),
        ...lines.slice(8),
      ];
      const response = await importDocument(t, "broken", bad.join("\n"));
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({
        type: "urn:roster:problem:invalid-request",
        status: 400,
        detail: 'line 8: Roles[1] names role "ghost" that the document does not define',
        errors: [{ field: "line 8", detail: 'line 8: Roles[1] names role "ghost" that the document does not define' }],
      });
      const cut = await importDocument(t, "broken", lines.slice(0, -1).join("\n"));
      expect((cut.json() as ProblemBody).detail).toMatch(
        /^line 1: the header announces 5 roles and 5 users, the document holds 5 and 4/,
      );
      const version = await importDocument(t, "broken", original.replace('"Version":1', '"Version":2'));
      expect((version.json() as ProblemBody).detail).toMatch(/^line 1: Version 2 is not one this Roster reads/);
      const csv = await importDocument(t, "broken", await exportText(t, "acme", "csv"));
      expect((csv.json() as ProblemBody).detail).toMatch(/^line 1: not a JSON value/);
      expect(JSON.parse((await exportText(t, "broken")).split("\n")[0]!).Counts).toEqual({ Users: 0, Roles: 0 });
    });

    it("dry-runs: says what would be created, changed and left alone, and writes nothing", async () => {
      await api(t, "PATCH", "/tenants/copy/users/kiosk-7", { FirstName: "Changed" });
      await api(t, "DELETE", "/tenants/copy/users/sam%40acme.example");
      const before = await exportText(t, "copy");
      const response = await importDocument(t, "copy", original, "?merge=true&dryRun=true");
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({
        DryRun: true,
        Roles: { Created: { Count: 0 }, Changed: { Count: 0 }, Unchanged: { Count: 5 } },
        Users: {
          Created: { Count: 1, First: ["sam@acme.example"] },
          Changed: { Count: 1, First: ["kiosk-7"] },
          Unchanged: { Count: 3 },
        },
      });
      expect(comparable(await exportText(t, "copy"))).toEqual(comparable(before));
    });

    it("refuses a body that is not NDJSON with 415, an unknown tenant with 404", async () => {
      const json = await t.call({
        method: "POST",
        url: "/api/v1/tenants/copy/import",
        key: t.rootKey,
        body: { Format: "x" },
      });
      expect(json.statusCode).toBe(415);
      expect((await importDocument(t, "nobody", original)).statusCode).toBe(404);
      const unknown = await importDocument(t, "copy", original, "?force=true");
      expect(unknown.statusCode).toBe(400);
    });
  });

  describe("audit", () => {
    it("reports the four findings of SPEC §12 and the rule in force", async () => {
      const response = await t.call({ url: "/api/v1/tenants/acme/audit", key: t.rootKey });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        Tenant: "acme",
        ManualRoles: "replace",
        ManualRolesToDrop: [
          { UserId: "lee@acme.example", Roles: ["salesteam"], Providers: [], When: "after-first-sync" },
          {
            UserId: "pat@acme.example",
            Roles: ["regionalmanager", "storemanagers"],
            Providers: ["EntraID"],
            When: "next-write",
          },
        ],
        UnadoptedRoles: [
          { RoleId: "regionalmanager", DisplayName: "Regional Manager", NearMatches: [] },
          { RoleId: "salesteam", DisplayName: "Sales Team", NearMatches: [] },
          { RoleId: "storemanagers", DisplayName: "Store Managers", NearMatches: ["storemanager"] },
        ],
        UnlinkedUsers: ["lee@acme.example"],
        MultiProvider: [
          { Kind: "Role", Id: "storemanager", Providers: ["EntraID", "Okta"] },
          { Kind: "User", Id: "ada@acme.example", Providers: ["EntraID", "Okta"] },
        ],
        Counts: { ManualRolesToDrop: 2, UnadoptedRoles: 3, UnlinkedUsers: 1, MultiProvider: 2 },
        Limit: 1000,
      });
    });

    it("cuts lists at limit, keeping the counts, and refuses a limit out of range", async () => {
      const response = await t.call({ url: "/api/v1/tenants/acme/audit?limit=1", key: t.rootKey });
      expect(response.json()).toMatchObject({
        ManualRolesToDrop: [{ UserId: "lee@acme.example" }],
        UnadoptedRoles: [{ RoleId: "regionalmanager" }],
        MultiProvider: [{ Kind: "Role" }],
        Counts: { ManualRolesToDrop: 2, UnadoptedRoles: 3, UnlinkedUsers: 1, MultiProvider: 2 },
        Limit: 1,
      });
      expect((await t.call({ url: "/api/v1/tenants/acme/audit?limit=0", key: t.rootKey })).statusCode).toBe(400);
      expect((await t.call({ url: "/api/v1/tenants/acme/audit?limit=100001", key: t.rootKey })).statusCode).toBe(400);
      expect((await t.call({ url: "/api/v1/tenants/nobody/audit", key: t.rootKey })).statusCode).toBe(404);
    });
  });
});

describe.each(DATABASE_KINDS)("an export whose client goes away, on %s", (kind) => {
  it("stops reading and lets the server go on", async () => {
    const t = await apiTestApp(kind);
    try {
      await t.addTenant("big");
      await t.store.transaction(async (tx) => {
        const at = new Date().toISOString();
        await tx.bulk.insertUsers(
          "big",
          Array.from({ length: 3000 }, (_, i) => {
            const user = {
              id: `user${i}@x.io`,
              email: `user${i}@x.io`,
              firstName: "x".repeat(200),
              lastName: null,
              phone: null,
              b2cId: null,
              externalIds: [],
              active: true,
              scim: null,
              scimProvider: null,
              createdAt: at,
              modifiedAt: at,
              version: 1,
            };
            return { user, index: [] };
          }),
        );
      });
      await t.app.listen({ host: "127.0.0.1", port: 0 });
      const { port } = t.app.server.address() as { port: number };
      const received = await new Promise<number>((resolve, reject) => {
        const request = http.get(
          {
            host: "127.0.0.1",
            port,
            path: "/api/v1/tenants/big/export",
            headers: { authorization: `Bearer ${t.rootKey}` },
          },
          (response) => {
            response.once("data", (chunk: Buffer) => {
              request.destroy();
              resolve(chunk.length);
            });
          },
        );
        request.on("error", (error) => {
          if ((error as NodeJS.ErrnoException).code !== "ECONNRESET") reject(error);
        });
      });
      expect(received).toBeGreaterThan(0);
      // The snapshot ended: the database answers (SQLite in memory has one connection the export held).
      const after = await t.call({ url: "/api/v1/tenants/big/audit?limit=1", key: t.rootKey });
      expect(after.statusCode).toBe(200);
      expect(after.json()).toMatchObject({ Counts: { UnlinkedUsers: 3000 } });
    } finally {
      await t.close();
    }
  });
});
