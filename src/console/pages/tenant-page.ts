/**
 * A tenant's overview: the SCIM endpoint URL to copy for a provider, the pause switch, the SCIM
 * tokens (a new one shown once), and the settings with their checks.
 */
import type { ScimTokenRecord, TenantRecord } from "../../domain/model.ts";
import { DEFAULT_RETRY_AFTER_SECONDS, MAX_RETRY_AFTER_SECONDS } from "../../domain/tenant-pause.ts";
import {
  effectiveTenantSettings,
  TENANT_SETTINGS,
  type TenantSettingDefinition,
} from "../../domain/tenant-settings.ts";
import { type HtmlValue, html, type SafeHtml } from "../../http/html.ts";
import { actionButton, badge, cell, copyField, csrfInput, feedback, pager, time } from "../components.ts";
import { canWrite, type Viewer } from "../console-context.ts";
import { consolePaths } from "../console-paths.ts";
import { page } from "../layout.ts";

/** The SCIM endpoint part of the page: the provider typed, and its URL or why there is none. */
export interface EndpointView {
  readonly provider: string | undefined;
  readonly url: string | undefined;
  readonly error: string | undefined;
  /** The endpoint with `<provider>` in place of a name. */
  readonly template: string;
}

/** What the page shows. */
export interface TenantView {
  readonly tenant: TenantRecord;
  readonly endpoint: EndpointView;
  readonly tokens: readonly ScimTokenRecord[];
  readonly tokensFirstHref: string | undefined;
  readonly tokensNextHref: string | undefined;
  readonly now: Date;
  /** A token just generated: shown this once. */
  readonly newToken?: { readonly token: ScimTokenRecord; readonly secret: string | undefined } | undefined;
  readonly notice?: string | undefined;
  /** A refused form, and which section it belongs to. */
  readonly error?: { readonly section: "settings" | "tokens" | "pause"; readonly message: string } | undefined;
  /** The values a refused settings form held. */
  readonly typedSettings?: Readonly<Record<string, string>> | undefined;
}

const PROVIDER_EXAMPLES = ["EntraID", "Okta", "OneLogin"] as const;

function sectionError(view: TenantView, section: "settings" | "tokens" | "pause"): SafeHtml {
  return view.error?.section === section ? feedback(undefined, view.error.message) : html``;
}

function endpointCard(view: TenantView): SafeHtml {
  const { tenant, endpoint } = view;
  const examples = PROVIDER_EXAMPLES.map(
    (name) =>
      html`<li><a href="${consolePaths.tenant(tenant.id, { provider: name })}#endpoint"${endpoint.provider === name ? html` aria-current="true"` : ""}>${name}</a></li>`,
  );
  const result =
    endpoint.url !== undefined
      ? copyField("endpoint-url", `SCIM endpoint for ${endpoint.provider ?? ""}`, endpoint.url, {
          hint: "Paste this as the Tenant URL (Entra ID) or SCIM connector base URL (Okta, OneLogin), with a token below as the bearer.",
        })
      : endpoint.error !== undefined
        ? html`<div class="banner banner-error" role="alert"><p>${endpoint.error}</p></div>`
        : html`<p class="muted">Pattern: <code>${endpoint.template}</code></p>`;
  return html`<section class="card" id="endpoint" aria-labelledby="endpoint-title">
<h2 id="endpoint-title">SCIM endpoint</h2>
<p class="lead">One URL per identity provider: the provider name records who wrote each identifier, so a tenant can switch providers and keep its data.</p>
<form method="get" action="${consolePaths.tenant(tenant.id)}#endpoint" class="form-row">
<div class="field">
<label for="provider">Provider name</label>
<input type="text" id="provider" name="provider" value="${endpoint.provider ?? ""}" maxlength="64" spellcheck="false" placeholder="EntraID" aria-describedby="provider-hint">
<span class="hint" id="provider-hint">Letters, digits, “-” and “_”, up to 64.</span>
</div>
<div class="form-actions"><button type="submit" class="button button-secondary">Show URL</button></div>
</form>
<ul class="chip-list" aria-label="Common providers">${examples}</ul>
<div class="endpoint-result">${result}</div>
</section>`;
}

