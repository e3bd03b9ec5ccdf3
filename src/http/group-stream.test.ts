import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ScimService } from "../domain/scim-service.ts";
import { userIndex } from "../domain/user-writes.ts";
import { projectResource } from "../protocol/projection.ts";
import { user as fixtureUser } from "../storage/contract/fixtures.ts";
import { GROUP_MEMBER_PAGE } from "./group-stream.ts";
import { projectionOf } from "./query-params.ts";
import { bearer, type TestApp, testApp } from "./test-app.ts";

const TOKEN = "Z3JvdXAtc3RyZWFtLXRlc3RzLXRva2VuLTAxMjM0NQ";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
const BASE = "/scim/v2/acme/EntraID";
/** Two full pages and a partial one. */
const MEMBERS = 2 * GROUP_MEMBER_PAGE + 345;

describe("GET of a group larger than a page of members", () => {
  let t: TestApp;

  const get = (path: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: "GET", url: `${BASE}${path}`, headers: { ...bearer(TOKEN), ...headers } });

  /** The body the group's GET gave before it was streamed: the whole resource, projected, as one JSON text. */
  async function wholeBody(query: Record<string, string>): Promise<string> {
    const scim = new ScimService(t.store);
    const ctx = { tenantId: "acme", provider: "EntraID", baseUrl: "http://localhost:80/scim/v2/acme/EntraID" };
    const resource = await scim.getGroup(ctx, "bigteam", { includeMembers: true });
    return JSON.stringify(projectResource(resource, "Group", projectionOf("Group", query)));
  }

  beforeAll(async () => {
    t = await testApp();
    await t.addTenant("acme", TOKEN);
    const created = await t.app.inject({
      method: "POST",
      url: `${BASE}/Groups`,
      headers: { ...bearer(TOKEN), "content-type": "application/json" },
      payload: JSON.stringify({ schemas: [GROUP], displayName: "Big Team", externalId: "g-big", description: "x" }),
    });
    expect(created.statusCode).toBe(201);
    const at = new Date().toISOString();
    const ids: string[] = [];
    await t.store.transaction(async (tx) => {
      for (let i = 0; i < MEMBERS; i++) {
        // Ids in an order unlike their creation order, some needing percent-encoding in `$ref`.
        const id = `${String((i * 7919) % MEMBERS).padStart(5, "0")}${i % 3 === 0 ? "+x" : ""}@example.com`;
        const user = fixtureUser(id, {
          firstName: `First ${i}`,
          lastName: i % 5 === 0 ? 'Ünïcødé "quoted"' : `Last${i}`,
          scim: null,
          createdAt: at,
          modifiedAt: at,
        });
        await tx.users.insert("acme", user, userIndex(user));
        ids.push(id);
      }
      await tx.roles.addMembers("acme", "bigteam", ids, "EntraID");
    });
  }, 120_000);
  afterAll(() => t.close());

  it.each([
    [""],
    ["?attributes=members.value,displayName"],
    ["?attributes=members"],
    ["?excludedAttributes=meta,externalId"],
    ["?excludedAttributes=members.display"],
  ])("streams GET /Groups/bigteam%s with the same text as the whole resource", async (query) => {
    const response = await get(`/Groups/bigteam${query}`);
    expect(response.statusCode).toBe(200);
    // Streamed: no length known in advance.
    expect(response.headers["content-length"]).toBeUndefined();
    expect(response.headers["content-type"]).toContain("application/scim+json");
    expect(response.headers["etag"]).toBe('W/"1"');
    const params = Object.fromEntries(new URLSearchParams(query));
    expect(response.body).toBe(await wholeBody(params));
    if (!query.includes("members.value")) expect(response.json().members).toHaveLength(MEMBERS);
  });

  it("sends the group without members as one body when the projection leaves them out", async () => {
    const response = await get("/Groups/bigteam?excludedAttributes=members");
    expect(response.statusCode).toBe(200);
    expect(response.json().members).toBeUndefined();
    expect(response.body).toBe(await wholeBody({ excludedAttributes: "members" }));
  });

  it("answers a missing group, a failed If-Match and a matching If-None-Match before any member is read", async () => {
    const missing = await get("/Groups/nosuchgroup");
    expect(missing.statusCode).toBe(404);
    expect(missing.json().schemas).toEqual(["urn:ietf:params:scim:api:messages:2.0:Error"]);
    expect((await get("/Groups/bigteam", { "if-match": 'W/"7"' })).statusCode).toBe(412);
    const notModified = await get("/Groups/bigteam", { "if-none-match": 'W/"1"' });
    expect(notModified.statusCode).toBe(304);
    expect(notModified.body).toBe("");
  });

  it("refuses a malformed projection with 400 before anything is sent", async () => {
    const response = await get(`/Groups/bigteam?attributes=${encodeURIComponent('members[value eq "x"]')}`);
    expect(response.statusCode).toBe(400);
  });

  it("answers HEAD with the headers of the GET and no body", async () => {
    const response = await t.app.inject({ method: "HEAD", url: `${BASE}/Groups/bigteam`, headers: bearer(TOKEN) });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe("");
  });
});

describe("a group stream that fails after its first page", () => {
  it("is cut short: the client never gets a complete document it could take for the group", async () => {
    const t = await testApp({
      scim: (store) => {
        const real = new ScimService(store);
        return Object.assign(Object.create(real) as ScimService, {
          async groupMembers(_ctx: unknown, _id: string, after: string | undefined, limit: number) {
            if (after !== undefined) throw new Error("the database went away");
            return Array.from({ length: limit }, (_, i) => ({ value: `u${String(i).padStart(5, "0")}`, type: "User" }));
          },
        });
      },
    });
    await t.addTenant("acme", TOKEN);
    const created = await t.app.inject({
      method: "POST",
      url: `${BASE}/Groups`,
      headers: { ...bearer(TOKEN), "content-type": "application/json" },
      payload: JSON.stringify({ schemas: [GROUP], displayName: "Cut Short" }),
    });
    expect(created.statusCode).toBe(201);
    const response = await t.app
      .inject({ method: "GET", url: `${BASE}/Groups/cutshort`, headers: bearer(TOKEN) })
      .catch((error: unknown) => error);
    // The headers were sent; the body is destroyed mid-way, never ended as if complete.
    expect(response).toBeInstanceOf(Error);
    expect(String(response)).toContain("destroyed before completion");
    await t.close();
  });
});
