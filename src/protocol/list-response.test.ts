import { describe, expect, it } from "vitest";
import { cursorCodec, cursorScope } from "./cursor.ts";

const CURSORS = cursorCodec("list-response-test-key");

import { listResponse, pagedListResponse } from "./list-response.ts";

describe("listResponse (RFC 7644 §3.4.2)", () => {
  it("wraps a page of resources", () => {
    expect(listResponse(12, 11, [{ id: "a" }, { id: "b" }])).toEqual({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
      totalResults: 12,
      startIndex: 11,
      itemsPerPage: 2,
      Resources: [{ id: "a" }, { id: "b" }],
    });
  });

  it("keeps Resources present when nothing matched", () => {
    expect(listResponse(0, 1, [])).toMatchObject({ totalResults: 0, itemsPerPage: 0, Resources: [] });
  });
});

describe("pagedListResponse (RFC 9865 §2)", () => {
  const NOW = Date.parse("2026-03-01T00:00:00.000Z");
  const page = {
    totalResults: 9,
    startIndex: 1,
    next: { kind: "offset", offset: 4 },
    previous: { kind: "offset", offset: 0 },
  } as const;

  it("answers an index page as a plain ListResponse", () => {
    const paging = { startIndex: 3, count: 2, cursor: undefined };
    expect(pagedListResponse({ ...page, startIndex: 3 }, paging, [{ id: "a" }], CURSORS, NOW)).toEqual(
      listResponse(9, 3, [{ id: "a" }]),
    );
  });

  it("answers a cursor page with nextCursor and previousCursor and without startIndex", () => {
    const scope = cursorScope(["User"]);
    const paging = { startIndex: 1, count: 2, cursor: { position: { kind: "offset", offset: 2 }, scope } } as const;
    const body = pagedListResponse(page, paging, [{ id: "a" }, { id: "b" }], CURSORS, NOW);
    expect(body).toMatchObject({ totalResults: 9, itemsPerPage: 2, Resources: [{ id: "a" }, { id: "b" }] });
    expect(body).not.toHaveProperty("startIndex");
    expect(CURSORS.decode(String(body["nextCursor"]), scope, NOW)).toEqual({ ok: true, value: page.next });
    expect(CURSORS.decode(String(body["previousCursor"]), scope, NOW)).toEqual({ ok: true, value: page.previous });
    const last = pagedListResponse({ totalResults: 1, startIndex: 1 }, paging, [{ id: "z" }], CURSORS, NOW);
    expect(last).not.toHaveProperty("nextCursor");
    expect(last).not.toHaveProperty("previousCursor");
  });
});
