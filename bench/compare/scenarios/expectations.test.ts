import { describe, expect, it } from "vitest";
import { checkResponse, type Expectation } from "./expectations.ts";

const list = (ids: string[], total = ids.length, extra: Record<string, unknown>[] = []) =>
  JSON.stringify({ totalResults: total, Resources: [...ids.map((id) => ({ id })), ...extra] });

describe("checkResponse", () => {
  const cases: [string, Expectation, number, string, RegExp | undefined][] = [
    ["the resource asked for", { kind: "resource", id: "a@x" }, 200, '{"id":"a@x"}', undefined],
    [
      "a group with all its members",
      { kind: "resource", id: "g", members: 2 },
      200,
      '{"id":"g","members":[{"value":"a"},{"value":"b"}]}',
      undefined,
    ],
    ["a group missing members", { kind: "resource", id: "g", members: 2 }, 200, '{"id":"g"}', /0 members, expected 2/],
    ["another resource", { kind: "resource", id: "a@x" }, 200, '{"id":"b@x"}', /id "b@x", expected a@x/],
    ["a 404 for a GET", { kind: "resource", id: "a@x" }, 404, '{"status":"404"}', /status 404, expected 200/],
    ["a body that is no JSON", { kind: "resource", id: "a@x" }, 200, "<html>", /not a JSON object/],
    ["the one user the filter names", { kind: "matches", ids: ["a@x"] }, 200, list(["a@x"]), undefined],
    [
      "both users of an or, in any order",
      { kind: "matches", ids: ["a@x", "b@x"] },
      200,
      list(["b@x", "a@x"]),
      undefined,
    ],
    ["a filter that matched nothing", { kind: "matches", ids: ["a@x"] }, 200, list([]), /totalResults 0, expected 1/],
    [
      "a filter that matched someone else",
      { kind: "matches", ids: ["a@x"] },
      200,
      list(["b@x"]),
      /matched b@x, expected a@x/,
    ],
    [
      "a total that disagrees with the page",
      { kind: "matches", ids: ["a@x"] },
      200,
      list(["a@x"], 7),
      /totalResults 7/,
    ],
    [
      "a page that starts where it must",
      { kind: "page", total: 500, firstId: "u201", length: 2 },
      200,
      list(["u201", "u202"], 500),
      undefined,
    ],
    [
      "a page that starts elsewhere",
      { kind: "page", total: 500, firstId: "u201", length: 2 },
      200,
      list(["u1", "u2"], 500),
      /page starts at "u1", expected u201/,
    ],
    ["a short page", { kind: "page", total: 500, length: 100 }, 200, list(["u1"], 500), /page of 1, expected 100/],
    [
      "a page sorted as asked",
      { kind: "page", total: 3, length: 3, firstUserName: "a", sorted: "ascending" },
      200,
      JSON.stringify({ totalResults: 3, Resources: [{ userName: "a" }, { userName: "B" }, { userName: "c" }] }),
      undefined,
    ],
    [
      "a page out of order",
      { kind: "page", total: 3, length: 3, sorted: "descending" },
      200,
      JSON.stringify({ totalResults: 3, Resources: [{ userName: "c" }, { userName: "a" }, { userName: "b" }] }),
      /not sorted descending by userName at a, b/,
    ],
    ["the total only", { kind: "count", total: 1000 }, 200, '{"totalResults":1000,"Resources":[]}', undefined],
    ["a wrong total", { kind: "count", total: 1000 }, 200, '{"totalResults":999}', /totalResults 999, expected 1000/],
    ["resources for count=0", { kind: "count", total: 1 }, 200, list(["a"], 1), /count=0 returned 1 resources/],
    ["a created user", { kind: "created", userName: "n" }, 201, '{"id":"n@x","userName":"n"}', undefined],
    [
      "a create answered 200",
      { kind: "created", userName: "n" },
      200,
      '{"id":"n@x","userName":"n"}',
      /status 200, expected 201/,
    ],
    ["a 409 on create", { kind: "created", userName: "n" }, 409, '{"scimType":"uniqueness"}', /status 409/],
    ["a 204 for a PATCH", { kind: "status", statuses: [200, 204] }, 204, "", undefined],
    [
      "a 400 for a PATCH",
      { kind: "status", statuses: [200, 204] },
      400,
      '{"detail":"bad"}',
      /status 400, expected 200\/204/,
    ],
  ];

  it.each(cases)("judges %s", (_name, expectation, status, body, problem) => {
    const result = checkResponse(expectation, status, body);
    if (problem === undefined) expect(result).toBeUndefined();
    else expect(result).toMatch(problem);
  });
});
