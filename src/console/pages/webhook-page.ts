/**
 * A webhook endpoint (SPEC §11): its state, disable / enable, test and delete, a form that
 * changes its URL and event types, and its deliveries newest first with every attempt, each failed or pending one with a Retry button.
 */
import type { TenantRecord } from "../../domain/model.ts";
import type { AttemptRecord, DeliveryRecord, WebhookRecord } from "../../domain/outbox-ports.ts";
import { MAX_WEBHOOK_URL_LENGTH } from "../../domain/webhook-service.ts";
import { html, type SafeHtml } from "../../http/html.ts";
import { actionButton, badge, cell, csrfInput, feedback, pager, time } from "../components.ts";
import { canWrite, type Viewer } from "../console-context.ts";
import { consolePaths } from "../console-paths.ts";
import { page } from "../layout.ts";
import { eventTypeChecks, webhookEvents, webhookState } from "./events-page.ts";

/** What the page shows. */
export interface WebhookView {
  readonly tenant: TenantRecord;
  readonly webhook: WebhookRecord;
  readonly deliveries: readonly DeliveryRecord[];
  readonly deliveriesFirstHref: string | undefined;
  readonly deliveriesNextHref: string | undefined;
  readonly notice?: string | undefined;
  /** Why the edit form was refused. */
  readonly error?: string | undefined;
  /** What a refused edit form held. */
  readonly typed?: { readonly url: string; readonly events: readonly string[] } | undefined;
}

function deliveryState(delivery: DeliveryRecord): SafeHtml {
  if (delivery.state === "delivered") return badge("Delivered", "ok");
  if (delivery.state === "pending") return badge("Failed, retrying", "warn");
  return badge("Failed", "off");
}

function attemptText(attempt: AttemptRecord): SafeHtml {
  const answer = attempt.status === null ? html`no answer` : html`HTTP ${String(attempt.status)}`;
  return html`${time(attempt.at)} · ${answer} · ${String(attempt.durationMs)} ms${attempt.error === null ? "" : html` · <span class="muted">${attempt.error}</span>`}`;
}

function attempts(delivery: DeliveryRecord): SafeHtml {
  const last = delivery.attempts.at(-1);
  if (last === undefined) return html`<span class="muted">none</span>`;
  if (delivery.attempts.length === 1) return attemptText(last);
  return html`<details><summary>${String(delivery.attempts.length)} attempts, last: ${attemptText(last)}</summary><ol class="attempts">${delivery.attempts.map((a) => html`<li>${attemptText(a)}</li>`)}</ol></details>`;
}

function deliveryRow(viewer: Viewer, view: WebhookView, delivery: DeliveryRecord): SafeHtml {
  const retry =
    canWrite(viewer) && delivery.state !== "delivered"
      ? actionButton(viewer, consolePaths.retryDelivery(view.tenant.id, view.webhook.id, delivery.id), "Retry", {
          kind: "secondary",
          small: true,
          accessibleLabel: `Retry delivery ${delivery.id}`,
        })
      : "";
  return html`<tr>
${cell("Event", html`<span class="mono">${delivery.eventType}</span>${delivery.eventSeq === null ? html` <span class="muted small">test</span>` : html` <span class="muted small">#${String(delivery.eventSeq)}</span>`}`)}
${cell("State", deliveryState(delivery))}
${cell("Attempts", attempts(delivery))}
${cell("Created", time(delivery.createdAt))}
${canWrite(viewer) ? cell("", retry, "actions") : ""}
</tr>`;
}

