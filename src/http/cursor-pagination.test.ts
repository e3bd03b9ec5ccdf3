import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cursorCodec, cursorScope } from "../protocol/cursor.ts";
import { CURSOR_SECRET } from "./build-app.ts";
import { bearer, type TestApp, testApp } from "./test-app.ts";

const TOKEN = "Y3Vyc29yLXBhZ2luYXRpb24tdG9rZW4tMDEyMzQ1";
const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
const SEARCH = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";
const BASE = "/scim/v2/acme/Okta";

interface ListBody {
  readonly totalResults: number;
  readonly itemsPerPage: number;
  readonly startIndex?: number;
  readonly nextCursor?: string;
  readonly previousCursor?: string;
  readonly Resources: readonly { readonly id: string }[];
}

describe("cursor pagination (RFC 9865)", () => {
  let t: TestApp;
  const get = (path: string) => t.app.inject({ method: "GET", url: `${BASE}${path}`, headers: bearer(TOKEN) });
  const post = (path: string, body: unknown) =>
    t.app.inject({
      method: "POST",
      url: `${BASE}${path}`,
      headers: { ...bearer(TOKEN), "content-type": "application/scim+json" },
      payload: JSON.stringify(body),
    });
  const ids = (body: ListBody) => body.Resources.map((r) => r.id);

  beforeAll(async () => {
    t = await testApp({ config: { maxResults: 3 } });
    await t.addTenant("acme", TOKEN);
    for (const name of ["u1", "u2", "u3", "u4", "u5"]) {
      const email = `${name}@example.com`;
      const user = { schemas: [USER], userName: email, emails: [{ value: email, primary: true }] };
      expect((await post("/Users", user)).statusCode).toBe(201);
    }
    for (const displayName of ["G1", "G2"])
      expect((await post("/Groups", { schemas: [GROUP], displayName })).statusCode).toBe(201);
  });
  afterAll(() => t.close());

  /** Follows nextCursor from `first` to the last page. */
  async function walk(first: string, next: (cursor: string) => string): Promise<ListBody[]> {
    const pages: ListBody[] = [(await get(first)).json()];
    for (let page = pages[0]; page?.nextCursor !== undefined; ) {
      const response = await get(next(page.nextCursor));
      expect(response.statusCode).toBe(200);
      page = response.json();
      if (page !== undefined) pages.push(page);
    }
    return pages;
  }

  it("walks every user once by nextCursor, with totals and without startIndex", async () => {
    const pages = await walk("/Users?cursor&count=2", (cursor) => `/Users?count=2&cursor=${cursor}`);
    expect(pages.map(ids)).toEqual([
      ["u1@example.com", "u2@example.com"],
      ["u3@example.com", "u4@example.com"],
      ["u5@example.com"],
    ]);
    expect(pages.map((p) => [p.totalResults, p.itemsPerPage])).toEqual([
      [5, 2],
      [5, 2],
      [5, 1],
    ]);
    expect(pages.every((p) => p.startIndex === undefined)).toBe(true);
    expect(pages[0]?.previousCursor).toBeUndefined();
    expect(pages[2]?.nextCursor).toBeUndefined();
    expect(pages[0]?.nextCursor).toMatch(/^[A-Za-z0-9._~-]+$/);
  });

  it("goes back with previousCursor", async () => {
    const first: ListBody = (await get("/Users?cursor=&count=2")).json();
    const second: ListBody = (await get(`/Users?count=2&cursor=${first.nextCursor}`)).json();
    const back: ListBody = (await get(`/Users?count=2&cursor=${second.previousCursor}`)).json();
    expect(ids(back)).toEqual(ids(first));
    expect(back.previousCursor).toBeUndefined();
  });

  it("uses maxResults as the default and largest page", async () => {
    const body: ListBody = (await get("/Users?cursor=&count=100")).json();
    expect(body.itemsPerPage).toBe(3);
    expect(((await get("/Users?cursor")).json() as ListBody).itemsPerPage).toBe(3);
  });

  it("keeps index paging as the default", async () => {
    const body: ListBody = (await get("/Users?startIndex=2&count=2")).json();
    expect([ids(body), body.startIndex, body.nextCursor]).toEqual([["u2@example.com", "u3@example.com"], 2, undefined]);
  });

  it("pages sorted lists, groups, and every /.search by cursor", async () => {
    const sorted = await walk(
      "/Users?cursor&count=2&sortBy=userName&sortOrder=descending",
      (cursor) => `/Users?count=2&sortBy=userName&sortOrder=descending&cursor=${cursor}`,
    );
    expect(sorted.flatMap(ids)).toEqual(["u5", "u4", "u3", "u2", "u1"].map((u) => `${u}@example.com`));
    const groups = await walk("/Groups?cursor&count=1", (cursor) => `/Groups?count=1&cursor=${cursor}`);
    expect(groups.flatMap(ids)).toEqual(["g1", "g2"]);

    const search = async (path: string) => {
      const seen: string[] = [];
      let cursor = "";
      for (;;) {
        const body: ListBody = (await post(path, { schemas: [SEARCH], cursor, count: 3 })).json();
        seen.push(...ids(body));
        if (body.nextCursor === undefined) return seen;
        cursor = body.nextCursor;
      }
    };
    expect(await search("/Users/.search")).toHaveLength(5);
    expect(await search("/Groups/.search")).toEqual(["g1", "g2"]);
    expect(await search("/.search")).toEqual([
      "u1@example.com",
      "u2@example.com",
      "u3@example.com",
      "u4@example.com",
      "u5@example.com",
      "g1",
      "g2",
    ]);
  });

  it("refuses a tampered, foreign or malformed cursor with 400 invalidCursor", async () => {
    const first: ListBody = (await get("/Users?cursor&count=2")).json();
    const next = String(first.nextCursor);
    const tampered = `${next.slice(0, 4)}${next[4] === "A" ? "B" : "A"}${next.slice(5)}`;
    for (const path of [
      `/Users?count=2&cursor=${tampered}`,
      `/Users?count=2&cursor=${next.slice(0, -2)}`,
      "/Users?cursor=not-a-cursor",
      `/Users?cursor=${next}&filter=${encodeURIComponent('userName sw "u"')}`,
      `/Groups?cursor=${next}`,
    ]) {
      const response = await get(path);
      expect(response.statusCode, path).toBe(400);
      expect(response.json()).toMatchObject({
        schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
        status: "400",
        scimType: "invalidCursor",
      });
    }
    const body = await post("/.search", { schemas: [SEARCH], cursor: next });
    expect(body.json()).toMatchObject({ scimType: "invalidCursor" });
  });

  it("refuses a cursor older than cursorTimeout with 400 expiredCursor", async () => {
    const { encode } = cursorCodec(await t.store.serverSecret(CURSOR_SECRET));
    const scope = cursorScope(["User", undefined, undefined, "ascending"]);
    const fresh = encode({ kind: "offset", offset: 1 }, scope, Date.now());
    expect((await get(`/Users?cursor=${fresh}`)).statusCode).toBe(200);
    const old = encode({ kind: "offset", offset: 1 }, scope, Date.now() - 2 * 3600 * 1000);
    const response = await get(`/Users?cursor=${old}`);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ status: "400", scimType: "expiredCursor" });
  });

  it("refuses with 400 invalidCursor a cursor a client made without the server's key", async () => {
    const scope = cursorScope(["User", undefined, undefined, "ascending"]);
    const json = JSON.stringify({ v: 1, s: scope, t: Math.floor(Date.now() / 1000), p: ["o", 1] });
    const body = Buffer.from(json).toString("base64url");
    // The checksum cursors carried before they were signed: anyone could compute it.
    const unkeyed = `${body}.${createHash("sha256").update(json).digest("base64url").slice(0, 22)}`;
    const guessed = cursorCodec("a guessed key").encode({ kind: "offset", offset: 1 }, scope, Date.now());
    for (const cursor of [unkeyed, guessed]) {
      const response = await get(`/Users?cursor=${cursor}`);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ status: "400", scimType: "invalidCursor" });
    }
  });

  it.each([
    ["/Users?cursor&count=0", "invalidCount"],
    ["/Users?cursor&count=-1", "invalidCount"],
    ["/Users?cursor&startIndex=2", "invalidValue"],
    ["/Groups?cursor&count=abc", "invalidValue"],
  ])("refuses %s with %s", async (path, scimType) => {
    const response = await get(path);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ status: "400", scimType });
  });
});
