import { describe, expect, it } from "vitest";
import { assertAdminAccess } from "./admin-access.ts";
import type { AdminKeyRecord } from "./model.ts";

const key = (tenantId: string | null, readOnly: boolean): AdminKeyRecord => ({
  id: "ak_0000000000000001",
  name: "k",
  tenantId,
  readOnly,
  createdAt: "2026-01-01T00:00:00.000Z",
  lastUsedAt: null,
});

const code = (fn: () => void): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
};

describe("assertAdminAccess", () => {
  it.each([
    ["a global key reads anything", key(null, false), { tenantId: "b", globalOnly: true, write: true }, undefined],
    ["a read-only key may not write", key(null, true), { tenantId: "b", globalOnly: false, write: true }, "forbidden"],
    ["a scoped key sees its tenant", key("a", false), { tenantId: "a", globalOnly: false, write: true }, undefined],
    [
      "a scoped key sees no other tenant",
      key("a", false),
      { tenantId: "b", globalOnly: false, write: false },
      "notFound",
    ],
    [
      "another tenant is 404 before read-only",
      key("a", true),
      { tenantId: "b", globalOnly: false, write: true },
      "notFound",
    ],
    ["global-only routes refuse a scoped key", key("a", false), { globalOnly: true, write: false }, "forbidden"],
  ] as const)("%s", (_name, record, requirement, expected) => {
    expect(code(() => assertAdminAccess(record, requirement))).toBe(expected);
  });
});