function pauseCard(view: TenantView, viewer: Viewer): SafeHtml {
  const { tenant } = view;
  const write = canWrite(viewer);
  const state =
    tenant.pause === null
      ? html`<p>${badge("Running", "ok")} SCIM writes are accepted.</p>`
      : html`<p>${badge("Paused", "warn")} since ${time(tenant.pause.since)}: SCIM writes answer 503 with Retry-After: ${tenant.pause.retryAfterSeconds} s.</p>`;
  const retry = tenant.pause?.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS;
  const controls = !write
    ? ""
    : html`<form method="post" action="${consolePaths.tenantAction(tenant.id, "pause")}#pause" class="form-row"${tenant.pause === null ? html` data-confirm="Pause provisioning for ${tenant.id}? SCIM writes will answer 503 until you resume."` : ""}>
${csrfInput(viewer)}
<div class="field">
<label for="retry-after">Retry-After (seconds)</label>
<input type="number" id="retry-after" name="retryAfterSeconds" min="1" max="${MAX_RETRY_AFTER_SECONDS}" step="1" value="${retry}" required>
</div>
<div class="form-actions"><button type="submit" class="button ${tenant.pause === null ? "button-danger" : "button-secondary"}">${tenant.pause === null ? "Pause provisioning" : "Update Retry-After"}</button></div>
</form>
${tenant.pause === null ? "" : html`<div class="form-actions">${actionButton(viewer, consolePaths.tenantAction(tenant.id, "resume"), "Resume provisioning")}</div>`}`;
  return html`<section class="card" id="pause" aria-labelledby="pause-title">
<h2 id="pause-title">Pause switch</h2>
<p class="lead">The rollback of a migration: while paused, identity providers are told to retry later; reads go on and nothing is lost.</p>
${sectionError(view, "pause")}
<div class="pause-state">${state}</div>
${controls}
</section>`;
}

function tokenState(token: ScimTokenRecord, now: Date): SafeHtml {
  if (token.expiresAt !== null && Date.parse(token.expiresAt) <= now.getTime()) return badge("Expired", "off");
  return badge("Valid", "ok");
}

function tokensCard(view: TenantView, viewer: Viewer): SafeHtml {
  const { tenant } = view;
  const write = canWrite(viewer);
  const rows = view.tokens.map(
    (token) => html`<tr>
${cell("Token", html`<code>${token.id}</code><br><span class="muted small mono" title="SHA-512 of the token">${token.hash.slice(0, 16)}…</span>`)}
${cell("State", tokenState(token, view.now))}
${cell("Created", time(token.createdAt))}
${cell("Expires", time(token.expiresAt, "never"))}
${cell("Last used", time(token.lastUsedAt, "never"))}
${write ? cell("", actionButton(viewer, consolePaths.revokeToken(tenant.id, token.id), "Revoke", { kind: "danger", small: true, confirm: `Revoke token ${token.id}? Identity providers using it get 401 at once.`, accessibleLabel: `Revoke token ${token.id}` }), "actions") : ""}
</tr>`,
  );
  const created =
    view.newToken === undefined
      ? ""
      : view.newToken.secret === undefined
        ? html`<div class="banner banner-ok" role="status"><p>Token <code>${view.newToken.token.id}</code> registered from its hash.</p></div>`
        : html`<div class="secret-once" role="status">
<p><strong>Copy this token now: it is shown only once.</strong> Roster keeps only its SHA-512 hash.</p>
${copyField("new-token", "Bearer token", view.newToken.secret, { hint: html`Token <code>${view.newToken.token.id}</code>${view.newToken.token.expiresAt === null ? ", no expiry" : html`, expires ${time(view.newToken.token.expiresAt)}`}.` })}
</div>`;
  const form = !write
    ? ""
    : html`<form method="post" action="${consolePaths.tenantAction(tenant.id, "tokens")}#tokens">
${csrfInput(viewer)}
<fieldset><legend class="sr-only">New SCIM token</legend>
<div class="form-row">
<div class="field">
<label for="token-expires">Expires (optional)</label>
<input type="date" id="token-expires" name="expiresAt" aria-describedby="token-expires-hint">
<span class="hint" id="token-expires-hint">The token stops working at 00:00 UTC that day.</span>
</div>
<div class="field">
<label for="token-hash">Or register a hash (optional)</label>
<input type="text" id="token-hash" name="hash" maxlength="200" spellcheck="false" placeholder="128 hex digits" aria-describedby="token-hash-hint">
<span class="hint" id="token-hash-hint">For a token generated elsewhere (the seed's script): leave empty to generate one here.</span>
</div>
</div>
<div class="form-actions"><button type="submit" class="button">Create token</button></div>
</fieldset>
</form>`;
  return html`<section class="card" id="tokens" aria-labelledby="tokens-title">
<h2 id="tokens-title">SCIM tokens</h2>
<p class="lead">Bearer tokens identity providers present. Several can be valid at once, for rotation.</p>
${sectionError(view, "tokens")}
${created}
${
  view.tokens.length === 0
    ? html`<p class="empty">No token in the list.${tenant.settings["HashedScimProvisioningToken"] === undefined ? " Until one exists, SCIM answers 401." : " The HashedScimProvisioningToken setting is one more valid token."}</p>`
    : html`<div class="table-wrap"><table class="stack">
<thead><tr><th scope="col">Token</th><th scope="col">State</th><th scope="col">Created</th><th scope="col">Expires</th><th scope="col">Last used</th>${write ? html`<th scope="col"><span class="sr-only">Actions</span></th>` : ""}</tr></thead>
<tbody>${rows}</tbody>
</table></div>`
}
${pager(view.tokensFirstHref, view.tokensNextHref, "Token pages")}
${form}
</section>`;
}

