/**
 * A tenant's migration tools (SPEC §12): the export to download, an import pasted or loaded from
 * a file, previewed as a dry run and then applied, and the audit report of what a migration to
 * SCIM will do or did.
 */
import type { AuditReport } from "../../domain/audit-service.ts";
import type { ImportReport, KindOutcome, Tally } from "../../domain/import-service.ts";
import type { TenantRecord } from "../../domain/model.ts";
import { html, type SafeHtml } from "../../http/html.ts";
import { badge, cell, csrfInput, feedback } from "../components.ts";
import { canWrite, type Viewer } from "../console-context.ts";
import { consolePaths } from "../console-paths.ts";
import { page } from "../layout.ts";

/** What the page shows. */
export interface MigrationView {
  readonly tenant: TenantRecord;
  readonly audit: AuditReport;
  /** The import form as sent: the document and merge. */
  readonly form?: { readonly document: string; readonly merge: boolean } | undefined;
  /** The report of the dry run or import just made. */
  readonly report?: ImportReport | undefined;
  /** The fingerprint of the document the dry run checked (apply refuses another). */
  readonly previewed?: string | undefined;
  readonly error?: string | undefined;
}

function exportCard(tenant: TenantRecord): SafeHtml {
  return html`<section class="card" id="export" aria-labelledby="export-title">
<h2 id="export-title">Export</h2>
<p class="lead">The tenant's roles and users as <code>roster export</code> and <code>GET /api/v1/tenants/${tenant.id}/export</code> produce them: take one before a migration.</p>
<div class="form-actions">
<a class="button" href="${consolePaths.export(tenant.id, "ndjson")}" download>Download export (NDJSON)</a>
<a class="button button-secondary" href="${consolePaths.export(tenant.id, "json")}" download>JSON</a>
<a class="button button-secondary" href="${consolePaths.export(tenant.id, "csv")}" download>CSV (users)</a>
</div>
<span class="hint">NDJSON is the backup the import below reads; CSV is one user a row, for spreadsheets.</span>
</section>`;
}

function tally(name: string, t: Tally): SafeHtml {
  return html`<strong>${String(t.count)}</strong>${t.first.length === 0 ? "" : html` <span class="muted small">${name}: ${t.first.join(", ")}${t.count > t.first.length ? "…" : ""}</span>`}`;
}

function kindRow(label: string, outcome: KindOutcome): SafeHtml {
  return html`<tr>
${cell("Kind", html`<strong>${label}</strong>`)}
${cell("Created", tally("first", outcome.created))}
${cell("Changed", tally("first", outcome.changed))}
${cell("Unchanged", tally("first", outcome.unchanged))}
</tr>`;
}

function reportBlock(report: ImportReport): SafeHtml {
  const heading = report.dryRun
    ? html`<p><strong>Dry run: nothing was written.</strong> Importing this document would do this:</p>`
    : html`<p><strong>Imported.</strong> Written in one transaction, with its change events:</p>`;
  return html`<div class="${report.dryRun ? "banner banner-info" : "banner banner-ok"} report" role="status" aria-label="${report.dryRun ? "Import preview" : "Import report"}">
<div>${heading}
<p class="small">Exported from tenant <code>${report.source.tenantId}</code> at ${report.source.exportedAt}${report.merge ? "; merged into what the tenant holds" : ""}.</p></div>
</div>
<div class="table-wrap"><table class="stack dense">
<caption class="sr-only">${report.dryRun ? "What the import would change" : "What the import changed"}</caption>
<thead><tr><th scope="col">Kind</th><th scope="col">Created</th><th scope="col">Changed</th><th scope="col">Unchanged</th></tr></thead>
<tbody>${kindRow("Roles", report.roles)}${kindRow("Users", report.users)}</tbody>
</table></div>`;
}

function importCard(viewer: Viewer, view: MigrationView): SafeHtml {
  const { tenant } = view;
  const intro = html`<p class="lead">Restores an export into this tenant: checked whole first, then written all or nothing. A tenant that holds users or roles is refused unless you merge.</p>`;
  if (!canWrite(viewer)) {
    return html`<section class="card" id="import" aria-labelledby="import-title">
<h2 id="import-title">Import</h2>
${intro}
<p class="muted">Your admin key is read-only: it cannot import.</p>
</section>`;
  }
  const previewed = view.report?.dryRun === true && view.previewed !== undefined;
  return html`<section class="card" id="import" aria-labelledby="import-title">
<h2 id="import-title">Import</h2>
${intro}
${feedback(undefined, view.error)}
${view.report === undefined ? "" : reportBlock(view.report)}
<form method="post" action="${consolePaths.import(tenant.id)}#import" class="import-form">
${csrfInput(viewer)}
${previewed ? html`<input type="hidden" name="previewed" value="${view.previewed ?? ""}">` : ""}
<div class="field field-wide" data-file-field hidden>
<label for="import-file">Load an export file</label>
<input type="file" id="import-file" accept=".ndjson,application/x-ndjson,.json,text/plain" data-fills="import-document">
<span class="hint">Its text goes into the field below; nothing is sent until you preview.</span>
</div>
<div class="field field-wide">
<label for="import-document">Export document (NDJSON)</label>
<textarea id="import-document" name="document" rows="10" required spellcheck="false" aria-describedby="import-document-hint">${view.form?.document ?? ""}</textarea>
<span class="hint" id="import-document-hint">Paste the NDJSON export (header line first), up to 16 MiB here; larger ones with <code>roster import</code> or the API.</span>
</div>
<div class="field"><label class="check"><input type="checkbox" name="merge" value="true"${view.form?.merge === true ? " checked" : ""}> Merge into what the tenant holds</label>
<span class="hint">Matched by Id, the document wins, nothing is deleted.</span></div>
<div class="form-actions">
<button type="submit" name="mode" value="dry-run" class="button${previewed ? " button-secondary" : ""}">Preview changes</button>
${previewed ? html`<button type="submit" name="mode" value="apply" class="button button-danger">Apply import</button>` : ""}
</div>
</form>
</section>`;
}

