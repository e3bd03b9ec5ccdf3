/**
 * One role: who linked it (external ids per provider), the roles that contain it, the nesting
 * below it drawn as a tree of nested lists, nest and unnest, and its members, direct and
 * through nesting, paged.
 */
import type { RoleDetails } from "../../domain/identity-service.ts";
import type { RoleRef, TenantRecord } from "../../domain/model.ts";
import type { RoleHolder } from "../../domain/ports.ts";
import type { RoleTree, RoleTreeNode } from "../../domain/role-tree.ts";
import { html, type SafeHtml } from "../../http/html.ts";
import { actionButton, badge, cell, csrfInput, feedback, pager, time } from "../components.ts";
import { canWrite, type Viewer } from "../console-context.ts";
import { consolePaths } from "../console-paths.ts";
import { page } from "../layout.ts";
import { roleLink } from "./role-links.ts";

/** What the page shows. */
export interface RoleView {
  readonly tenant: TenantRecord;
  readonly details: RoleDetails;
  readonly tree: RoleTree;
  readonly parents: readonly RoleRef[];
  readonly members: readonly RoleHolder[];
  readonly membersFirstHref: string | undefined;
  readonly membersNextHref: string | undefined;
  /** Roles offered in the nest form's suggestions. */
  readonly roleChoices: readonly RoleRef[];
  readonly notice?: string | undefined;
  readonly error?: string | undefined;
  readonly typedChildId?: string | undefined;
}

function treeNode(view: RoleView, viewer: Viewer, node: RoleTreeNode, depth: number): SafeHtml {
  const { tenant, details } = view;
  const isRoot = depth === 0;
  const unnest =
    depth === 1 && canWrite(viewer)
      ? actionButton(viewer, consolePaths.unnest(tenant.id, details.role.id, node.role.id), "Remove", {
          kind: "danger",
          small: true,
          confirm: `Stop ${details.role.displayName} containing ${node.role.displayName}? Its holders lose it unless another path gives it.`,
          accessibleLabel: `Stop containing ${node.role.displayName}`,
        })
      : "";
  const label = isRoot ? html`<span>${node.role.displayName}</span>` : roleLink(tenant.id, node.role);
  const cycle = node.cycle ? html` ${badge("cycle", "off")}` : "";
  const children =
    node.children.length === 0
      ? ""
      : html`<ul>${node.children.map((child) => html`<li>${treeNode(view, viewer, child, depth + 1)}</li>`)}</ul>`;
  return html`<span class="node${isRoot ? " root" : ""}">${label}${cycle}${unnest}</span>${children}`;
}

function nestForm(view: RoleView, viewer: Viewer): SafeHtml {
  if (!canWrite(viewer)) return html``;
  const options = view.roleChoices
    .filter((role) => role.id !== view.details.role.id)
    .map((role) => html`<option value="${role.id}">${role.displayName}</option>`);
  return html`<form method="post" action="${consolePaths.nest(view.tenant.id, view.details.role.id)}" class="form-row nest-form">
${csrfInput(viewer)}
<div class="field">
<label for="nest-child">Make ${view.details.role.displayName} contain</label>
<input type="text" id="nest-child" name="childId" list="nest-choices" required maxlength="1024" value="${view.typedChildId ?? ""}" spellcheck="false" autocomplete="off" placeholder="Role Id" aria-describedby="nest-hint">
<datalist id="nest-choices">${options}</datalist>
<span class="hint" id="nest-hint">Everyone holding ${view.details.role.displayName} then holds that role too. A nesting that would make a cycle is refused.</span>
</div>
<div class="form-actions"><button type="submit" class="button">Nest role</button></div>
</form>`;
}

/** The role page. */
export function rolePage(viewer: Viewer, view: RoleView): string {
  const { tenant, details } = view;
  const { role } = details;
  const links = role.externalIds.map(
    (id) =>
      html`<tr>${cell("Provider", html`<strong>${id.provider}</strong>`)}${cell("externalId", html`<span class="mono">${id.value}</span>`)}</tr>`,
  );
  const members = view.members.map(
    (member) => html`<tr>
${cell("User", html`<a href="${consolePaths.user(tenant.id, member.id)}">${member.email ?? member.id}</a>${member.email === null || member.email === member.id ? "" : html`<br><span class="muted small mono">${member.id}</span>`}`)}
${cell("Holds it", member.direct ? badge("Directly", "accent") : badge("Through nesting"))}
</tr>`,
  );
  const parents =
    view.parents.length === 0
      ? html`<p class="empty">No role contains ${role.displayName}.</p>`
      : html`<ul class="chip-list">${view.parents.map((parent) => html`<li>${roleLink(tenant.id, parent)}</li>`)}</ul>`;
  return page(
    {
      title: `${role.displayName} · ${tenant.id}`,
      viewer,
      tenant,
      section: "roles",
      crumbs: [{ label: "Roles", href: consolePaths.roles(tenant.id) }, { label: role.displayName }],
    },
    html`<div class="page-head"><div><h1>${role.displayName}</h1><p class="sub"><span class="mono">${role.id}</span> · ${role.roleType === "Group" ? "SCIM group" : "made by hand"} · updated ${time(role.modifiedAt)}</p></div>
<div><a class="small" href="${consolePaths.log(tenant.id, { resourceType: "Group", resourceId: role.id })}">Its provisioning log</a></div></div>
${feedback(view.notice, view.error)}
<div class="grid-2">
<section class="card" aria-labelledby="nesting-title">
<h2 id="nesting-title">Nesting</h2>
<p class="lead">What ${role.displayName} contains, at every depth: its holders hold all of it.</p>
<ul class="tree" aria-label="Roles contained in ${role.displayName}"><li>${treeNode(view, viewer, view.tree.root, 0)}</li></ul>
${view.tree.root.children.length === 0 ? html`<p class="empty">${role.displayName} contains no other role.</p>` : ""}
${view.tree.truncated ? html`<p class="muted small">The tree is cut short here: it has more than 500 entries.</p>` : ""}
${nestForm(view, viewer)}
</section>
<div class="stack">
<section class="card" aria-labelledby="parents-title">
<h2 id="parents-title">Contained in</h2>
${parents}
</section>
<section class="card" aria-labelledby="links-title">
<h2 id="links-title">Linked by identity providers</h2>
${
  links.length === 0
    ? html`<p class="empty">No identity provider has linked this role: it was made by hand.</p>`
    : html`<div class="table-wrap"><table class="stack"><thead><tr><th scope="col">Provider</th><th scope="col">externalId</th></tr></thead><tbody>${links}</tbody></table></div>`
}
</section>
</div>
</div>
<section class="card" aria-labelledby="members-title">
<h2 id="members-title">Members</h2>
<p class="lead">Who holds ${role.displayName}, directly or through a role that contains it, by user Id.</p>
${
  members.length === 0
    ? html`<p class="empty">Nobody holds this role.</p>`
    : html`<div class="table-wrap"><table class="stack"><thead><tr><th scope="col">User</th><th scope="col">Holds it</th></tr></thead><tbody>${members}</tbody></table></div>`
}
${pager(view.membersFirstHref, view.membersNextHref, "Member pages")}
</section>`,
  );
}
