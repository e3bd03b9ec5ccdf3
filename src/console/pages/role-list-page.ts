/** A tenant's roles: a paged list with what each contains and who linked it, and a form to add one by hand. */
import type { RoleDetails } from "../../domain/identity-service.ts";
import type { TenantRecord } from "../../domain/model.ts";
import { html } from "../../http/html.ts";
import { badge, cell, csrfInput, feedback, pager } from "../components.ts";
import { canWrite, type Viewer } from "../console-context.ts";
import { consolePaths } from "../console-paths.ts";
import { page } from "../layout.ts";

/** What the page shows. */
export interface RoleListView {
  readonly tenant: TenantRecord;
  readonly roles: readonly RoleDetails[];
  /** Display names of the listed roles (a contained role on another page shows its Id). */
  readonly names: ReadonlyMap<string, string>;
  readonly firstHref: string | undefined;
  readonly nextHref: string | undefined;
  readonly notice?: string | undefined;
  readonly error?: string | undefined;
  readonly typedName?: string | undefined;
}

/** The role list page. */
export function roleListPage(viewer: Viewer, view: RoleListView): string {
  const { tenant } = view;
  const rows = view.roles.map(({ role, children }) => {
    const providers = role.externalIds.map((id) => html`<li><span>${id.provider}</span></li>`);
    const contains = children.map(
      (id) => html`<li><a href="${consolePaths.role(tenant.id, id)}">${view.names.get(id) ?? id}</a></li>`,
    );
    return html`<tr>
${cell("Role", html`<a href="${consolePaths.role(tenant.id, role.id)}"><strong>${role.displayName}</strong></a><br><span class="muted small mono">${role.id}</span>`)}
${cell("Type", role.roleType === "Group" ? badge("SCIM group", "accent") : badge("By hand"))}
${cell("Linked by", providers.length === 0 ? html`<span class="muted">—</span>` : html`<ul class="chip-list">${providers}</ul>`)}
${cell("Contains", contains.length === 0 ? html`<span class="muted">—</span>` : html`<ul class="chip-list">${contains}</ul>`)}
</tr>`;
  });
  const create = canWrite(viewer)
    ? html`<section class="card" aria-labelledby="create-role">
<h2 id="create-role">Add a role by hand</h2>
<form method="post" action="${consolePaths.roles(tenant.id)}" class="form-row">
${csrfInput(viewer)}
<div class="field">
<label for="role-name">Display name</label>
<input type="text" id="role-name" name="displayName" required maxlength="256" value="${view.typedName ?? ""}" aria-describedby="role-name-hint">
<span class="hint" id="role-name-hint">Its Id is the name in lower case without spaces (“Regional Manager” → regionalmanager). A SCIM group of the same name adopts it.</span>
</div>
<div class="form-actions"><button type="submit" class="button">Add role</button></div>
</form>
</section>`
    : "";
  return page(
    { title: `Roles · ${tenant.id}`, viewer, tenant, section: "roles" },
    html`<div class="page-head"><div><h1>Roles</h1><p class="sub">SCIM groups become roles; roles can contain other roles.</p></div></div>
${feedback(view.notice, view.error)}
<section class="card" aria-labelledby="roles-title">
<h2 id="roles-title" class="sr-only">Role list</h2>
${
  view.roles.length === 0
    ? html`<p class="empty">No role yet: identity providers create them from groups, or add one below.</p>`
    : html`<div class="table-wrap"><table class="stack">
<thead><tr><th scope="col">Role</th><th scope="col">Type</th><th scope="col">Linked by</th><th scope="col">Contains</th></tr></thead>
<tbody>${rows}</tbody>
</table></div>`
}
${pager(view.firstHref, view.nextHref, "Role pages")}
</section>
${create}`,
  );
}
