/**
 * The frame of every console page: the document head (assets, htmx's configuration), the top
 * bar with the main navigation and the signed-in key, a tenant's tabs and its state at a glance
 * (paused, provisioning off, no token), breadcrumbs, and the content.
 */
import type { TenantRecord } from "../domain/model.ts";
import { readTenantSettings } from "../domain/tenant-settings.ts";
import { type HtmlValue, html, type SafeHtml } from "../http/html.ts";
import { actionButton, badge, time } from "./components.ts";
import { assetUrl } from "./console-assets.ts";
import { canWrite, type Viewer } from "./console-context.ts";
import { consolePaths } from "./console-paths.ts";
import { TENANT_SECTIONS } from "./navigation.ts";

/**
 * htmx's settings, read from a meta tag: no inline styles (the CSP allows none; the indicator's
 * rules are in the console's stylesheet), no eval, no script tags from responses, requests to
 * Roster only, and no copies of pages in localStorage (pages can hold secrets).
 */
export const HTMX_CONFIG = Object.freeze({
  includeIndicatorStyles: false,
  allowEval: false,
  allowScriptTags: false,
  selfRequestsOnly: true,
  historyCacheSize: 0,
  refreshOnHistoryMiss: true,
});

/** A step of the breadcrumbs; the last one is the current page. */
export interface Crumb {
  readonly label: string;
  readonly href?: string;
}

/** What frames a page. */
export interface PageFrame {
  readonly title: string;
  /** The signed-in viewer; absent on the sign-in page and some error pages. */
  readonly viewer?: Viewer | undefined;
  /** The tenant the page belongs to: its tabs and state banners are shown. */
  readonly tenant?: TenantRecord | undefined;
  /** The tab of the tenant, or `tenants` for the tenant list. */
  readonly section?: string | undefined;
  readonly crumbs?: readonly Crumb[] | undefined;
  /** A plain body for pages without navigation (sign-in). */
  readonly bare?: boolean;
}

function head(title: string): SafeHtml {
  return html`<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="htmx-config" content="${JSON.stringify(HTMX_CONFIG)}">
<title>${title} · Roster</title>
<link rel="stylesheet" href="${assetUrl("console.css")}">
<script src="${assetUrl("htmx.min.js")}" defer></script>
<script src="${assetUrl("console.js")}" defer></script>`;
}

function keyScope(viewer: Viewer): SafeHtml {
  const scope = viewer.key.tenantId === null ? "all tenants" : `tenant ${viewer.key.tenantId}`;
  return html`<span class="who-key" title="Admin key ${viewer.key.id}">${viewer.key.name}</span>
${badge(scope)}${viewer.key.readOnly ? badge("read-only") : ""}`;
}

function topbar(frame: PageFrame): SafeHtml {
  const viewer = frame.viewer;
  const tenantsCurrent = frame.section === "tenants" ? html` aria-current="page"` : "";
  const tenantsLink =
    viewer === undefined
      ? ""
      : viewer.key.tenantId === null
        ? html`<a href="${consolePaths.tenants()}"${tenantsCurrent}>Tenants</a>`
        : html`<a href="${consolePaths.tenant(viewer.key.tenantId)}">Tenant ${viewer.key.tenantId}</a>`;
  return html`<header class="topbar">
<div class="topbar-inner">
<a class="brand" href="${consolePaths.root}"><span class="brand-mark" aria-hidden="true"></span>Roster</a>
<nav class="main-nav" aria-label="Main">${tenantsLink}</nav>
${
  viewer === undefined
    ? ""
    : html`<div class="who">${keyScope(viewer)}
${actionButton(viewer, consolePaths.signOut, "Sign out", { kind: "secondary", small: true })}</div>`
}
</div>
</header>`;
}

function tenantBar(tenant: TenantRecord, section: string | undefined): SafeHtml {
  const tabs = TENANT_SECTIONS.map(
    (s) => html`<a href="${s.href(tenant.id)}"${s.id === section ? html` aria-current="page"` : ""}>${s.label}</a>`,
  );
  return html`<div class="tenant-bar">
<div class="tenant-bar-inner">
<div class="tenant-title"><span class="label">Tenant</span><strong>${tenant.id}</strong>${tenantStateBadge(tenant)}</div>
<nav class="tabs" aria-label="Tenant ${tenant.id}">${tabs}</nav>
</div>
</div>`;
}

/** The tenant's provisioning state as a badge: paused, off, no token, or running. */
export function tenantStateBadge(tenant: TenantRecord): SafeHtml {
  const settings = readTenantSettings(tenant.settings);
  if (tenant.pause !== null) return badge("Paused", "warn");
  if (!settings.scimEnabled) return badge("Provisioning off", "off");
  return badge("Provisioning on", "ok");
}

/** The banners of a tenant's state: a paused tenant's is loud, with Resume at hand. */
function tenantBanners(tenant: TenantRecord, viewer: Viewer | undefined): SafeHtml {
  const settings = readTenantSettings(tenant.settings);
  const paused =
    tenant.pause === null
      ? ""
      : html`<section class="banner banner-paused" role="status" aria-label="Provisioning paused">
<div><p><strong>Provisioning is paused.</strong></p>
<p>Since ${time(tenant.pause.since)}, SCIM writes to this tenant answer 503 with Retry-After: ${tenant.pause.retryAfterSeconds} s. Reads go on; identity providers retry later and nothing is lost.</p></div>
${viewer !== undefined && canWrite(viewer) ? actionButton(viewer, consolePaths.tenantAction(tenant.id, "resume"), "Resume provisioning") : ""}
</section>`;
  const off = settings.scimEnabled
    ? ""
    : html`<div class="banner banner-warn" role="status"><p><strong>SCIM provisioning is switched off</strong> (ScimEnabled is false): identity providers get 403 until it is switched on in the settings.</p></div>`;
  return html`${paused}${off}`;
}

function crumbs(list: readonly Crumb[] | undefined): SafeHtml {
  if (list === undefined || list.length === 0) return html``;
  const items = list.map((crumb, n) =>
    n === list.length - 1 || crumb.href === undefined
      ? html`<li${n === list.length - 1 ? html` aria-current="page"` : ""}>${crumb.label}</li>`
      : html`<li><a href="${crumb.href}">${crumb.label}</a></li>`,
  );
  return html`<nav class="breadcrumbs" aria-label="Breadcrumbs"><ol>${items}</ol></nav>`;
}

/** A complete page. */
export function page(frame: PageFrame, content: HtmlValue): string {
  if (frame.bare === true) {
    return html`<!doctype html>
<html lang="en">
<head>
${head(frame.title)}
</head>
<body class="bare">
${content}
</body>
</html>
`.toString();
  }
  return html`<!doctype html>
<html lang="en">
<head>
${head(frame.title)}
</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
${topbar(frame)}
${frame.tenant === undefined ? "" : tenantBar(frame.tenant, frame.section)}
<main id="main" tabindex="-1">
${crumbs(frame.crumbs)}
${frame.tenant === undefined ? "" : tenantBanners(frame.tenant, frame.viewer)}
${content}
</main>
<footer class="footer">Roster console · times in UTC</footer>
</body>
</html>
`.toString();
}
