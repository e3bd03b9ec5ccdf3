/** A tenant's users: search by email or name as you type (htmx, or the form without script), paged. */
import type { UserDetails } from "../../domain/identity-service.ts";
import type { TenantRecord } from "../../domain/model.ts";
import { userDisplay } from "../../domain/model.ts";
import { html } from "../../http/html.ts";
import { badge, cell, pager } from "../components.ts";
import type { Viewer } from "../console-context.ts";
import { consolePaths } from "../console-paths.ts";
import { page } from "../layout.ts";

/** What the page shows. */
export interface UserListView {
  readonly tenant: TenantRecord;
  readonly q: string;
  readonly users: readonly UserDetails[];
  readonly firstHref: string | undefined;
  readonly nextHref: string | undefined;
}

/** The id of the part of the page a search replaces. */
export const USER_RESULTS_ID = "user-results";

/** The user list page. */
export function userListPage(viewer: Viewer, view: UserListView): string {
  const { tenant } = view;
  const rows = view.users.map(({ user, roles }) => {
    const providers = user.externalIds.map((id) => html`<li><span>${id.provider}</span></li>`);
    return html`<tr>
${cell("User", html`<a href="${consolePaths.user(tenant.id, user.id)}"><strong>${userDisplay(user)}</strong></a><br><span class="muted small">${user.email ?? user.id}</span>`)}
${cell("Providers", providers.length === 0 ? html`<span class="muted">by hand</span>` : html`<ul class="chip-list">${providers}</ul>`)}
${cell("Direct roles", String(roles.length))}
${cell("State", user.active ? badge("Active", "ok") : badge("Inactive", "off"))}
</tr>`;
  });
  const results = html`<div id="${USER_RESULTS_ID}" aria-live="polite">
${
  view.users.length === 0
    ? html`<p class="empty">${view.q === "" ? "No user in this tenant yet: identity providers create them over SCIM." : html`No user whose email or name starts with “${view.q}”.`}</p>`
    : html`<div class="table-wrap"><table class="stack">
<thead><tr><th scope="col">User</th><th scope="col">Providers</th><th scope="col">Direct roles</th><th scope="col">State</th></tr></thead>
<tbody>${rows}</tbody>
</table></div>`
}
${pager(view.firstHref, view.nextHref, "User pages")}
</div>`;
  const action = consolePaths.users(tenant.id);
  return page(
    {
      title: `Users · ${tenant.id}`,
      viewer,
      tenant,
      section: "users",
    },
    html`<div class="page-head"><div><h1>Users</h1><p class="sub">In creation order; search by the start of an email, first, last or display name.</p></div></div>
<section class="card" aria-labelledby="users-title">
<h2 id="users-title" class="sr-only">User list</h2>
<form method="get" action="${action}" class="search-form" role="search" hx-get="${action}" hx-trigger="input changed delay:250ms from:#user-q, search from:#user-q, submit" hx-target="#${USER_RESULTS_ID}" hx-select="#${USER_RESULTS_ID}" hx-swap="outerHTML" hx-push-url="true">
<div class="field">
<label for="user-q">Search users</label>
<input type="search" id="user-q" name="q" value="${view.q}" maxlength="200" autocomplete="off" spellcheck="false" placeholder="jane@example.com, Jane, Doe…">
</div>
<div class="form-actions"><button type="submit" class="button button-secondary">Search</button><span class="htmx-indicator muted small" aria-hidden="true">Searching…</span></div>
</form>
${results}
</section>`,
  );
}
