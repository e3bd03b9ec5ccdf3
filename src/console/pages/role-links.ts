/** Links to users and roles, and the "via" path of an indirect role. */
import type { RoleRef } from "../../domain/model.ts";
import type { IndirectRole } from "../../domain/role-paths.ts";
import { html, type SafeHtml } from "../../http/html.ts";
import { consolePaths } from "../console-paths.ts";

/** A link to a role, by its display name. */
export function roleLink(tenantId: string, role: RoleRef): SafeHtml {
  return html`<a href="${consolePaths.role(tenantId, role.id)}">${role.displayName}</a>`;
}

/** "via Regional Manager → Store Manager": the roles that give an indirect role, each a link. */
export function viaPath(tenantId: string, indirect: IndirectRole): SafeHtml {
  const steps = indirect.via.map(
    (role, n) => html`${n === 0 ? "" : html`<span class="path-sep"> → </span>`}${roleLink(tenantId, role)}`,
  );
  return html`<span class="via">via ${steps}</span>`;
}
