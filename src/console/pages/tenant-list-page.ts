/** The tenants (global keys only): a paged list with each tenant's state, and a form to create one. */
import type { TenantRecord } from "../../domain/model.ts";
import { html } from "../../http/html.ts";
import { cell, csrfInput, feedback, pager, time } from "../components.ts";
import { canWrite, type Viewer } from "../console-context.ts";
import { consolePaths } from "../console-paths.ts";
import { page, tenantStateBadge } from "../layout.ts";

/** What the page shows. */
export interface TenantListView {
  readonly tenants: readonly TenantRecord[];
  readonly firstHref: string | undefined;
  readonly nextHref: string | undefined;
  readonly notice?: string | undefined;
  readonly error?: string | undefined;
  /** The id typed into the create form, when it was refused. */
  readonly typedId?: string | undefined;
}

/** The tenant list page. */
export function tenantListPage(viewer: Viewer, view: TenantListView): string {
  const rows = view.tenants.map(
    (tenant) => html`<tr>
${cell("Tenant", html`<a href="${consolePaths.tenant(tenant.id)}"><strong>${tenant.id}</strong></a>`)}
${cell("State", tenantStateBadge(tenant))}
${cell("Created", time(tenant.createdAt))}
</tr>`,
  );
  const create = canWrite(viewer)
    ? html`<section class="card" aria-labelledby="create-tenant">
<h2 id="create-tenant">Create a tenant</h2>
<form method="post" action="${consolePaths.tenants()}" class="form-row">
${csrfInput(viewer)}
<div class="field">
<label for="tenant-id">Tenant id</label>
<input type="text" id="tenant-id" name="id" required maxlength="64" pattern="[A-Za-z0-9._\\-]{1,64}" value="${view.typedId ?? ""}" spellcheck="false" aria-describedby="tenant-id-hint">
<span class="hint" id="tenant-id-hint">1–64 letters, digits, “-”, “_” or “.”; part of the SCIM URL, it cannot change.</span>
</div>
<div class="form-actions"><button type="submit" class="button">Create tenant</button></div>
</form>
</section>`
    : "";
  return page(
    { title: "Tenants", viewer, section: "tenants" },
    html`<div class="page-head"><div><h1>Tenants</h1><p class="sub">Each tenant is one customer: its users, roles, settings and SCIM tokens.</p></div></div>
${feedback(view.notice, view.error)}
<section class="card" aria-labelledby="tenant-list">
<h2 id="tenant-list">All tenants</h2>
${
  view.tenants.length === 0
    ? html`<p class="empty">No tenant yet.${canWrite(viewer) ? " Create the first one below." : ""}</p>`
    : html`<div class="table-wrap"><table class="stack">
<thead><tr><th scope="col">Tenant</th><th scope="col">State</th><th scope="col">Created</th></tr></thead>
<tbody>${rows}</tbody>
</table></div>`
}
${pager(view.firstHref, view.nextHref, "Tenant pages")}
</section>
${create}`,
  );
}
