/**
 * The web console in a real Chromium against a real Roster (SPEC §13): sign in, create a tenant
 * and a token, provision a user over SCIM with that token, see its direct and indirect roles
 * with the path that gives them, nest roles and see the tree, refuse a cycle, pause and see a
 * SCIM write get 503, resume; find that SCIM request in the provisioning log by filter (and a
 * new one arriving live) and open its user; download the export and import it into another
 * tenant after a dry-run preview; add a webhook endpoint, see its failed delivery and retry it;
 * then the pages at a phone's width. Screenshots of every step go
 * to test/browser/screenshots/ (not committed); with UPDATE_DOC_SCREENSHOTS=1 the few that
 * docs/console.md shows are written to docs/console/.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Receiver, startReceiver } from "../../src/delivery/webhook-receiver.ts";
import { HAS_CHROMIUM, launchBrowser, type RosterServer, startRoster } from "./browser-kit.ts";

const SCREENSHOTS = join(import.meta.dirname, "screenshots");
const DOC_SCREENSHOTS = join(import.meta.dirname, "..", "..", "docs", "console");
const UPDATE_DOCS = process.env["UPDATE_DOC_SCREENSHOTS"] === "1";
const TENANT = "acme";
const PROVIDER = "Okta";

if (!HAS_CHROMIUM) {
  console.warn(
    "Skipping the console's browser suite: /usr/bin/chromium is absent (apt-get install -y chromium; .ci/run installs it).",
  );
}

describe.skipIf(!HAS_CHROMIUM)("the console in Chromium", () => {
  let roster: RosterServer;
  let browser: { context: BrowserContext; close: () => Promise<void> };
  let page: Page;
  let token = "";
  let scimBase = "";
  let exportPath = "";
  let receiver: Receiver | undefined;
  const cspViolations: string[] = [];
  const pageErrors: string[] = [];

  /** A full-page screenshot; with `doc`, the top of the page (or where a fragment scrolled) for docs/console/. */
  async function shot(name: string, doc = false, top = false): Promise<void> {
    await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
    if (!doc || !UPDATE_DOCS) return;
    if (top) await page.evaluate("window.scrollTo(0, 0)");
    await page.screenshot({ path: join(DOC_SCREENSHOTS, `${name}.png`), fullPage: false });
  }

  async function scim(method: string, path: string, body?: unknown): Promise<Response> {
    return fetch(`${scimBase}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/scim+json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }

  function tab(name: string) {
    return page.getByRole("navigation", { name: `Tenant ${TENANT}` }).getByRole("link", { name, exact: true });
  }

  async function submit(button: string): Promise<void> {
    await Promise.all([page.waitForLoadState("load"), page.getByRole("button", { name: button }).click()]);
  }

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    if (UPDATE_DOCS) mkdirSync(DOC_SCREENSHOTS, { recursive: true });
    roster = await startRoster();
    browser = await launchBrowser();
    page = await browser.context.newPage();
    page.on("console", (message) => {
      if (/Content.Security.Policy/i.test(message.text())) cspViolations.push(message.text());
    });
    page.on("pageerror", (error) => pageErrors.push(error.message));
    // The console asks before destructive changes: a person would say yes.
    page.on("dialog", (dialog) => void dialog.accept());
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await roster?.stop();
    await receiver?.close();
  });

  it("sends a visitor to the sign-in page and signs in with an admin key", async () => {
    await page.goto(`${roster.origin}/console`);
    await expect.poll(() => new URL(page.url()).pathname).toBe("/console/sign-in");
    await shot("sign-in", true);
    await page.getByLabel("Admin key").fill("rk_not-a-real-key");
    await submit("Sign in");
    expect(await page.getByRole("alert").textContent()).toContain("not valid");
    await page.getByLabel("Admin key").fill(roster.adminKey);
    await submit("Sign in");
    expect(new URL(page.url()).pathname).toBe("/console/tenants");
    const cookies = await browser.context.cookies();
    const session = cookies.find((c) => c.name === "roster_session");
    expect(session).toMatchObject({ httpOnly: true, sameSite: "Strict", path: "/console" });
  });

  it("creates a tenant and a token shown once", async () => {
    await page.getByLabel("Tenant id").fill(TENANT);
    await submit("Create tenant");
    expect(new URL(page.url()).pathname).toBe(`/console/tenants/${TENANT}`);
    await expect.poll(() => page.getByRole("status").first().textContent()).toContain("Tenant created");
    await shot("tenants-new");
    await submit("Create token");
    token = await page.locator("#new-token").inputValue();
    expect(token.length).toBeGreaterThan(40);
    await expect.poll(() => page.getByRole("button", { name: "Copy" }).first().isVisible()).toBe(true);
    await shot("token-created", true);
    await page.goto(`${roster.origin}/console/tenants/${TENANT}`);
    expect(await page.locator("#new-token").count()).toBe(0);
    await page.getByRole("link", { name: "Tenants", exact: true }).first().click();
    await page.waitForLoadState("load");
    await page.getByLabel("Tenant id").fill("globex");
    await submit("Create tenant");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Tenants" }).click();
    await page.waitForLoadState("load");
    expect(await page.getByRole("table").getByRole("link").allTextContents()).toEqual([TENANT, "globex"]);
    await shot("tenants", true);
    await page.goto(`${roster.origin}/console/tenants/${TENANT}`);
  });

  it("shows the SCIM endpoint URL for a provider", async () => {
    await page.getByLabel("Provider name").fill(PROVIDER);
    await submit("Show URL");
    scimBase = await page.locator("#endpoint-url").inputValue();
    expect(scimBase).toBe(`${roster.origin}/scim/v2/${TENANT}/${PROVIDER}`);
    await shot("tenant-overview", true);
  });

  it("shows a user provisioned over SCIM, with its direct role and source", async () => {
    const regional = await scim("POST", "/Groups", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
      displayName: "Regional Manager",
      externalId: "grp-regional",
    });
    expect(regional.status).toBe(201);
    const store = await scim("POST", "/Groups", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
      displayName: "Store Manager",
      externalId: "grp-store",
    });
    expect(store.status).toBe(201);
    const user = await scim("POST", "/Users", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName: "jane.doe@acme.example",
      name: { givenName: "Jane", familyName: "Doe" },
      emails: [{ value: "jane.doe@acme.example", type: "work", primary: true }],
      phoneNumbers: [{ value: "+1 555 0100", type: "work" }],
      externalId: "00u1a2b3c4",
      active: true,
    });
    expect(user.status).toBe(201);
    const userId = ((await user.json()) as { id: string }).id;
    const regionalId = ((await regional.json()) as { id: string }).id;
    const patch = await scim("PATCH", `/Groups/${encodeURIComponent(regionalId)}`, {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "add", path: "members", value: [{ value: userId }] }],
    });
    expect(patch.status).toBeLessThan(300);
    for (let n = 1; n <= 3; n++) {
      const other = await scim("POST", "/Users", {
        schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
        userName: `user${n}@acme.example`,
        name: { givenName: ["Sam", "Lee", "Ana"][n - 1], familyName: ["Ortiz", "Kim", "Silva"][n - 1] },
        emails: [{ value: `user${n}@acme.example`, type: "work", primary: true }],
      });
      expect(other.status).toBe(201);
    }

    await tab("Users").click();
    await page.waitForLoadState("load");
    await page.getByLabel("Search users").pressSequentially("jan", { delay: 40 });
    // htmx replaces the results as one types, and puts the search in the address bar.
    await expect.poll(() => page.locator("#user-results tbody tr").count()).toBe(1);
    await expect.poll(() => new URL(page.url()).searchParams.get("q")).toBe("jan");
    await shot("users-search", true);
    await page.getByRole("link", { name: "Jane Doe" }).click();
    await page.waitForLoadState("load");
    const direct = page.getByRole("region", { name: "Direct roles", exact: true });
    expect(await direct.textContent()).toContain("Regional Manager");
    expect(await direct.textContent()).toContain(`scim:${PROVIDER}`);
    const external = page.getByRole("region", { name: "External ids" });
    expect(await external.textContent()).toContain("jane.doe@acme.example");
  });

  it("nests roles, draws the tree, and shows the indirect roles with their path", async () => {
    await tab("Roles").click();
    await page.waitForLoadState("load");
    await page.getByLabel("Display name").fill("Cashier");
    await submit("Add role");
    await tab("Roles").click();
    await page.waitForLoadState("load");
    await shot("roles", true);
    await page.getByRole("link", { name: "Regional Manager" }).first().click();
    await page.waitForLoadState("load");
    await page.getByLabel("Make Regional Manager contain").fill("storemanager");
    await submit("Nest role");
    await page.getByRole("link", { name: "Store Manager" }).first().click();
    await page.waitForLoadState("load");
    await page.getByLabel("Make Store Manager contain").fill("cashier");
    await submit("Nest role");
    await page.getByRole("link", { name: "Regional Manager" }).first().click();
    await page.waitForLoadState("load");
    const tree = page.getByRole("list", { name: "Roles contained in Regional Manager" });
    // Nested lists: Regional Manager > Store Manager > Cashier.
    expect(await tree.locator(":scope > li > ul > li > ul > li").textContent()).toContain("Cashier");
    expect(await tree.locator(":scope > li > ul > li > .node a").textContent()).toBe("Store Manager");
    const members = page.getByRole("region", { name: "Members" });
    expect(await members.textContent()).toContain("jane.doe@acme.example");
    await shot("role", true);

    await page.goto(`${roster.origin}/console/tenants/${TENANT}/users/${encodeURIComponent("jane.doe@acme.example")}`);
    const indirect = page.getByRole("region", { name: "Indirect roles" });
    const paths = (await indirect.getByRole("listitem").allTextContents()).map((t) => t.replace(/\s+/g, " ").trim());
    expect(paths).toEqual(["Store Manager via Regional Manager", "Cashier via Regional Manager → Store Manager"]);
    await shot("user", true);
  });

  it("refuses a nesting that would make a cycle, with a clear message", async () => {
    await page.goto(`${roster.origin}/console/tenants/${TENANT}/roles/cashier`);
    await page.getByLabel("Make Cashier contain").fill("regionalmanager");
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST"),
      page.getByRole("button", { name: "Nest role" }).click(),
    ]);
    await page.waitForLoadState("load");
    expect(response.status()).toBe(409);
    expect(await page.getByRole("alert").textContent()).toContain("would make a cycle");
    await shot("cycle-refused");
  });

  it("pauses provisioning: the state shows at a glance and a SCIM write gets 503, until resumed", async () => {
    await page.goto(`${roster.origin}/console/tenants/${TENANT}`);
    await page.getByLabel("Retry-After (seconds)").fill("120");
    await submit("Pause provisioning");
    const banner = page.getByRole("status", { name: "Provisioning paused" });
    expect(await banner.textContent()).toContain("Provisioning is paused");
    await shot("paused", true, true);
    const refused = await scim("POST", "/Users", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName: "late@acme.example",
    });
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe("120");
    expect((await scim("GET", "/Users?count=1")).status).toBe(200);
    // The banner shows on every page of the tenant, with Resume at hand.
    await tab("Users").click();
    await page.waitForLoadState("load");
    await banner.getByRole("button", { name: "Resume provisioning" }).click();
    await page.waitForLoadState("load");
    expect(await page.getByRole("status", { name: "Provisioning paused" }).count()).toBe(0);
    const accepted = await scim("POST", "/Users", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName: "late@acme.example",
    });
    expect(accepted.status).toBe(201);
  });

  it("finds a SCIM request in the provisioning log by filter, sees a new one arrive live, and opens its user", async () => {
    await page.goto(`${roster.origin}/console/tenants/${TENANT}`);
    await tab("Provisioning log").click();
    await page.waitForLoadState("load");
    await page.getByLabel("Provider", { exact: true }).fill(PROVIDER);
    await page.getByLabel("Outcome", { exact: true }).selectOption("created");
    await page.getByLabel("Status", { exact: true }).fill("2xx");
    await page.getByLabel("Since", { exact: true }).fill("1h");
    // By keyboard: Enter in a field submits the filters.
    await Promise.all([page.waitForURL(/outcome=created/), page.getByLabel("Since", { exact: true }).press("Enter")]);
    const query = new URL(page.url()).searchParams;
    expect([query.get("provider"), query.get("outcome"), query.get("status")]).toEqual([PROVIDER, "created", "2xx"]);
    const rows = page.locator("#log-results tbody tr");
    const jane = rows.filter({ hasText: "jane.doe@acme.example" });
    expect(await jane.count()).toBe(1);
    expect(await jane.textContent()).toContain("POST /Users");
    // Every row is a creation by Okta: the filter holds.
    for (const text of await rows.allTextContents()) expect(text).toMatch(/Okta[\s\S]*created/);
    await shot("log", true, true);
    const live = await scim("POST", "/Users", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName: "live@acme.example",
    });
    expect(live.status).toBe(201);
    // htmx polls the rows: the new request shows without a reload.
    await expect
      .poll(() => rows.filter({ hasText: "live@acme.example" }).count(), { timeout: 15_000, interval: 500 })
      .toBe(1);
    await jane.getByRole("link").click();
    await page.waitForLoadState("load");
    expect(decodeURIComponent(new URL(page.url()).pathname)).toBe(
      `/console/tenants/${TENANT}/users/jane.doe@acme.example`,
    );
    // Live refresh may wait for a few 5-second polls on a busy machine.
  }, 45_000);

  it("downloads the export, which holds the provisioned user as the identity provider sent it", async () => {
    await tab("Migration").click();
    await page.waitForLoadState("load");
    await shot("migration", true, true);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Download export (NDJSON)" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^roster-acme-\d{4}-\d{2}-\d{2}\.ndjson$/);
    exportPath = join(SCREENSHOTS, "export.ndjson");
    await download.saveAs(exportPath);
    const lines = readFileSync(exportPath, "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ Format: "roster-export", Version: 1, Tenant: TENANT });
    const user = lines.find((line) => line["Kind"] === "User" && line["Id"] === "jane.doe@acme.example");
    expect(user).toMatchObject({ FirstName: "Jane", LastName: "Doe", Roles: ["regionalmanager"] });
    expect((user?.["Scim"] as Record<string, { userName: string }> | undefined)?.[PROVIDER]?.userName).toBe(
      "jane.doe@acme.example",
    );
    await page.locator("#audit").scrollIntoViewIfNeeded();
    await shot("audit", true);
  });

  it("imports the export into another tenant after a dry-run preview", async () => {
    await page.goto(`${roster.origin}/console/tenants/globex/migration`);
    // The file picker appears with the console's script and loads the file into the field.
    await page.getByLabel("Load an export file").setInputFiles(exportPath);
    await expect
      .poll(() => page.getByLabel("Export document (NDJSON)").inputValue())
      .toContain("jane.doe@acme.example");
    await submit("Preview changes");
    const preview = page.getByRole("status", { name: "Import preview" });
    expect(await preview.textContent()).toContain("Dry run: nothing was written");
    expect(await page.getByRole("table").first().textContent()).toContain("jane.doe@acme.example");
    await shot("import-preview", true);
    // Nothing was written: another tab sees no user in globex.
    const other = await browser.context.newPage();
    await other.goto(`${roster.origin}/console/tenants/globex/users`);
    expect(await other.locator("#user-results tbody tr").count()).toBe(0);
    await other.close();
    await submit("Apply import");
    expect(await page.getByRole("status", { name: "Import report" }).textContent()).toContain("Imported");
    await page.goto(`${roster.origin}/console/tenants/globex/users?q=jane`);
    expect(await page.locator("#user-results tbody tr").count()).toBe(1);
  });

  it("adds a webhook endpoint with its secret shown once, sees a failed delivery, and retries it", async () => {
    receiver = await startReceiver();
    let status = 500;
    receiver.answer = () => status;
    await page.goto(`${roster.origin}/console/tenants/${TENANT}`);
    await tab("Events & webhooks").click();
    await page.waitForLoadState("load");
    expect(await page.getByRole("region", { name: "Recent events" }).textContent()).toContain("user.created");
    await shot("events", true, true);
    await page.getByLabel("Endpoint URL").fill(receiver.url);
    await submit("Add endpoint");
    const secret = await page.locator("#new-webhook-secret").inputValue();
    expect(secret).toMatch(/^whsec_/);
    receiver.secret = secret;
    await shot("webhook-created");
    await page.getByRole("region", { name: "Webhook endpoints" }).locator('a[href*="/webhooks/wh_"]').first().click();
    await page.waitForLoadState("load");
    await submit("Send test");
    expect(await page.getByRole("status").first().textContent()).toContain("not delivered");
    const deliveries = page.getByRole("region", { name: "Deliveries" });
    expect(await deliveries.textContent()).toContain("HTTP 500");
    status = 204;
    // By keyboard: focus the Retry button and press Enter.
    await deliveries
      .getByRole("button", { name: /^Retry delivery/ })
      .first()
      .focus();
    await Promise.all([page.waitForURL(/done=retry-/), page.keyboard.press("Enter")]);
    expect(await page.getByRole("status").first().textContent()).toContain("Delivery retried: delivered.");
    expect(receiver.accepted().map((e) => e["Type"])).toContain("webhook.test");
    await shot("webhook", true, true);
  });

  it("fits a phone's width on every page, without horizontal scrolling", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    const paths = [
      "/console/tenants",
      `/console/tenants/${TENANT}`,
      `/console/tenants/${TENANT}/users`,
      `/console/tenants/${TENANT}/users/${encodeURIComponent("jane.doe@acme.example")}`,
      `/console/tenants/${TENANT}/roles`,
      `/console/tenants/${TENANT}/roles/regionalmanager`,
      `/console/tenants/${TENANT}/log`,
      `/console/tenants/${TENANT}/events`,
      `/console/tenants/${TENANT}/migration`,
    ];
    for (const path of paths) {
      await page.goto(`${roster.origin}${path}`);
      const width = await page.evaluate<number>("document.documentElement.scrollWidth");
      expect({ path, width }).toEqual({ path, width: 390 });
      const name = `phone-${path.split("/").filter(Boolean).slice(2).join("-") || "tenants"}`;
      await shot(path.includes("/users/") ? "phone-user" : name, path.includes("/users/"));
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it("signs out, and the session cookie no longer opens a page", async () => {
    await page.goto(`${roster.origin}/console/tenants`);
    await submit("Sign out");
    expect(new URL(page.url()).pathname).toBe("/console/sign-in");
    await page.goto(`${roster.origin}/console/tenants/${TENANT}`);
    expect(new URL(page.url()).pathname).toBe("/console/sign-in");
  });

  it("ran without a Content-Security-Policy violation or a script error", () => {
    expect(cspViolations).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
