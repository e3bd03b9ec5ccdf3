/**
 * Helpers for the migration tests over HTTP: SCIM requests as identity providers send them, the
 * management API by hand, and a tenant that holds every case an export must carry across.
 */
import type { LightMyRequestResponse } from "fastify";
import type { ApiTestApp } from "./api-test-kit.ts";

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

/** A SCIM request to `/scim/v2/{tenant}/{provider}{path}` with `token`. */
export function scim(
  t: ApiTestApp,
  token: string,
  tenant: string,
  provider: string,
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
  path: string,
  body?: unknown,
): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method,
    url: `/scim/v2/${tenant}/${provider}${path}`,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/scim+json" },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });
}

/** A management API request with the root key; throws unless the status is 2xx. */
export async function api(
  t: ApiTestApp,
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
  url: string,
  body?: unknown,
): Promise<LightMyRequestResponse> {
  const response = await t.call({ method, url: `/api/v1${url}`, key: t.rootKey, body });
  if (response.statusCode >= 300) throw new Error(`${method} ${url}: ${response.statusCode} ${response.body}`);
  return response;
}

/** The export of `tenant` in `format`, as text. */
export async function exportText(t: ApiTestApp, tenant: string, format = "ndjson", key = t.rootKey): Promise<string> {
  const response = await t.call({ url: `/api/v1/tenants/${tenant}/export?format=${format}`, key });
  if (response.statusCode !== 200) throw new Error(`export: ${response.statusCode} ${response.body}`);
  return response.body;
}

/** POSTs `document` to `tenant`'s import with `query`. */
export function importDocument(
  t: ApiTestApp,
  tenant: string,
  document: string,
  query = "",
  key = t.rootKey,
): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method: "POST",
    url: `/api/v1/tenants/${tenant}/import${query}`,
    headers: { authorization: `Bearer ${key}`, "content-type": "application/x-ndjson" },
    payload: document,
  });
}

function ok(response: LightMyRequestResponse, what: string): LightMyRequestResponse {
  if (response.statusCode >= 300) throw new Error(`${what}: ${response.statusCode} ${response.body}`);
  return response;
}

/**
 * Fills `tenant` (whose SCIM token is `token`) with everything an export carries: roles made by
 * hand and nested (the seed's Regional Manager ⊃ Store Manager, Sales Team), users made by hand
 * with roles granted by hand, a user and a role adopted by Entra ID, the same role adopted by
 * Okta too (external ids of two providers), a user linked by both providers, a user without an
 * email, users deactivated by SCIM and by hand, SCIM groups with members, the enterprise
 * extension, and a role the providers never adopt ("Store Managers", the seed's mismatch).
 */
export async function seedMigrationTenant(t: ApiTestApp, tenant: string, token: string): Promise<void> {
  const base = `/tenants/${tenant}`;
  for (const name of ["Regional Manager", "Store Manager", "Sales Team", "Store Managers"]) {
    await api(t, "POST", `${base}/roles`, { DisplayName: name });
  }
  await api(t, "PUT", `${base}/roles/regionalmanager/roles/storemanager`);
  await api(t, "PUT", `${base}/roles/regionalmanager/roles/salesteam`);
  await api(t, "POST", `${base}/users`, {
    Email: "pat@acme.example",
    FirstName: "Pat",
    LastName: "Smith",
    Phone: "+47 5555 0100",
  });
  await api(t, "POST", `${base}/users`, { Email: "lee@acme.example", FirstName: "Lee" });
  await api(t, "PUT", `${base}/users/pat%40acme.example/roles/regionalmanager`);
  await api(t, "PUT", `${base}/users/pat%40acme.example/roles/storemanagers`);
  await api(t, "PUT", `${base}/users/lee%40acme.example/roles/salesteam`);
  await api(t, "PATCH", `${base}/users/lee%40acme.example`, { Active: false });

  const entra = (method: "POST" | "PATCH" | "PUT", path: string, body: unknown) =>
    scim(t, token, tenant, "EntraID", method, path, body).then((r) => ok(r, `EntraID ${method} ${path}`));
  const okta = (method: "POST" | "PATCH", path: string, body: unknown) =>
    scim(t, token, tenant, "Okta", method, path, body).then((r) => ok(r, `Okta ${method} ${path}`));

  await entra("POST", "/Users", {
    schemas: [USER, ENTERPRISE],
    userName: "pat@corp.example",
    externalId: "oid-pat",
    name: { givenName: "Pat", familyName: "Smith" },
    emails: [{ value: "pat@acme.example", type: "work", primary: true }],
    phoneNumbers: [{ value: "+47 5555 0100", type: "work" }],
    [ENTERPRISE]: { department: "Sales", employeeNumber: "1001" },
    active: true,
  });
  await entra("POST", "/Users", {
    schemas: [USER],
    userName: "ada@corp.example",
    externalId: "oid-ada",
    displayName: "Ada Lovelace",
    name: { givenName: "Ada", familyName: "Lovelace" },
    emails: [
      { value: "ada.home@example.com", type: "home" },
      { value: "ada@acme.example", type: "work" },
    ],
    title: "Engineer",
  });
  await okta("POST", "/Users", {
    schemas: [USER],
    userName: "ada",
    name: { givenName: "Ada", familyName: "Lovelace" },
    emails: [{ value: "ada@acme.example", type: "work", primary: true }],
    active: true,
  });
  await entra("POST", "/Users", { schemas: [USER], userName: "kiosk-7", name: { givenName: "Kiosk" } });
  await entra("POST", "/Users", {
    schemas: [USER],
    userName: "sam@corp.example",
    emails: [{ value: "sam@acme.example", type: "work", primary: true }],
  });
  await entra("PATCH", "/Users/sam%40acme.example", {
    schemas: [PATCH],
    Operations: [{ op: "replace", path: "active", value: false }],
  });
  await entra("POST", "/Groups", {
    schemas: [GROUP],
    displayName: "Store Manager",
    externalId: "g-store",
    members: [{ value: "pat@acme.example" }],
  });
  await okta("POST", "/Groups", { schemas: [GROUP], displayName: "Store Manager", externalId: "okta-store" });
  await entra("POST", "/Groups", {
    schemas: [GROUP],
    displayName: "Engineering",
    externalId: "g-eng",
    members: [{ value: "ada@acme.example" }, { value: "kiosk-7" }],
  });
  await okta("PATCH", "/Groups/engineering", {
    schemas: [PATCH],
    Operations: [{ op: "add", path: "members", value: [{ value: "sam@acme.example" }] }],
  });
}

/** An export's lines, the header's ExportedAt and Tenant blanked, to compare two exports. */
export function comparable(document: string): string[] {
  const [header, ...lines] = document.split("\n");
  const parsed = JSON.parse(header ?? "{}") as Record<string, unknown>;
  return [JSON.stringify({ ...parsed, ExportedAt: "-", Tenant: "-" }), ...lines];
}
