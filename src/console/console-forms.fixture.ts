/**
 * Every form the console posts, with valid fields, over a tenant that the setup below makes:
 * the suites that check CSRF, read-only keys and tenant scope send each of them, and check
 * that nothing changed.
 */

import { CLI_ACTOR } from "../domain/actor.ts";
import { IdentityService } from "../domain/identity-service.ts";
import type { Store } from "../domain/ports.ts";
import { ScimTokenService } from "../domain/scim-token-service.ts";
import type { TenantService } from "../domain/tenant-service.ts";

/** A form: where it posts and what it sends (without the CSRF token). */
export interface ConsoleForm {
  readonly name: string;
  readonly url: string;
  readonly fields: Record<string, string>;
}

/** The forms that change tenant `t`, with valid input. */
export function changingForms(t: string, tokenId: string): ConsoleForm[] {
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
  ];
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
  };
}

async function rolesOf(identity: IdentityService, tenantId: string) {
  const roles: { id: string; children: readonly string[] }[] = [];
  for await (const r of identity.eachRole(tenantId)) roles.push({ id: r.role.id, children: r.children });
  return roles;
}