function userLink(tenantId: string, userId: string): SafeHtml {
  return html`<a href="${consolePaths.user(tenantId, userId)}">${userId}</a>`;
}

function roleLink(tenantId: string, roleId: string): SafeHtml {
  return html`<a href="${consolePaths.role(tenantId, roleId)}">${roleId}</a>`;
}

function finding(id: string, title: string, count: number, shown: number, explain: string, body: SafeHtml): SafeHtml {
  return html`<section class="finding" aria-labelledby="${id}">
<h3 id="${id}">${title} ${count === 0 ? badge("none", "ok") : badge(String(count), "warn")}</h3>
<p class="hint">${explain}${count > shown ? ` The first ${shown} are listed.` : ""}</p>
${count === 0 ? "" : body}
</section>`;
}

function auditCard(view: MigrationView): SafeHtml {
  const { tenant, audit } = view;
  const t = tenant.id;
  const drops = audit.manualRolesToDrop.map(
    (d) => html`<tr>
${cell("User", userLink(t, d.userId))}
${cell("Roles granted by hand", html`<ul class="chip-list">${d.roleIds.map((r) => html`<li>${roleLink(t, r)}</li>`)}</ul>`)}
${cell("Providers", d.providers.length === 0 ? html`<span class="muted">none yet</span>` : d.providers.join(", "))}
${cell("Dropped", d.when === "next-write" ? "at the provider's next write" : "at the write after the first sync")}
</tr>`,
  );
  const unadopted = audit.unadoptedRoles.map(
    (r) => html`<tr>
${cell("Role", html`${roleLink(t, r.roleId)} <span class="muted small">${r.displayName}</span>`)}
${cell("Near matches", r.nearMatches.length === 0 ? html`<span class="muted">—</span>` : html`<ul class="chip-list">${r.nearMatches.map((m) => html`<li>${roleLink(t, m)}</li>`)}</ul>`)}
</tr>`,
  );
  const multi = audit.multiProvider.map(
    (m) =>
      html`<li>${m.kind === "User" ? userLink(t, m.id) : roleLink(t, m.id)} <span class="muted small">${m.kind}, linked by ${m.providers.join(", ")}</span></li>`,
  );
  return html`<section class="card" id="audit" aria-labelledby="audit-title">
<h2 id="audit-title">Audit report</h2>
<p class="lead">What a migration to SCIM will do or did (<code>roster audit ${t}</code>). Roles granted by hand: <code>${audit.manualRoles}</code>.</p>
${finding("audit-drops", "Hand-granted roles SCIM will drop", audit.counts.manualRolesToDrop, audit.limit, audit.manualRoles === "keep" ? "ManualRoles is keep: SCIM never drops roles granted by hand." : "Under ManualRoles = replace, the identity provider's groups replace these.", html`<div class="table-wrap"><table class="stack"><thead><tr><th scope="col">User</th><th scope="col">Roles granted by hand</th><th scope="col">Providers</th><th scope="col">Dropped</th></tr></thead><tbody>${drops}</tbody></table></div>`)}
${finding("audit-unadopted", "Hand-made roles no SCIM group adopted", audit.counts.unadoptedRoles, audit.limit, "With the SCIM groups whose names nearly match.", html`<div class="table-wrap"><table class="stack"><thead><tr><th scope="col">Role</th><th scope="col">Near matches</th></tr></thead><tbody>${unadopted}</tbody></table></div>`)}
${finding("audit-unlinked", "Users no provider has linked", audit.counts.unlinkedUsers, audit.limit, "Not assigned to the application in the identity provider.", html`<ul class="chip-list">${audit.unlinkedUsers.map((u) => html`<li>${userLink(t, u)}</li>`)}</ul>`)}
${finding("audit-multi", "Linked by several providers", audit.counts.multiProvider, audit.limit, "Users and roles two identity providers write.", html`<ul class="plain-list">${multi}</ul>`)}
</section>`;
}

/** The migration page. */
export function migrationPage(viewer: Viewer, view: MigrationView): string {
  return page(
    { title: `Migration · ${view.tenant.id}`, viewer, tenant: view.tenant, section: "migration" },
    html`<div class="page-head"><div><h1>Migration</h1><p class="sub">Back up, restore, and check what moving this tenant to SCIM does.</p></div></div>
${exportCard(view.tenant)}
${importCard(viewer, view)}
${auditCard(view)}`,
  );
}