/** A setting's description, `code` in backticks shown as code, and its default. */
function describe(setting: TenantSettingDefinition): SafeHtml {
  const parts = setting.description.split("`").map((part, n) => (n % 2 === 1 ? html`<code>${part}</code>` : part));
  const period = /[.!?]$/.test(setting.description) ? "" : ".";
  return html`${parts}${period}${setting.defaultValue === undefined ? "" : html` Default: <code>${setting.defaultValue}</code>.`}`;
}

function settingControl(setting: TenantSettingDefinition, value: string): SafeHtml {
  const id = `setting-${setting.name}`;
  const name = `setting.${setting.name}`;
  const hint = html`<span class="hint" id="${id}-hint">${describe(setting)}</span>`;
  const control: HtmlValue =
    setting.choices === undefined
      ? html`<input type="text" id="${id}" name="${name}" value="${value}" spellcheck="false" aria-describedby="${id}-hint">`
      : html`<select id="${id}" name="${name}" aria-describedby="${id}-hint">${setting.choices.map(
          (choice) => html`<option value="${choice}"${choice === value ? " selected" : ""}>${choice}</option>`,
        )}</select>`;
  return html`<div class="field"><label for="${id}">${setting.name}</label>${control}${hint}</div>`;
}

function settingsList(view: TenantView): SafeHtml {
  const effective = effectiveTenantSettings(view.tenant.settings);
  const rows = TENANT_SETTINGS.map((setting) => {
    const value = effective[setting.name];
    return html`<dt>${setting.name}</dt><dd>${value === null || value === undefined ? html`<span class="muted">not set</span>` : html`<code>${value}</code>`}${view.tenant.settings[setting.name] === undefined && value !== null ? html` <span class="muted small">(default)</span>` : ""}<span class="hint">${describe(setting)}</span></dd>`;
  });
  return html`<section class="card" id="settings" aria-labelledby="settings-title">
<h2 id="settings-title">Settings</h2>
<dl class="fields">${rows}</dl>
</section>`;
}

function settingsCard(view: TenantView, viewer: Viewer): SafeHtml {
  const write = canWrite(viewer);
  if (!write) return settingsList(view);
  const effective = effectiveTenantSettings(view.tenant.settings);
  const controls = TENANT_SETTINGS.map((setting) =>
    settingControl(setting, view.typedSettings?.[setting.name] ?? effective[setting.name] ?? ""),
  );
  return html`<section class="card" id="settings" aria-labelledby="settings-title">
<h2 id="settings-title">Settings</h2>
<p class="lead">Checked exactly as <code>roster tenant set</code> checks them; an empty text field removes the setting.</p>
${sectionError(view, "settings")}
<form method="post" action="${consolePaths.tenantAction(view.tenant.id, "settings")}#settings">
${csrfInput(viewer)}
<div class="settings-grid">${controls}</div>
<div class="form-actions"><button type="submit" class="button">Save settings</button></div>
</form>
</section>`;
}

/** The tenant's overview page. */
export function tenantPage(viewer: Viewer, view: TenantView, status = 200): { status: number; body: string } {
  const body = page(
    {
      title: `Tenant ${view.tenant.id}`,
      viewer,
      tenant: view.tenant,
      section: "overview",
      crumbs:
        viewer.key.tenantId === null
          ? [{ label: "Tenants", href: consolePaths.tenants() }, { label: view.tenant.id }]
          : undefined,
    },
    html`<div class="page-head"><div><h1>Overview</h1><p class="sub">Created ${time(view.tenant.createdAt)}</p></div></div>
${feedback(view.notice, undefined)}
<div class="grid-2">
${endpointCard(view)}
${pauseCard(view, viewer)}
</div>
<div class="stack">
${tokensCard(view, viewer)}
${settingsCard(view, viewer)}
</div>`,
  );
  return { status, body };
}
