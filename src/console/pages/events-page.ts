/**
 * A tenant's change events and webhook endpoints (SPEC §11): the endpoints with their state and
 * a form to add one (its signing secret shown once), and the recent events, newest first, each
 * with its data.
 */
import { EVENT_TYPES } from "../../domain/change-events.ts";
import type { EventJson } from "../../domain/event-feed.ts";
import type { TenantRecord } from "../../domain/model.ts";
import type { WebhookRecord } from "../../domain/outbox-ports.ts";
import { MAX_WEBHOOK_URL_LENGTH } from "../../domain/webhook-service.ts";
import { html, type SafeHtml } from "../../http/html.ts";
import { badge, cell, copyField, csrfInput, feedback, pager, time } from "../components.ts";
import { canWrite, type Viewer } from "../console-context.ts";
import { consolePaths } from "../console-paths.ts";
import { page } from "../layout.ts";

/** What the page shows. */
export interface EventsView {
  readonly tenant: TenantRecord;
  readonly webhooks: readonly WebhookRecord[];
  readonly webhooksNextHref: string | undefined;
  readonly webhooksFirstHref: string | undefined;
  readonly events: readonly EventJson[];
  readonly eventsNewestHref: string | undefined;
  readonly eventsOlderHref: string | undefined;
  /** The one event type shown; every type when undefined. */
  readonly eventType?: string | undefined;
  /** The Ids the page looked through (a filtered page may find none there and still have older ones). */
  readonly eventsLookedAt?: { readonly first: number; readonly last: number } | undefined;
  /** An endpoint just added, with its secret: shown this once. */
  readonly created?: { readonly webhook: WebhookRecord; readonly secret: string } | undefined;
  readonly notice?: string | undefined;
  readonly error?: string | undefined;
  /** What a refused form held. */
  readonly typed?: { readonly url: string; readonly events: readonly string[] } | undefined;
}

/** An endpoint's state as a badge. */
export function webhookState(webhook: WebhookRecord): SafeHtml {
  if (webhook.enabled) return webhook.failCount > 0 ? badge("Failing, retrying", "warn") : badge("Enabled", "ok");
  return badge("Disabled", "off");
}

/** The event types an endpoint receives. */
export function webhookEvents(webhook: WebhookRecord): SafeHtml {
  return webhook.events === null
    ? html`<span class="muted">every type</span>`
    : html`<ul class="chip-list">${webhook.events.map((type) => html`<li><span class="mono">${type}</span></li>`)}</ul>`;
}

/** The event-type checkboxes of an endpoint's form; none checked means every type. */
export function eventTypeChecks(checked: ReadonlySet<string>): SafeHtml {
  return html`<fieldset class="field-set"><legend>Event types <span class="hint">None checked: every type.</span></legend>
<div class="check-grid">${EVENT_TYPES.map(
    (type) =>
      html`<label class="check"><input type="checkbox" name="events" value="${type}"${checked.has(type) ? " checked" : ""}> <span class="mono">${type}</span></label>`,
  )}</div>
</fieldset>`;
}

function endpointsCard(viewer: Viewer, view: EventsView): SafeHtml {
  const { tenant } = view;
  const rows = view.webhooks.map(
    (w) => html`<tr>
${cell("Endpoint", html`<a href="${consolePaths.webhook(tenant.id, w.id)}"><strong class="mono">${w.url}</strong></a><br><span class="muted small mono">${w.id}</span>`)}
${cell("Events", webhookEvents(w))}
${cell("State", html`${webhookState(w)}${w.disabledReason === null ? "" : html`<br><span class="small muted">${w.disabledReason}</span>`}`)}
${cell("Created", time(w.createdAt))}
</tr>`,
  );
  const created =
    view.created === undefined
      ? ""
      : html`<div class="secret-once" role="status">
<p><strong>Copy this signing secret now: it is shown only once.</strong> Consumers verify each delivery's <code>webhook-signature</code> with it (Standard Webhooks).</p>
${copyField("new-webhook-secret", "Signing secret", view.created.secret, { hint: html`Endpoint <a href="${consolePaths.webhook(tenant.id, view.created.webhook.id)}"><code>${view.created.webhook.id}</code></a> receives the events committed from now on.` })}
</div>`;
  const typedEvents = new Set(view.typed?.events ?? []);
  const form = !canWrite(viewer)
    ? ""
    : html`<form method="post" action="${consolePaths.webhooks(tenant.id)}#webhooks">
${csrfInput(viewer)}
<div class="field">
<label for="webhook-url">Endpoint URL</label>
<input type="url" id="webhook-url" name="url" required maxlength="${String(MAX_WEBHOOK_URL_LENGTH)}" value="${view.typed?.url ?? ""}" spellcheck="false" placeholder="https://hooks.example.com/roster" aria-describedby="webhook-url-hint">
<span class="hint" id="webhook-url-hint">http(s); loopback and private addresses are refused unless the server allows them (WEBHOOK_ALLOW_PRIVATE_TARGETS).</span>
</div>
${eventTypeChecks(typedEvents)}
<div class="form-actions"><button type="submit" class="button">Add endpoint</button></div>
</form>`;
  return html`<section class="card" id="webhooks" aria-labelledby="webhooks-title">
<h2 id="webhooks-title">Webhook endpoints</h2>
<p class="lead">Each change event is posted to every endpoint that wants its type, signed, in order, retried for about a day.</p>
${feedback(view.notice, view.error)}
${created}
${
  view.webhooks.length === 0
    ? html`<p class="empty">No endpoint yet.</p>`
    : html`<div class="table-wrap"><table class="stack">
<thead><tr><th scope="col">Endpoint</th><th scope="col">Events</th><th scope="col">State</th><th scope="col">Created</th></tr></thead>
<tbody>${rows}</tbody>
</table></div>`
}
${pager(view.webhooksFirstHref, view.webhooksNextHref, "Endpoint pages")}
${form}
</section>`;
}

