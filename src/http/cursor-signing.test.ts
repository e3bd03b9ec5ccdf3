/** RFC 9865 cursors are signed with a key kept in the database: every instance over it accepts the others' cursors, on every database. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../config.ts";
import type { Store } from "../domain/ports.ts";
import { ScimService } from "../domain/scim-service.ts";
import { TenantService } from "../domain/tenant-service.ts";
import { hashToken } from "../domain/token.ts";
import { cursorCodec, cursorScope } from "../protocol/cursor.ts";
import { openStore } from "../storage/open-store.ts";
import { createPostgresDatabase, DATABASE_KINDS } from "../storage/testing/test-databases.ts";
import { buildApp } from "./build-app.ts";
import { bearer } from "./test-app.ts";

const TOKEN = "Y3Vyc29yLXNpZ25pbmctdG9rZW4tMDEyMzQ1Njc4OQ";
const BASE = "/scim/v2/acme/Okta";

async function databaseUrl(kind: "sqlite" | "postgres"): Promise<{ url: string; dispose: () => Promise<void> }> {
  if (kind === "sqlite") {
    const directory = await mkdtemp(join(tmpdir(), "roster-cursors-"));
    return {
      url: `sqlite:${join(directory, "roster.db")}`,
      dispose: () => rm(directory, { recursive: true, force: true }),
    };
  }
  const database = await createPostgresDatabase();
  const store = await openStore(database.url);
  await store.migrate();
  await store.close();
  return { url: database.url, dispose: database.drop };
}

describe.each(DATABASE_KINDS)("cursor signing across instances on %s", (kind) => {
  it("two apps over one database accept each other's cursors and refuse forged ones", async () => {
    const { url, dispose } = await databaseUrl(kind);
    const stores: Store[] = [await openStore(url), await openStore(url)];
    const config = { ...DEFAULT_CONFIG, logLevel: "silent" as const };
    const apps: FastifyInstance[] = stores.map((store) => buildApp({ store, scim: new ScimService(store), config }));
    try {
      // Both start at once: they race to create the key and must end up with the same one.
      await Promise.all(apps.map((app) => app.ready()));
      const [a, b] = apps as [FastifyInstance, FastifyInstance];
      const tenants = new TenantService(stores[0]!);
      await tenants.createTenant("acme");
      await tenants.setSetting("acme", "HashedScimProvisioningToken", hashToken(TOKEN));
      const headers = { ...bearer(TOKEN), "content-type": "application/scim+json" };
      for (const name of ["ada", "grace", "linus"]) {
        const created = await a.inject({
          method: "POST",
          url: `${BASE}/Users`,
          headers,
          payload: { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: name },
        });
        expect(created.statusCode).toBe(201);
      }
      const list = (app: FastifyInstance, cursor: string) =>
        app.inject({ method: "GET", url: `${BASE}/Users?count=1&cursor=${cursor}`, headers: bearer(TOKEN) });

      const first = (await list(a, "")).json();
      expect(first.Resources.map((r: { id: string }) => r.id)).toEqual(["ada"]);
      const second = await list(b, first.nextCursor);
      expect(second.statusCode).toBe(200);
      expect(second.json().Resources.map((r: { id: string }) => r.id)).toEqual(["grace"]);
      const third = await list(a, second.json().nextCursor);
      expect(third.json().Resources.map((r: { id: string }) => r.id)).toEqual(["linus"]);

      const scope = cursorScope(["User", undefined, undefined, "ascending"]);
      const forged = cursorCodec("not the server's key").encode({ kind: "offset", offset: 1 }, scope, Date.now());
      for (const app of apps) {
        const response = await list(app, forged);
        expect(response.statusCode).toBe(400);
        expect(response.json()).toMatchObject({ status: "400", scimType: "invalidCursor" });
      }
    } finally {
      for (const app of apps) await app.close();
      for (const store of stores) await store.close();
      await dispose();
    }
  });
});
