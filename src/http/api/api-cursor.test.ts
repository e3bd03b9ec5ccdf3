import { describe, expect, it } from "vitest";
import { decodeListCursor, encodeListCursor, listScope } from "./api-cursor.ts";

describe("management API cursors", () => {
  const scope = listScope(["users", "acme", "pat", undefined]);

  it("round-trips a key, in URL-safe characters only", () => {
    const cursor = encodeListCursor(scope, ["2026-01-01T00:00:00.000Z", "pat@x.io"]);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(decodeListCursor(cursor, scope, 2)).toEqual(["2026-01-01T00:00:00.000Z", "pat@x.io"]);
  });

  it("binds a cursor to its list and filters", () => {
    const cursor = encodeListCursor(scope, ["t", "id"]);
    expect(() => decodeListCursor(cursor, listScope(["users", "acme", "lee", undefined]), 2)).toThrow(
      expect.objectContaining({ code: "invalidCursor", field: "cursor" }),
    );
  });

  it.each(["", "abc", "a.b.c", "!!.??", `${Buffer.from("{}").toString("base64url")}.AAAA`])(
    "refuses %j naming cursor",
    (text) => {
      expect(() => decodeListCursor(text, scope, 2)).toThrow(expect.objectContaining({ field: "cursor" }));
    },
  );

  it("refuses an edited cursor and one of the wrong arity", () => {
    const cursor = encodeListCursor(scope, ["t", "id"]);
    const [body, sum] = cursor.split(".");
    const edited = `${Buffer.from(Buffer.from(body!, "base64url").toString().replace('"id"', '"ie"')).toString("base64url")}.${sum}`;
    expect(() => decodeListCursor(edited, scope, 2)).toThrow(expect.objectContaining({ code: "invalidCursor" }));
    expect(() => decodeListCursor(cursor, scope, 1)).toThrow(expect.objectContaining({ code: "invalidCursor" }));
  });
});
