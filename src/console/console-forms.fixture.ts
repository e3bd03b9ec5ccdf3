/**
 * Every form the console posts, with valid fields, over a tenant that the setup below makes:
 * the suites that check CSRF, read-only keys and tenant scope send each of them, and check
 * that nothing changed.
 */

import { httpWebhookSender } from "../delivery/http-webhook-sender.ts";
import { CLI_ACTOR } from "../domain/actor.ts";
import { ExportService } from "../domain/export-service.ts";
import { IdentityService } from "../domain/identity-service.ts";
import type { Store } from "../domain/ports.ts";
import { ScimTokenService } from "../domain/scim-token-service.ts";
import type { TenantService } from "../domain/tenant-service.ts";
import { WebhookService } from "../domain/webhook-service.ts";

/** A form: where it posts and what it sends (without the CSRF token). */
export interface ConsoleForm {
  readonly name: string;
  readonly url: string;
  readonly fields: Record<string, string>;
}

/** What the forms act on besides the tenant: a token, a webhook endpoint and one of its deliveries, an import. */
export interface FormTargets {
  readonly tokenId: string;
  readonly webhookId: string;
  readonly deliveryId: string;
  /** An export of the tenant with one role more (a merge would add it). */
  readonly document: string;
}

/** The forms that change tenant `t`, with valid input. */
export function changingForms(t: string, targets: FormTargets): ConsoleForm[] {
  const { tokenId, webhookId, deliveryId, document } = targets;
  const hook = `/console/tenants/${t}/webhooks/${webhookId}`;
  return [
    { name: "create a tenant", url: "/console/tenants", fields: { id: `${t}-new` } },
    { name: "save settings", url: `/console/tenants/${t}/settings`, fields: { "setting.ScimEnabled": "false" } },
    { name: "create a token", url: `/console/tenants/${t}/tokens`, fields: {} },
    { name: "revoke a token", url: `/console/tenants/${t}/tokens/${tokenId}/revoke`, fields: {} },
    { name: "pause", url: `/console/tenants/${t}/pause`, fields: { retryAfterSeconds: "60" } },
    {
      name: "grant a role",
      url: `/console/tenants/${t}/users/${encodeURIComponent("ann@x.io")}/roles`,
      fields: { roleId: "viewers" },
    },
    {
      name: "revoke a role",
      url: `/console/tenants/${t}/users/${encodeURIComponent("ann@x.io")}/roles/editors/revoke`,
      fields: {},
    },
    { name: "add a role", url: `/console/tenants/${t}/roles`, fields: { displayName: "Auditors" } },
    { name: "nest a role", url: `/console/tenants/${t}/roles/editors/children`, fields: { childId: "viewers" } },
    { name: "unnest a role", url: `/console/tenants/${t}/roles/admins/children/editors/remove`, fields: {} },
    { name: "add a webhook", url: `/console/tenants/${t}/webhooks`, fields: { url: "http://127.0.0.1:9/other" } },
    {
      name: "change a webhook",
      url: `${hook}/edit`,
      fields: { url: "http://127.0.0.1:9/edited", events: "user.created" },
    },
    { name: "disable a webhook", url: `${hook}/disable`, fields: {} },
    { name: "test a webhook", url: `${hook}/test`, fields: {} },
    { name: "delete a webhook", url: `${hook}/delete`, fields: {} },
    { name: "retry a delivery", url: `${hook}/deliveries/${deliveryId}/retry`, fields: {} },
    {
      name: "preview an import",
      url: `/console/tenants/${t}/import`,
      fields: { document, merge: "true", mode: "dry-run" },
    },
    { name: "import", url: `/console/tenants/${t}/import`, fields: { document, merge: "true", mode: "apply" } },
  ];
}

/** A sender that may reach loopback: the seeded endpoint listens nowhere, so its deliveries fail. */
function loopbackWebhooks(store: Store): WebhookService {
  return new WebhookService(store, httpWebhookSender({ allowPrivateTargets: true, timeoutMs: 2000 }));
}

/** The export of tenant `t` with a role "Imported" added: what an import with merge would add. */
export async function importDocument(store: Store, t: string): Promise<string> {
  let text = "";
  await new ExportService(store).export(
    t,
    async (chunk) => {
      text += chunk;
    },
    { format: "ndjson" },
  );
  const [header, ...lines] = text
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  const counts = header!["Counts"] as { Roles: number };
  const added = { Kind: "Role", Id: "imported", DisplayName: "Imported", ExternalIds: [], RoleType: "Role", Roles: [] };
  const role = lines.find((line) => line["Kind"] === "Role");
  const line = { ...added, CreatedAt: role?.["CreatedAt"], UpdatedAt: role?.["UpdatedAt"] };
  return `${[{ ...header, Counts: { ...counts, Roles: counts.Roles + 1 } }, line, ...lines].map((l) => JSON.stringify(l)).join("\n")}\n`;
}

/** Seeds tenant `t` (seedTenant) with an endpoint and a failed test delivery too; answers every form's targets. */
export async function seedFormTargets(store: Store, tenants: TenantService, t: string): Promise<FormTargets> {
  const tokenId = await seedTenant(store, tenants, t);
  const webhooks = loopbackWebhooks(store);
  const { webhook } = await webhooks.create(t, { url: "http://127.0.0.1:9/hook" });
  const delivery = await webhooks.test(t, webhook.id);
  return { tokenId, webhookId: webhook.id, deliveryId: delivery.id, document: await importDocument(store, t) };
}

/** A tenant with a user holding `editors`, roles admins ⊃ editors and viewers, and one SCIM token; answers the token's id. */
export async function seedTenant(store: Store, tenants: TenantService, t: string): Promise<string> {
  const identity = new IdentityService(store);
  await tenants.createTenant(t);
  await identity.addUser(t, "ann@x.io", { firstName: "Ann", lastName: "Lee" });
  for (const name of ["Admins", "Editors", "Viewers"]) await identity.addRole(t, name);
  await identity.nest(t, "admins", "editors");
  await identity.grant(t, "ann@x.io", "editors");
  return (await new ScimTokenService(store).add(t, {}, CLI_ACTOR)).token.id;
}

/** What the forms could change in tenant `t`, to compare before and after. */
export async function snapshot(store: Store, tenants: TenantService, t: string): Promise<unknown> {
  const identity = new IdentityService(store);
  const tenant = await tenants.showTenant(t);
  return {
    tenants: (await tenants.listTenants()).map((x) => x.id),
    settings: tenant.settings,
    pause: tenant.pause,
    tokens: (await new ScimTokenService(store).list(t, { limit: 100 })).items.map((x) => x.id),
    user: (await identity.showUser(t, "ann@x.io")).roles,
    roles: await rolesOf(identity, t),
    webhooks: await webhooksOf(store, t),
  };
}

async function webhooksOf(store: Store, tenantId: string) {
  const page = await store.webhooks.page(tenantId, { limit: 100 });
  const hooks: { id: string; enabled: boolean; attempts: number[] }[] = [];
  for (const w of page.items) {
    const deliveries = await store.webhooks.deliveries(tenantId, w.id, { limit: 100 });
    hooks.push({ id: w.id, enabled: w.enabled, attempts: deliveries.items.map((d) => d.attempts.length) });
  }
  return hooks;
}

async function rolesOf(identity: IdentityService, tenantId: string) {
  const roles: { id: string; children: readonly string[] }[] = [];
  for await (const r of identity.eachRole(tenantId)) roles.push({ id: r.role.id, children: r.children });
  return roles;
}
