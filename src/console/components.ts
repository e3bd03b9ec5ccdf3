/** Small pieces of markup the console's pages share: form plumbing, times, badges, copy fields, pagers. */
import { type HtmlValue, html, type SafeHtml } from "../http/html.ts";
import type { Viewer } from "./console-context.ts";
import { CSRF_FIELD } from "./csrf.ts";

/** The hidden CSRF field of a form. */
export function csrfInput(viewer: Viewer): SafeHtml {
  return html`<input type="hidden" name="${CSRF_FIELD}" value="${viewer.csrf}">`;
}

/**
 * A one-button form that posts to `action` (revoke, resume, unnest…), with its CSRF token and
 * an optional confirmation (asked by the console's script).
 */
export function actionButton(
  viewer: Viewer,
  action: string,
  label: string,
  options: {
    readonly kind?: "primary" | "secondary" | "danger";
    readonly confirm?: string;
    readonly small?: boolean;
    readonly accessibleLabel?: string;
  } = {},
): SafeHtml {
  const classes = [
    "button",
    options.kind === "primary" || options.kind === undefined ? "" : `button-${options.kind}`,
    options.small ? "button-small" : "",
  ]
    .filter(Boolean)
    .join(" ");
  return html`<form method="post" action="${action}"${options.confirm === undefined ? "" : html` data-confirm="${options.confirm}"`}>${csrfInput(viewer)}<button type="submit" class="${classes}"${options.accessibleLabel === undefined ? "" : html` aria-label="${options.accessibleLabel}"`}>${label}</button></form>`;
}

/** An ISO-8601 instant as a readable UTC time in a `<time>` element. */
export function time(iso: string | null | undefined, empty = "never"): SafeHtml {
  if (iso === null || iso === undefined) return html`<span class="muted">${empty}</span>`;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return html`${iso}`;
  const text = `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
  return html`<time datetime="${date.toISOString()}">${text}</time>`;
}

/** A small status pill. */
export function badge(text: string, kind: "ok" | "warn" | "off" | "accent" | "plain" = "plain"): SafeHtml {
  return html`<span class="${kind === "plain" ? "badge" : `badge badge-${kind}`}">${text}</span>`;
}

/** A read-only field with a copy button (the button appears when the console's script runs). */
export function copyField(
  id: string,
  label: string,
  value: string,
  options: { readonly hint?: HtmlValue } = {},
): SafeHtml {
  return html`<div class="field copy-block">
<label for="${id}">${label}</label>
<div class="copy-field"><input type="text" id="${id}" value="${value}" readonly spellcheck="false"><button type="button" class="button button-secondary" data-copy="${id}" hidden>Copy</button></div>
${options.hint === undefined ? "" : html`<span class="hint">${options.hint}</span>`}
</div>`;
}

/** A notice (after a change) or an error (a refused form) above a page's content. */
export function feedback(notice: string | undefined, error: string | undefined): SafeHtml {
  return html`${error === undefined ? "" : html`<div class="banner banner-error" role="alert"><p><strong>Not done:</strong> ${error}</p></div>`}${notice === undefined ? "" : html`<div class="banner banner-ok" role="status"><p>${notice}</p></div>`}`;
}

/** Links to the first page and to the next, when there is one. */
export function pager(firstHref: string | undefined, nextHref: string | undefined, label: string): SafeHtml {
  if (firstHref === undefined && nextHref === undefined) return html``;
  return html`<nav class="pager" aria-label="${label}">
<span>${firstHref === undefined ? "" : html`<a href="${firstHref}">← First page</a>`}</span>
<span>${nextHref === undefined ? "" : html`<a href="${nextHref}" rel="next">Next page →</a>`}</span>
</nav>`;
}

/** A table cell with the label the narrow layout shows beside its value. */
export function cell(label: string, content: HtmlValue, className?: string): SafeHtml {
  return html`<td data-label="${label}"${className === undefined ? "" : html` class="${className}"`}>${content}</td>`;
}
