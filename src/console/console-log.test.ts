/** The provisioning log screen: filters, paging, the live fragment, and rows that open what they touched. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashToken } from "../domain/token.ts";
import { DATABASE_KINDS } from "../storage/testing/test-databases.ts";
import { type ConsoleBrowser, type ConsoleTestApp, consoleTestApp } from "./console-test-kit.ts";

const TOKEN = "bG9nLXNjcmVlbi10ZXN0LXRva2VuLTAxMjM0NTY3ODk";

/** The rows of the log table. */
function rows(body: string): string[] {
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => m[1]!).filter((row) => !row.includes("<th"));
}

describe.each(DATABASE_KINDS)("the provisioning log in the console on %s", (kind) => {
  let t: ConsoleTestApp;
  let b: ConsoleBrowser;
  let userId = "";
  let groupId = "";

  async function scim(method: string, path: string, body?: unknown, provider = "Okta", token = TOKEN) {
    return t.app.inject({
      method: method as "POST",
      url: `/scim/v2/acme/${provider}${path}`,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/scim+json" },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
  }

  /** Waits until the log's buffered rows (reads, refusals) are written: it flushes within a second. */
  async function untilLogged(path: string, count: number): Promise<string> {
    let body = "";
    await expect
      .poll(
        async () => {
          body = (await b.get(path)).body;
          return rows(body).length;
        },
        { timeout: 5000, interval: 200 },
      )
      .toBeGreaterThanOrEqual(count);
    return body;
  }

  beforeAll(async () => {
    t = await consoleTestApp(kind);
    await t.tenants.createTenant("acme");
    await t.tenants.setSetting("acme", "HashedScimProvisioningToken", hashToken(TOKEN));
    await t.tenants.createTenant("globex");
    const user = await scim("POST", "/Users", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName: "jane@acme.example",
      name: { givenName: "Jane", familyName: "Doe" },
    });
    expect(user.statusCode).toBe(201);
    userId = user.json().id;
    const group = await scim(
      "POST",
      "/Groups",
      { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName: "Store Manager" },
      "EntraID",
    );
    expect(group.statusCode).toBe(201);
    groupId = group.json().id;
    expect((await scim("GET", "/Users", undefined, "Okta", "wrong-token")).statusCode).toBe(401);
    b = await t.signedIn(await t.key());
  });
  afterAll(() => t.close());

  it("lists the requests newest first, each row linking to the user or role it touched", async () => {
    const body = await untilLogged("/console/tenants/acme/log", 3);
    const [unauthorized, created, createdUser] = rows(body);
    expect(unauthorized).toContain("unauthorized");
    expect(unauthorized).toContain("401");
    expect(created).toContain("EntraID");
    expect(created).toContain(`href="/console/tenants/acme/roles/${encodeURIComponent(groupId)}"`);
    expect(createdUser).toContain("POST /Users");
    expect(createdUser).toContain(`href="/console/tenants/acme/users/${encodeURIComponent(userId)}"`);
    expect(createdUser).toContain("created");
    // The link opens the user's page.
    expect((await b.get(`/console/tenants/acme/users/${encodeURIComponent(userId)}`)).statusCode).toBe(200);
  });

  it("filters by provider, outcome, status and time, and keeps the filters in the form", async () => {
    await untilLogged("/console/tenants/acme/log", 3);
    const okta = await b.get("/console/tenants/acme/log?provider=okta&outcome=created");
    expect(rows(okta.body)).toHaveLength(1);
    expect(rows(okta.body)[0]).toContain("POST /Users");
    expect(okta.body).toContain('value="okta"');
    expect(okta.body).toContain('<option value="created" selected>');
    expect(rows((await b.get("/console/tenants/acme/log?status=4xx")).body)).toHaveLength(1);
    expect(rows((await b.get("/console/tenants/acme/log?status=201&provider=EntraID")).body)).toHaveLength(1);
    expect(rows((await b.get("/console/tenants/acme/log?since=1h")).body).length).toBeGreaterThanOrEqual(3);
    const future = await b.get("/console/tenants/acme/log?since=2999-01-01");
    expect(rows(future.body)).toHaveLength(0);
    expect(future.body).toContain("No request matches");
    const mine = await b.get(`/console/tenants/acme/log?resourceType=User&resourceId=${encodeURIComponent(userId)}`);
    expect(rows(mine.body)).toHaveLength(1);
    expect(mine.body).toContain(`name="resourceId" value="${userId}"`);
    // The user's and the role's pages link to their own requests.
    const userPage = (await b.get(`/console/tenants/acme/users/${encodeURIComponent(userId)}`)).body;
    const own = /href="([^"]*\/log\?[^"]+)">Its provisioning log/.exec(userPage)?.[1]?.replaceAll("&amp;", "&");
    expect(rows((await b.get(own!)).body)).toHaveLength(1);
    const rolePage = (await b.get(`/console/tenants/acme/roles/${encodeURIComponent(groupId)}`)).body;
    const roleLog = /href="([^"]*\/log\?[^"]+)">Its provisioning log/.exec(rolePage)?.[1]?.replaceAll("&amp;", "&");
    const roleRows = rows((await b.get(roleLog!)).body);
    expect(roleRows).toHaveLength(1);
    expect(roleRows[0]).toContain("POST /Groups");
  });

  it("refuses a bad filter with 400 and the API's message, showing no rows", async () => {
    for (const [query, message] of [
      ["status=abc", "status must be a status (401) or a class (4xx)"],
      ["since=yesterday", "since must be an ISO date-time"],
      ["outcome=exploded", "Outcome must be one of"],
      ["provider=a%20b", "Provider must be 1-64 letters"],
      ["resourceType=Thing", "resource type must be User or Group"],
    ] as const) {
      const response = await b.get(`/console/tenants/acme/log?${query}`);
      expect({ query, status: response.statusCode }).toEqual({ query, status: 400 });
      expect(response.body).toContain(message);
      expect(rows(response.body)).toHaveLength(0);
    }
  });

  it("refreshes the first page live by polling its rows fragment, and stops on request or on later pages", async () => {
    const first = await b.get("/console/tenants/acme/log?provider=Okta");
    expect(first.body).toContain('hx-get="/console/tenants/acme/log/rows?provider=Okta"');
    expect(first.body).toContain('hx-trigger="every 5s"');
    const fragment = await b.get("/console/tenants/acme/log/rows?provider=Okta");
    expect(fragment.statusCode).toBe(200);
    expect(fragment.body).not.toContain("<html");
    expect(fragment.body.startsWith('<div id="log-results"')).toBe(true);
    expect(fragment.body).toContain("POST /Users");
    const stopped = await b.get("/console/tenants/acme/log?provider=Okta&live=off");
    expect(stopped.body).not.toContain("hx-trigger");
    expect(stopped.body).toContain("Refresh live");
  });

  it("pages 50 rows at a time with a cursor bound to the filters", async () => {
    for (let n = 0; n < 52; n++) await scim("GET", `/Users/${encodeURIComponent(userId)}`);
    const body = await untilLogged("/console/tenants/acme/log?outcome=read", 50);
    expect(rows(body)).toHaveLength(50);
    const next = /href="([^"]*cursor=[^"]+)" rel="next"/.exec(body)?.[1]?.replaceAll("&amp;", "&");
    expect(next).toBeDefined();
    const second = await b.get(next!);
    expect(rows(second.body).length).toBeGreaterThanOrEqual(2);
    expect(second.body).not.toContain("hx-trigger");
    expect(second.body).toContain("Back to the newest");
    const cursor = new URL(next!, "http://x").searchParams.get("cursor")!;
    const other = await b.get(`/console/tenants/acme/log?outcome=created&cursor=${encodeURIComponent(cursor)}`);
    expect(other.statusCode).toBe(400);
  });

  it("shows another tenant's log empty, not this one's", async () => {
    const globex = await b.get("/console/tenants/globex/log");
    expect(globex.statusCode).toBe(200);
    expect(rows(globex.body)).toHaveLength(0);
  });
});
