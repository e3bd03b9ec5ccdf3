/** Runs the Group PATCH planning fixture table (plan-group-patch.fixtures.json), in strict RFC form, through planGroupPatch. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type ErrorCode, unwrap } from "../errors.ts";
import { URN } from "../resource/scim-object.ts";
import { parseStrictPatchRequest } from "./parse-strict-patch-request.ts";
import type { MemberChange } from "./patch-operation.ts";
import { planGroupPatch } from "./plan-group-patch.ts";

interface Fixture {
  readonly name: string;
  readonly source: string;
  readonly operations: unknown;
  readonly expected?: { readonly memberChanges: readonly MemberChange[]; readonly otherOperations: readonly unknown[] };
  readonly error?: ErrorCode;
}

const fixtures: readonly Fixture[] = JSON.parse(
  readFileSync(new URL("./plan-group-patch.fixtures.json", import.meta.url), "utf8"),
) as Fixture[];

function parsedOperations(operations: readonly unknown[]) {
  return operations.length === 0
    ? []
    : unwrap(parseStrictPatchRequest({ schemas: [URN.patchOp], Operations: operations }));
}

describe("planGroupPatch fixtures", () => {
  it.each(fixtures.map((fixture) => [fixture.name, fixture] as const))("%s", (_, fixture) => {
    const result = planGroupPatch(unwrap(parseStrictPatchRequest(fixture.operations)));
    if (fixture.error !== undefined) {
      expect(result.ok ? result.value : result.error.code).toBe(fixture.error);
      return;
    }
    expect(result.ok ? result.value.memberChanges : result.error).toEqual(fixture.expected?.memberChanges);
    expect(result.ok && result.value.otherOperations).toEqual(
      parsedOperations(fixture.expected?.otherOperations ?? []),
    );
  });
});
