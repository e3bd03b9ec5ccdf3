import { describe, expect, it } from "vitest";
import type { NestingEdge, RoleRef } from "./model.ts";
import { type RoleTreeNode, roleTree } from "./role-tree.ts";

const ref = (id: string): RoleRef => ({ id, displayName: id.toUpperCase() });
const edge = (parentId: string, child: string): NestingEdge => ({ parentId, child: ref(child) });

/** The tree as nested arrays of ids, `!` marking a cycle. */
function shape(node: RoleTreeNode): unknown {
  const name = node.cycle ? `${node.role.id}!` : node.role.id;
  return node.children.length === 0 ? name : [name, node.children.map(shape)];
}

describe("roleTree", () => {
  it("nests the edges below the root, children by display name", () => {
    const { root, truncated } = roleTree(ref("top"), [edge("top", "z"), edge("top", "b"), edge("b", "leaf")]);
    expect(shape(root)).toEqual(["top", [["b", ["leaf"]], "z"]]);
    expect(truncated).toBe(false);
  });

  it("repeats a role contained along two paths", () => {
    const { root } = roleTree(ref("a"), [edge("a", "b"), edge("a", "c"), edge("b", "d"), edge("c", "d")]);
    expect(shape(root)).toEqual([
      "a",
      [
        ["b", ["d"]],
        ["c", ["d"]],
      ],
    ]);
  });

  it("marks a cycle once and does not follow it", () => {
    const { root } = roleTree(ref("x"), [edge("x", "y"), edge("y", "x")]);
    expect(shape(root)).toEqual(["x", [["y", ["x!"]]]]);
  });

  it("stops at the node limit and says so", () => {
    const edges = Array.from({ length: 50 }, (_, n) => edge("root", `c${n}`));
    const { root, truncated } = roleTree(ref("root"), edges, 10);
    expect(root.children.length).toBe(9);
    expect(truncated).toBe(true);
  });
});
