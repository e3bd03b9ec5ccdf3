/**
 * A tenant's provisioning log (SPEC §11): the SCIM requests of its identity providers, newest
 * first, filtered by provider, outcome, status and time, paged. The first page refreshes itself
 * (htmx polls the rows fragment); without script it is a plain page that reloads by hand. Each
 * row links to the user or role it touched.
 */
import type { TenantRecord } from "../../domain/model.ts";
import { LOG_OUTCOMES, type LogEntry, type LogOutcome } from "../../domain/outbox-ports.ts";
import { html, type SafeHtml } from "../../http/html.ts";
import { badge, cell, feedback, pager, time } from "../components.ts";
import type { Viewer } from "../console-context.ts";
import { consolePaths, type LogPageQuery } from "../console-paths.ts";
import { page } from "../layout.ts";

/** The id of the part of the page live refresh replaces. */
export const LOG_RESULTS_ID = "log-results";
/** How often the first page refreshes, in seconds. */
export const LOG_REFRESH_SECONDS = 5;

/** What the log page shows. */
export interface LogView {
  readonly tenant: TenantRecord;
  /** The filters as typed (shown again in the form, carried by the pager and refresh). */
  readonly query: LogPageQuery;
  readonly entries: readonly LogEntry[];
  readonly nextCursor: string | undefined;
  /** A filter the domain refused: shown above the form, no rows. */
  readonly error: string | undefined;
}

const OUTCOME_KIND: Readonly<Record<LogOutcome, "ok" | "warn" | "off" | "accent" | "plain">> = {
  created: "ok",
  adopted: "ok",
  updated: "accent",
  unchanged: "plain",
  deleted: "warn",
  rejected: "off",
  unauthorized: "off",
  paused: "warn",
  read: "plain",
};

/** The console page of what a row touched: a user's or a role's, when it may still exist. */
function resource(tenantId: string, entry: LogEntry): SafeHtml {
  if (entry.resourceId === null) return html`<span class="muted">—</span>`;
  const kind = entry.resourceType === "Group" ? "Role" : entry.resourceType === "User" ? "User" : entry.resourceType;
  const href =
    entry.resourceType === "User"
      ? consolePaths.user(tenantId, entry.resourceId)
      : entry.resourceType === "Group"
        ? consolePaths.role(tenantId, entry.resourceId)
        : undefined;
  const label = html`<span class="muted small">${kind ?? ""}</span> ${entry.resourceId}`;
  return href === undefined ? label : html`<a href="${href}">${label}</a>`;
}

function row(tenantId: string, entry: LogEntry): SafeHtml {
  const changes =
    entry.changes.length === 0
      ? html`<span class="muted">—</span>`
      : html`<ul class="chip-list">${entry.changes.map((c) => html`<li><span class="mono">${c}</span></li>`)}</ul>`;
  return html`<tr>
${cell("Time", time(entry.at))}
${cell("Provider", entry.provider)}
${cell("Request", html`<code>${entry.method} ${entry.path}</code>`)}
${cell("Status", html`${String(entry.status)}${entry.scimType === null ? "" : html` <span class="muted small">${entry.scimType}</span>`}`)}
${cell("Outcome", badge(entry.outcome, OUTCOME_KIND[entry.outcome]))}
${cell("Resource", resource(tenantId, entry))}
${cell("Changes", changes)}
${cell("Duration", `${entry.durationMs} ms`)}
</tr>`;
}

/** True when the page refreshes itself: the first page (newer rows arrive there), unless switched off. */
function isLive(query: LogPageQuery): boolean {
  return query.cursor === undefined && query.live !== "off";
}

