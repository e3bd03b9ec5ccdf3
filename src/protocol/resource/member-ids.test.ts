/** The one reading of a Group's `members` (RFC 7643 §4.2) that creates, PUTs and PATCHes share. */
import { describe, expect, it } from "vitest";
import { planGroupPatch } from "../patch/plan-group-patch.ts";
import { parseMemberIds } from "./member-ids.ts";
import type { JsonValue } from "./scim-object.ts";

describe("parseMemberIds", () => {
  it.each([
    { members: undefined, ids: [] },
    { members: [], ids: [] },
    { members: [{ value: "a@x.io" }, { value: "b" }], ids: ["a@x.io", "b"] },
    { members: [{ value: "a" }, { value: "a" }, { Value: "b", display: "B" }], ids: ["a", "b"] },
    { members: [{ value: " padded " }], ids: [" padded "] },
  ])("reads $members as $ids", ({ members, ids }) => {
    expect(parseMemberIds(members as JsonValue | undefined)).toEqual({ ok: true, value: ids });
  });

  it.each([
    { members: { value: "a" } },
    { members: "a" },
    { members: [{ value: "" }] },
    { members: [{ value: " " }] },
    { members: [{ value: "\t\u00a0\u3000" }] },
    { members: [{ value: 7 }] },
    { members: [{ display: "no value" }] },
    { members: ["a"] },
    { members: [null] },
  ])("refuses $members with invalidValue", ({ members }) => {
    const result = parseMemberIds(members as JsonValue);
    expect(result.ok ? undefined : result.error.code).toBe("invalidValue");
  });

  it("refuses a blank member in a PATCH as it does in a resource", () => {
    const plan = planGroupPatch([
      {
        op: "add",
        path: { uri: undefined, name: "members", valueFilter: undefined, subAttr: undefined },
        value: [{ value: " " }],
      },
    ]);
    expect(plan.ok ? undefined : plan.error.code).toBe("invalidValue");
    expect(parseMemberIds([{ value: " " }]).ok).toBe(false);
  });
});
