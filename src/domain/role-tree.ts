/**
 * The nesting below a role as a tree (SPEC §6, §13): what a role contains, at every depth. A
 * role contained along two paths appears under each; a role that would contain one of its own
 * ancestors (a cycle, which nesting refuses) is shown once and not followed.
 */
import type { NestingEdge, RoleRef } from "./model.ts";

/** A role in the tree and the roles it contains. */
export interface RoleTreeNode {
  readonly role: RoleRef;
  readonly children: readonly RoleTreeNode[];
  /** True when this role already appears above it on its own branch: it is not expanded. */
  readonly cycle: boolean;
}

/** A tree, and whether it was cut short at `maxNodes`. */
export interface RoleTree {
  readonly root: RoleTreeNode;
  readonly truncated: boolean;
}

/** The most nodes a tree holds: a wide diamond of nestings repeats roles, and a page must stay readable. */
export const MAX_TREE_NODES = 500;

/** Builds the tree below `root` from every nesting edge below it; children ordered by display name, then Id. */
export function roleTree(root: RoleRef, edges: readonly NestingEdge[], maxNodes = MAX_TREE_NODES): RoleTree {
  const children = new Map<string, RoleRef[]>();
  for (const edge of edges) {
    const list = children.get(edge.parentId) ?? [];
    list.push(edge.child);
    children.set(edge.parentId, list);
  }
  for (const list of children.values()) {
    list.sort((a, b) => compare(a.displayName, b.displayName) || compare(a.id, b.id));
  }
  let nodes = 0;
  let truncated = false;
  const build = (role: RoleRef, above: ReadonlySet<string>): RoleTreeNode => {
    nodes += 1;
    if (above.has(role.id)) return { role, children: [], cycle: true };
    const path = new Set(above).add(role.id);
    const built: RoleTreeNode[] = [];
    for (const child of children.get(role.id) ?? []) {
      if (nodes >= maxNodes) {
        truncated = true;
        break;
      }
      built.push(build(child, path));
    }
    return { role, children: built, cycle: false };
  };
  const tree = build(root, new Set());
  return { root: tree, truncated };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