/** The rows, the pager and the refresh state: the fragment live refresh swaps. */
export function logResults(view: LogView): SafeHtml {
  const { tenant, query } = view;
  const filters = { ...query, cursor: undefined };
  const live = isLive(query) && view.error === undefined;
  const poll = live
    ? html` hx-get="${consolePaths.logRows(tenant.id, filters)}" hx-trigger="every ${String(LOG_REFRESH_SECONDS)}s" hx-swap="outerHTML"`
    : "";
  const state =
    query.cursor !== undefined
      ? html`<a href="${consolePaths.log(tenant.id, filters)}">Back to the newest</a>`
      : live
        ? html`${badge("Live", "ok")} refreshes every ${String(LOG_REFRESH_SECONDS)} s · <a href="${consolePaths.log(tenant.id, { ...filters, live: "off" })}">Stop</a>`
        : html`${badge("Stopped")} <a href="${consolePaths.log(tenant.id, { ...filters, live: undefined })}">Refresh live</a>`;
  const table =
    view.error !== undefined
      ? ""
      : view.entries.length === 0
        ? html`<p class="empty">No request matches${query.cursor === undefined ? "" : " on this page"}. Identity providers' requests appear here within a second or two.</p>`
        : html`<div class="table-wrap"><table class="stack dense">
<caption class="sr-only">SCIM requests, newest first</caption>
<thead><tr><th scope="col">Time</th><th scope="col">Provider</th><th scope="col">Request</th><th scope="col">Status</th><th scope="col">Outcome</th><th scope="col">Resource</th><th scope="col">Changes</th><th scope="col">Duration</th></tr></thead>
<tbody>${view.entries.map((entry) => row(tenant.id, entry))}</tbody>
</table></div>`;
  return html`<div id="${LOG_RESULTS_ID}"${poll}>
<p class="refresh-state small">${state}</p>
${table}
${pager(
  query.cursor === undefined ? undefined : consolePaths.log(tenant.id, filters),
  view.nextCursor === undefined ? undefined : consolePaths.log(tenant.id, { ...filters, cursor: view.nextCursor }),
  "Log pages",
)}
</div>`;
}

function textFilter(id: string, name: keyof LogPageQuery, label: string, value: string | undefined, hint: string) {
  return html`<div class="field">
<label for="${id}">${label}</label>
<input type="text" id="${id}" name="${name}" value="${value ?? ""}" maxlength="64" spellcheck="false" autocomplete="off" aria-describedby="${id}-hint">
<span class="hint" id="${id}-hint">${hint}</span>
</div>`;
}

function filterForm(view: LogView): SafeHtml {
  const { tenant, query } = view;
  const outcomes = ["", ...LOG_OUTCOMES].map(
    (o) => html`<option value="${o}"${o === (query.outcome ?? "") ? " selected" : ""}>${o === "" ? "any" : o}</option>`,
  );
  const kept = (["resourceType", "resourceId"] as const).map((name) =>
    query[name] === undefined ? "" : html`<input type="hidden" name="${name}" value="${query[name]}">`,
  );
  return html`<form method="get" action="${consolePaths.log(tenant.id)}" class="filter-grid" aria-label="Filter the log">
${kept}
${textFilter("log-provider", "provider", "Provider", query.provider, "EntraID, Okta…")}
<div class="field">
<label for="log-outcome">Outcome</label>
<select id="log-outcome" name="outcome" aria-describedby="log-outcome-hint">${outcomes}</select>
<span class="hint" id="log-outcome-hint">What Roster did</span>
</div>
${textFilter("log-status", "status", "Status", query.status, "401, or a class: 4xx")}
${textFilter("log-since", "since", "Since", query.since, "15m, 1h, 7d or 2026-03-01T12:00Z")}
${textFilter("log-until", "until", "Until", query.until, "The same forms")}
<div class="form-actions"><button type="submit" class="button button-secondary">Filter</button><a href="${consolePaths.log(tenant.id)}">Clear</a></div>
</form>`;
}

/** The provisioning log page. */
export function logPage(viewer: Viewer, view: LogView): string {
  const { tenant, query } = view;
  const about =
    query.resourceId === undefined
      ? ""
      : html`<div class="banner banner-info" role="status"><p>Only the requests about ${query.resourceType === "Group" ? "role" : "resource"} <code>${query.resourceId}</code>. <a href="${consolePaths.log(tenant.id)}">Show all</a></p></div>`;
  return page(
    { title: `Provisioning log · ${tenant.id}`, viewer, tenant, section: "log" },
    html`<div class="page-head"><div><h1>Provisioning log</h1><p class="sub">What the identity providers asked and what Roster did, newest first: no values, no bodies, no tokens.</p></div></div>
${about}
<section class="card" aria-labelledby="log-title">
<h2 id="log-title" class="sr-only">Requests</h2>
${filterForm(view)}
${feedback(undefined, view.error)}
${logResults(view)}
</section>`,
  );
}
