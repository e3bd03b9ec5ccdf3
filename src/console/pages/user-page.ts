/**
 * One user: the mapped fields (SPEC §4), its external ids per provider, its direct roles with
 * their source (manual or scim:<provider>), its indirect roles with the path that gives them,
 * its active state; grant and revoke.
 */
import type { UserDetails } from "../../domain/identity-service.ts";
import type { RoleRef, TenantRecord } from "../../domain/model.ts";
import { userDisplay } from "../../domain/model.ts";
import { roleSource } from "../../domain/record-json.ts";
import type { IndirectRole } from "../../domain/role-paths.ts";
import { html, type SafeHtml } from "../../http/html.ts";
import { actionButton, badge, cell, csrfInput, feedback, time } from "../components.ts";
import { canWrite, type Viewer } from "../console-context.ts";
import { consolePaths } from "../console-paths.ts";
import { page } from "../layout.ts";
import { roleLink, viaPath } from "./role-links.ts";

/** What the page shows. */
export interface UserView {
  readonly tenant: TenantRecord;
  readonly details: UserDetails;
  readonly direct: readonly RoleRef[];
  readonly indirect: readonly IndirectRole[];
  /** Roles offered in the grant form's suggestions. */
  readonly roleChoices: readonly RoleRef[];
  readonly notice?: string | undefined;
  readonly error?: string | undefined;
  readonly typedRoleId?: string | undefined;
}

function field(label: string, value: string | null): SafeHtml {
  return html`<dt>${label}</dt><dd>${value === null || value === "" ? html`<span class="muted">—</span>` : value}</dd>`;
}

function directRoles(view: UserView, viewer: Viewer): SafeHtml {
  const { tenant, details } = view;
  const names = new Map(view.direct.map((role) => [role.id, role]));
  const write = canWrite(viewer);
  if (details.roles.length === 0) return html`<p class="empty">No role held directly.</p>`;
  const rows = details.roles.map((assignment) => {
    const role = names.get(assignment.roleId) ?? { id: assignment.roleId, displayName: assignment.roleId };
    const source = roleSource(assignment);
    return html`<tr>
${cell("Role", html`${roleLink(tenant.id, role)}<br><span class="muted small mono">${role.id}</span>`)}
${cell("Source", assignment.source === "manual" ? badge(source, "accent") : badge(source))}
${write ? cell("", actionButton(viewer, consolePaths.revoke(tenant.id, details.user.id, role.id), "Revoke", { kind: "danger", small: true, confirm: `Revoke ${role.displayName} from this user?`, accessibleLabel: `Revoke ${role.displayName}` }), "actions") : ""}
</tr>`;
  });
  return html`<div class="table-wrap"><table class="stack">
<thead><tr><th scope="col">Role</th><th scope="col">Source</th>${write ? html`<th scope="col"><span class="sr-only">Actions</span></th>` : ""}</tr></thead>
<tbody>${rows}</tbody>
</table></div>`;
}

function indirectRoles(view: UserView): SafeHtml {
  if (view.indirect.length === 0) return html`<p class="empty">No role held through nesting.</p>`;
  const items = view.indirect.map(
    (entry) => html`<li>${roleLink(view.tenant.id, entry.role)} ${viaPath(view.tenant.id, entry)}</li>`,
  );
  return html`<ul class="role-paths">${items}</ul>`;
}

function grantForm(view: UserView, viewer: Viewer): SafeHtml {
  if (!canWrite(viewer)) return html``;
  const options = view.roleChoices.map((role) => html`<option value="${role.id}">${role.displayName}</option>`);
  return html`<form method="post" action="${consolePaths.grant(view.tenant.id, view.details.user.id)}" class="form-row grant-form">
${csrfInput(viewer)}
<div class="field">
<label for="grant-role">Grant a role by hand</label>
<input type="text" id="grant-role" name="roleId" list="grant-role-choices" required maxlength="1024" value="${view.typedRoleId ?? ""}" spellcheck="false" autocomplete="off" placeholder="Role Id" aria-describedby="grant-role-hint">
<datalist id="grant-role-choices">${options}</datalist>
<span class="hint" id="grant-role-hint">Recorded as manual. An identity provider's next write of this user drops roles granted by hand (unless the tenant keeps them).</span>
</div>
<div class="form-actions"><button type="submit" class="button">Grant</button></div>
</form>`;
}

/** The user page. */
export function userPage(viewer: Viewer, view: UserView): string {
  const { tenant, details } = view;
  const { user } = details;
  const externalIds = user.externalIds.map(
    (id) =>
      html`<tr>${cell("Provider", html`<strong>${id.provider}</strong>`)}${cell("userName as sent", html`<span class="mono">${id.value}</span>`)}</tr>`,
  );
  return page(
    {
      title: `${userDisplay(user)} · ${tenant.id}`,
      viewer,
      tenant,
      section: "users",
      crumbs: [{ label: "Users", href: consolePaths.users(tenant.id) }, { label: userDisplay(user) }],
    },
    html`<div class="page-head"><div><h1>${userDisplay(user)}</h1><p class="sub mono">${user.id}</p></div>
<div>${user.active ? badge("Active", "ok") : badge("Inactive", "off")} <a class="small" href="${consolePaths.log(tenant.id, { resourceType: "User", resourceId: user.id })}">Its provisioning log</a></div></div>
${user.active ? "" : html`<div class="banner banner-warn" role="status"><p><strong>Inactive:</strong> this user holds no role while inactive (the access API answers none). The roles below come back when it is reactivated.</p></div>`}
${feedback(view.notice, view.error)}
<div class="grid-2">
<section class="card" aria-labelledby="fields-title">
<h2 id="fields-title">Fields</h2>
<dl class="fields">
${field("Id", user.id)}
${field("Email", user.email)}
${field("First name", user.firstName)}
${field("Last name", user.lastName)}
${field("Phone", user.phone)}
${field("B2CId", user.b2cId)}
<dt>Active</dt><dd>${user.active ? "yes" : "no"}</dd>
<dt>Created</dt><dd>${time(user.createdAt)}</dd>
<dt>Updated</dt><dd>${time(user.modifiedAt)}</dd>
</dl>
</section>
<section class="card" aria-labelledby="external-title">
<h2 id="external-title">External ids</h2>
<p class="lead">The userName each identity provider sent for this user.</p>
${
  externalIds.length === 0
    ? html`<p class="empty">No identity provider has linked this user: it was made by hand.</p>`
    : html`<div class="table-wrap"><table class="stack"><thead><tr><th scope="col">Provider</th><th scope="col">userName as sent</th></tr></thead><tbody>${externalIds}</tbody></table></div>`
}
</section>
</div>
<div class="stack">
<section class="card" aria-labelledby="direct-title">
<h2 id="direct-title">Direct roles</h2>
${directRoles(view, viewer)}
${grantForm(view, viewer)}
</section>
<section class="card" aria-labelledby="indirect-title">
<h2 id="indirect-title">Indirect roles</h2>
<p class="lead">Held because a role above contains them; one shortest path is shown.</p>
${indirectRoles(view)}
</section>
</div>`,
  );
}
