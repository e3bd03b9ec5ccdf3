import { describe, expect, it } from "vitest";
import { entityTagMatches, parseEntityTagCondition } from "./entity-tag.ts";

describe("parseEntityTagCondition (RFC 7232 §3.1, §3.2)", () => {
  it.each([
    [undefined, undefined],
    ["", undefined],
    ["  ", undefined],
    ["*", "*"],
    [" * ", "*"],
    ['W/"3"', ["3"]],
    ['"3"', ["3"]],
    ['W/"1", "2" ,W/"x,y"', ["1", "2", "x,y"]],
    ["W/3", ["3"]],
    ["7", ["7"]],
    [
      ['W/"1"', 'W/"2"'],
      ["1", "2"],
    ],
  ])("reads %j as %j", (header, expected) => {
    expect(parseEntityTagCondition(header)).toEqual(expected);
  });
});

describe("entityTagMatches (weak comparison, RFC 7232 §2.3.2)", () => {
  it.each([
    ["*", 'W/"4"', true],
    [["4"], 'W/"4"', true],
    [["3", "4"], 'W/"4"', true],
    [["3"], 'W/"4"', false],
    [['W/"4"'], 'W/"4"', false],
    [["44"], 'W/"4"', false],
  ] as const)("%j against %s is %s", (condition, current, expected) => {
    expect(entityTagMatches(condition, current)).toBe(expected);
  });

  it("matches what the header parser reads from the ETag a response carried", () => {
    const etag = 'W/"12"';
    const condition = parseEntityTagCondition(etag);
    expect(condition && entityTagMatches(condition, etag)).toBe(true);
  });
});
