/**
 * Why a user holds each of its indirect roles (SPEC §6, §13): for every role reached through
 * nesting, one shortest chain of roles from a role the user holds directly ("via Regional
 * Manager → Store Manager").
 */
import type { ReachedRole, RoleRef } from "./model.ts";

/** A role held through nesting, and the roles that lead to it: `via[0]` is held directly, the last contains `role`. */
export interface IndirectRole {
  readonly role: RoleRef;
  readonly via: readonly RoleRef[];
}

/**
 * Builds each indirect role's path from what `reachedRoles` found: each role names the role one
 * step up a shortest path, at one depth less, down to a direct role. Roles at depth 0 are
 * direct and left out. Ordered by depth, then display name.
 */
export function indirectRolePaths(reached: readonly ReachedRole[]): IndirectRole[] {
  const byId = new Map(reached.map((role) => [role.id, role]));
  const result: IndirectRole[] = [];
  for (const role of reached) {
    if (role.depth === 0) continue;
    const via: RoleRef[] = [];
    let step = role.viaId === null ? undefined : byId.get(role.viaId);
    // Each step is one level up; the bound only guards against inconsistent input.
    while (step !== undefined && via.length <= role.depth) {
      via.unshift({ id: step.id, displayName: step.displayName });
      step = step.viaId === null ? undefined : byId.get(step.viaId);
    }
    result.push({ role: { id: role.id, displayName: role.displayName }, via });
  }
  return result.sort(
    (a, b) =>
      a.via.length - b.via.length || compare(a.role.displayName, b.role.displayName) || compare(a.role.id, b.role.id),
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