function typeFilter(view: EventsView): SafeHtml {
  const options = ["", ...EVENT_TYPES].map(
    (type) =>
      html`<option value="${type}"${type === (view.eventType ?? "") ? " selected" : ""}>${type === "" ? "every type" : type}</option>`,
  );
  return html`<form method="get" action="${consolePaths.events(view.tenant.id)}#events" class="filter-grid" aria-label="Filter the events">
<div class="field">
<label for="events-type">Type</label>
<select id="events-type" name="type">${options}</select>
</div>
<div class="form-actions"><button type="submit" class="button button-secondary">Filter</button>${view.eventType === undefined ? "" : html`<a href="${consolePaths.events(view.tenant.id)}#events">Clear</a>`}</div>
</form>`;
}

/** What an empty page of events says. */
function noEvents(view: EventsView): SafeHtml {
  const looked = view.eventsLookedAt;
  if (view.eventType !== undefined && looked !== undefined && looked.first <= looked.last) {
    return html`<p class="empty">No <span class="mono">${view.eventType}</span> event among events #${String(looked.first)}–#${String(looked.last)}.${view.eventsOlderHref === undefined ? "" : " Older events may have some."}</p>`;
  }
  return html`<p class="empty">No event${view.eventsNewestHref === undefined ? " yet" : " before these"}.</p>`;
}

function eventsCard(view: EventsView): SafeHtml {
  const rows = view.events.map(
    (event) => html`<tr>
${cell("Id", html`<span class="mono">${event.Id}</span>`)}
${cell("Type", html`<span class="mono">${event.Type}</span>`)}
${cell("Time", time(event.OccurredAt))}
${cell("Actor", html`<span class="mono">${event.Actor}</span>`)}
${cell("Data", html`<details><summary>Data</summary><pre class="data">${JSON.stringify(event.Data, null, 2)}</pre></details>`)}
</tr>`,
  );
  return html`<section class="card" id="events" aria-labelledby="events-title">
<h2 id="events-title">Recent events</h2>
<p class="lead">Every change to users and roles, whoever made it, newest first. Consumers read them with <code>GET /api/v1/tenants/${view.tenant.id}/events</code> or webhooks.</p>
${typeFilter(view)}
${
  view.events.length === 0
    ? noEvents(view)
    : html`<div class="table-wrap"><table class="stack">
<thead><tr><th scope="col">Id</th><th scope="col">Type</th><th scope="col">Time</th><th scope="col">Actor</th><th scope="col">Data</th></tr></thead>
<tbody>${rows}</tbody>
</table></div>`
}
${pager(view.eventsNewestHref, view.eventsOlderHref, "Event pages")}
</section>`;
}

/** The events and webhooks page. */
export function eventsPage(viewer: Viewer, view: EventsView): string {
  return page(
    { title: `Events & webhooks · ${view.tenant.id}`, viewer, tenant: view.tenant, section: "events" },
    html`<div class="page-head"><div><h1>Events &amp; webhooks</h1><p class="sub">What changed, and where Roster tells it.</p></div></div>
${endpointsCard(viewer, view)}
${eventsCard(view)}`,
  );
}
