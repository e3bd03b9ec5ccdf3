import { describe, expect, it } from "vitest";
import type { ReachedRole } from "./model.ts";
import { indirectRolePaths } from "./role-paths.ts";

const reached = (id: string, depth: number, viaId: string | null): ReachedRole => ({
  id,
  displayName: id.toUpperCase(),
  depth,
  viaId,
});

describe("indirectRolePaths", () => {
  it("gives each indirect role the chain from a direct role, and leaves direct roles out", () => {
    const paths = indirectRolePaths([
      reached("regional", 0, null),
      reached("store", 1, "regional"),
      reached("cashier", 2, "store"),
    ]);
    expect(paths).toEqual([
      { role: { id: "store", displayName: "STORE" }, via: [{ id: "regional", displayName: "REGIONAL" }] },
      {
        role: { id: "cashier", displayName: "CASHIER" },
        via: [
          { id: "regional", displayName: "REGIONAL" },
          { id: "store", displayName: "STORE" },
        ],
      },
    ]);
  });

  it("orders by path length, then display name", () => {
    const paths = indirectRolePaths([reached("a", 0, null), reached("z", 1, "a"), reached("b", 1, "a")]);
    expect(paths.map((p) => p.role.id)).toEqual(["b", "z"]);
  });

  it("stops at a step it cannot follow instead of looping", () => {
    const paths = indirectRolePaths([reached("x", 2, "y"), reached("y", 1, "x")]);
    expect(paths.every((p) => p.via.length <= 3)).toBe(true);
  });

  it("answers nothing for direct roles only", () => {
    expect(indirectRolePaths([reached("a", 0, null)])).toEqual([]);
  });
});