function details(view: WebhookView): SafeHtml {
  const w = view.webhook;
  return html`<dl class="fields">
<dt>Id</dt><dd class="mono">${w.id}</dd>
<dt>URL</dt><dd class="mono">${w.url}</dd>
<dt>Events</dt><dd>${webhookEvents(w)}</dd>
<dt>State</dt><dd>${webhookState(w)}${w.disabledReason === null ? "" : html` ${w.disabledReason}`}${w.disabledAt === null ? "" : html` (${time(w.disabledAt)})`}</dd>
<dt>Delivered up to</dt><dd>${w.lastSeq === 0 ? html`<span class="muted">no event yet</span>` : html`event #${String(w.lastSeq)}`}</dd>
<dt>Failed attempts in a row</dt><dd>${String(w.failCount)}${w.firstFailureAt === null ? "" : html` since ${time(w.firstFailureAt)}`}</dd>
<dt>Created</dt><dd>${time(w.createdAt)}</dd>
</dl>`;
}

function actions(viewer: Viewer, view: WebhookView): SafeHtml {
  if (!canWrite(viewer)) return html``;
  const { tenant, webhook } = view;
  const toggle = webhook.enabled
    ? actionButton(viewer, consolePaths.webhookAction(tenant.id, webhook.id, "disable"), "Disable", {
        kind: "secondary",
        confirm: "Disable this endpoint? Events wait for it until it is enabled again.",
      })
    : actionButton(viewer, consolePaths.webhookAction(tenant.id, webhook.id, "enable"), "Enable", {});
  return html`<div class="form-actions">
${toggle}
${actionButton(viewer, consolePaths.webhookAction(tenant.id, webhook.id, "test"), "Send test", { kind: "secondary" })}
${actionButton(viewer, consolePaths.webhookAction(tenant.id, webhook.id, "delete"), "Delete", { kind: "danger", confirm: "Delete this endpoint and its deliveries?" })}
</div>`;
}

/** The form that changes the endpoint's URL and event types (the API's PATCH), as stored or as typed. */
function editForm(viewer: Viewer, view: WebhookView): SafeHtml {
  if (!canWrite(viewer)) return html``;
  const { tenant, webhook } = view;
  const url = view.typed?.url ?? webhook.url;
  const checked = new Set(view.typed?.events ?? webhook.events ?? []);
  return html`<section class="card" id="edit" aria-labelledby="edit-title">
<h2 id="edit-title">Change the endpoint</h2>
${feedback(undefined, view.error)}
<form method="post" action="${consolePaths.webhookAction(tenant.id, webhook.id, "edit")}#edit">
${csrfInput(viewer)}
<div class="field">
<label for="webhook-url">Endpoint URL</label>
<input type="url" id="webhook-url" name="url" required maxlength="${String(MAX_WEBHOOK_URL_LENGTH)}" value="${url}" spellcheck="false">
</div>
${eventTypeChecks(checked)}
<div class="form-actions"><button type="submit" class="button">Save endpoint</button></div>
</form>
</section>`;
}

/** The endpoint's page. */
export function webhookPage(viewer: Viewer, view: WebhookView): string {
  const { tenant, webhook } = view;
  const write = canWrite(viewer);
  return page(
    {
      title: `Webhook ${webhook.id} · ${tenant.id}`,
      viewer,
      tenant,
      section: "events",
      crumbs: [{ label: "Events & webhooks", href: consolePaths.events(tenant.id) }, { label: webhook.id }],
    },
    html`<div class="page-head"><div><h1>Webhook endpoint</h1><p class="sub mono">${webhook.url}</p></div></div>
${feedback(view.notice, undefined)}
<section class="card" aria-labelledby="webhook-title">
<h2 id="webhook-title">Endpoint</h2>
${details(view)}
${actions(viewer, view)}
</section>
${editForm(viewer, view)}
<section class="card" id="deliveries" aria-labelledby="deliveries-title">
<h2 id="deliveries-title">Deliveries</h2>
<p class="lead">Newest first, each with its attempts. A retry sends the event again now; when it succeeds, delivery goes on with the next event.</p>
${
  view.deliveries.length === 0
    ? html`<p class="empty">No delivery yet.</p>`
    : html`<div class="table-wrap"><table class="stack">
<thead><tr><th scope="col">Event</th><th scope="col">State</th><th scope="col">Attempts</th><th scope="col">Created</th>${write ? html`<th scope="col"><span class="sr-only">Actions</span></th>` : ""}</tr></thead>
<tbody>${view.deliveries.map((d) => deliveryRow(viewer, view, d))}</tbody>
</table></div>`
}
${pager(view.deliveriesFirstHref, view.deliveriesNextHref, "Delivery pages")}
</section>`,
  );
}
