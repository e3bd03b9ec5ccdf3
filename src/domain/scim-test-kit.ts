/** Helpers for domain tests: a service over a real test database, and request shorthands. */
import { parsePatchRequest } from "../protocol/patch/parse-patch-request.ts";
import type { PatchOperation } from "../protocol/patch/patch-operation.ts";
import { type JsonValue, URN } from "../protocol/resource/scim-object.ts";
import { openTestStore, type TestStore } from "../storage/testing/test-databases.ts";
import { IdentityService } from "./identity-service.ts";
import type { ScimContext } from "./scim-operations.ts";
import { ScimService } from "./scim-service.ts";

/** A store with a tenant `acme`, the SCIM service and the identity service over it. */
export async function domainKit(kind: "sqlite" | "postgres") {
  const handle: TestStore = await openTestStore(kind);
  let tick = Date.parse("2026-03-01T00:00:00.000Z");
  const now = () => {
    tick += 1000;
    return new Date(tick);
  };
  const scim = new ScimService(handle.store, { now });
  const identity = new IdentityService(handle.store, { now });
  let tenants = 0;
  return {
    handle,
    store: handle.store,
    scim,
    identity,
    /** A fresh tenant per test, so tests never see each other's data. */
    async tenant(): Promise<string> {
      tenants += 1;
      const id = `acme${tenants}`;
      await handle.store.tenants.create(id, now().toISOString());
      return id;
    },
  };
}

/** The context of a request from `provider` to `tenantId`. */
export function context(tenantId: string, provider = "EntraID"): ScimContext {
  return { tenantId, provider, baseUrl: `https://roster.test/scim/v2/${tenantId}/${provider}` };
}

/** A SCIM User resource with the given userName and email (work, primary when `primary`). */
export function scimUser(userName: string, email?: string, extra: Record<string, JsonValue> = {}) {
  return {
    schemas: [URN.user],
    userName,
    ...(email ? { emails: [{ value: email, type: "work", primary: true }] } : {}),
    active: true,
    ...extra,
  };
}

/** A SCIM Group resource. */
export function scimGroup(displayName: string, extra: Record<string, JsonValue> = {}) {
  return { schemas: [URN.group], displayName, ...extra };
}

/** Parses PatchOp operations, failing the test on a parse error. */
export function ops(...operations: Record<string, JsonValue>[]): readonly PatchOperation[] {
  const parsed = parsePatchRequest({ schemas: [URN.patchOp], Operations: operations });
  if (!parsed.ok) throw parsed.error;
  return parsed.value;
}
