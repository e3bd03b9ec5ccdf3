import { createHash, createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { CURSOR_TIMEOUT_SECONDS, type CursorPosition, cursorCodec, cursorScope } from "./cursor.ts";
import { parseListQuery } from "./list-query.ts";

const KEY = "the-server-key-kept-in-server_secrets";
const codec = cursorCodec(KEY);
const encodeCursor = codec.encode;
const decodeCursor = codec.decode;

const NOW = Date.parse("2026-03-01T12:00:00.000Z");
const SCOPE = cursorScope(["User", 'userName sw "a"', undefined, "ascending"]);
const AFTER: CursorPosition = { kind: "after", key: { createdAt: "2026-03-01T10:00:00.000Z", id: "ada@example.com" } };

function errorOf(text: string, scope = SCOPE, now = NOW): string | undefined {
  const result = decodeCursor(text, scope, now);
  return result.ok ? undefined : result.error.code;
}

describe("cursors (RFC 9865)", () => {
  it.each<CursorPosition>([
    { kind: "start" },
    AFTER,
    { kind: "before", key: { createdAt: "2026-01-01T00:00:00.000Z", id: "Grâce ☃ / ? & = %" } },
    { kind: "offset", offset: 4200 },
  ])("round-trips %j through unreserved characters only", (position) => {
    const text = encodeCursor(position, SCOPE, NOW);
    expect(text).toMatch(/^[A-Za-z0-9._~-]+$/);
    expect(decodeCursor(text, SCOPE, NOW)).toEqual({ ok: true, value: position });
  });

  it("reads an empty cursor as the first page", () => {
    expect(decodeCursor("", SCOPE, NOW)).toEqual({ ok: true, value: { kind: "start" } });
  });

  it("refuses a cursor issued for another query", () => {
    const other = cursorScope(["User", 'userName sw "b"', undefined, "ascending"]);
    expect(errorOf(encodeCursor(AFTER, other, NOW))).toBe("invalidCursor");
    expect(errorOf(encodeCursor(AFTER, cursorScope(["Group", 'userName sw "a"', undefined, "ascending"]), NOW))).toBe(
      "invalidCursor",
    );
  });

  it("refuses an edited cursor even when its signature part is kept", () => {
    const text = encodeCursor(AFTER, SCOPE, NOW);
    const [body = "", checksum = ""] = text.split(".");
    const json = Buffer.from(body, "base64url").toString("utf8").replace("ada@", "eve@");
    expect(errorOf(`${Buffer.from(json).toString("base64url")}.${checksum}`)).toBe("invalidCursor");
    const flipped = `${body.slice(0, 5)}${body[5] === "A" ? "B" : "A"}${body.slice(6)}.${checksum}`;
    expect(errorOf(flipped)).toBe("invalidCursor");
    expect(errorOf(text.slice(0, -1))).toBe("invalidCursor");
  });

  it.each([
    "garbage",
    "a.b.c",
    ".",
    "not base64!.x",
    "x".repeat(5000),
    `${Buffer.from("[]").toString("base64url")}.AAAA`,
  ])("refuses %s with invalidCursor", (text) => {
    expect(errorOf(text)).toBe("invalidCursor");
  });

  it("refuses a signed document that is no cursor", () => {
    for (const position of [["x"], ["o", -1], ["o", 1.5], ["a", "", "id"], ["a", 1, 2], ["s", 1]]) {
      const json = JSON.stringify({ v: 1, s: SCOPE, t: NOW / 1000, p: position });
      expect(errorOf(forge(json))).toBe("invalidCursor");
    }
  });

  it("expires a cursor after cursorTimeout, and refuses one from the future", () => {
    const text = encodeCursor(AFTER, SCOPE, NOW);
    expect(errorOf(text, SCOPE, NOW + CURSOR_TIMEOUT_SECONDS * 1000)).toBeUndefined();
    expect(errorOf(text, SCOPE, NOW + (CURSOR_TIMEOUT_SECONDS + 1) * 1000)).toBe("expiredCursor");
    expect(errorOf(text, SCOPE, NOW - 3600 * 1000)).toBe("invalidCursor");
  });
});

describe("cursor paging parameters (RFC 9865 §2)", () => {
  const options = { maxResults: 50, now: () => NOW, cursors: codec };
  const parse = (params: Record<string, unknown>) => parseListQuery("User", params, options);

  it("pages by index without a cursor and by cursor with one, even empty", () => {
    expect(parse({ startIndex: "3" })).toMatchObject({ ok: true, value: { startIndex: 3, cursor: undefined } });
    expect(parse({ cursor: "", count: "10" })).toMatchObject({
      ok: true,
      value: { count: 10, cursor: { position: { kind: "start" } } },
    });
  });

  it("binds the cursor to the filter, sortBy and sortOrder of the query", () => {
    const first = parse({ cursor: "", filter: 'userName sw "a"' });
    if (!first.ok || first.value.cursor === undefined) throw new Error("expected a cursor query");
    const next = encodeCursor(AFTER, first.value.cursor.scope, NOW);
    expect(parse({ cursor: next, filter: 'userName sw "a"', count: "5" }).ok).toBe(true);
    expect(parse({ cursor: next, filter: 'userName sw "b"' })).toMatchObject({ error: { code: "invalidCursor" } });
    expect(parse({ cursor: next, filter: 'userName sw "a"', sortOrder: "descending" })).toMatchObject({
      error: { code: "invalidCursor" },
    });
  });

  it.each([
    [{ cursor: "", count: "0" }, "invalidCount"],
    [{ cursor: "", count: "-3" }, "invalidCount"],
    [{ cursor: "", count: "ten" }, "invalidValue"],
    [{ cursor: "", startIndex: "1" }, "invalidValue"],
    [{ cursor: 12 }, "invalidCursor"],
    [{ cursor: "nonsense" }, "invalidCursor"],
  ])("refuses %j with %s", (params, code) => {
    expect(parse(params)).toMatchObject({ ok: false, error: { code } });
  });

  it("caps a cursor page at maxResults like an index page", () => {
    expect(parse({ cursor: "", count: "5000" })).toMatchObject({ ok: true, value: { count: 50 } });
    expect(parse({ cursor: "" })).toMatchObject({ ok: true, value: { count: 50 } });
  });
});

/** A cursor signed with the server's key around an arbitrary document (what only the server can make). */
function forge(json: string, key: string = KEY): string {
  return `${Buffer.from(json).toString("base64url")}.${createHmac("sha256", key).update(json).digest("base64url").slice(0, 22)}`;
}

describe("cursor signatures", () => {
  const json = JSON.stringify({ v: 1, s: SCOPE, t: NOW / 1000, p: ["o", 1_000_000] });

  it("accepts what the server's key signed", () => {
    expect(decodeCursor(forge(json), SCOPE, NOW)).toEqual({ ok: true, value: { kind: "offset", offset: 1_000_000 } });
  });

  it("refuses a cursor forged without the key: the old unkeyed checksum, another key, no signature", () => {
    const body = Buffer.from(json).toString("base64url");
    const unkeyed = `${body}.${createHash("sha256").update(json).digest("base64url").slice(0, 22)}`;
    expect(errorOf(unkeyed)).toBe("invalidCursor");
    expect(errorOf(forge(json, "a-key-the-client-guessed"))).toBe("invalidCursor");
    expect(errorOf(`${body}.`)).toBe("invalidCursor");
    expect(errorOf(`${body}.${"A".repeat(22)}`)).toBe("invalidCursor");
  });

  it("is accepted by every codec holding the same key, and by no other", () => {
    const text = encodeCursor(AFTER, SCOPE, NOW);
    expect(cursorCodec(KEY).decode(text, SCOPE, NOW)).toEqual({ ok: true, value: AFTER });
    expect(cursorCodec(Buffer.from(KEY)).decode(text, SCOPE, NOW)).toEqual({ ok: true, value: AFTER });
    expect(cursorCodec("another instance's key").decode(text, SCOPE, NOW)).toMatchObject({
      error: { code: "invalidCursor" },
    });
  });

  it("refuses an empty key", () => {
    expect(() => cursorCodec("")).toThrow();
  });
});
