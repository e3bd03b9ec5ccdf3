/** Records the storage contract suite writes: plain users and roles with sensible defaults. */
import type { RoleRecord, UserRecord } from "../../domain/model.ts";
import type { Repositories } from "../../domain/ports.ts";
import { indexEntries } from "../../protocol/resource/index-entries.ts";
import type { ScimObject } from "../../protocol/resource/scim-object.ts";

let clock = Date.parse("2026-01-01T00:00:00.000Z");

/** A strictly increasing timestamp, so creation order is the order of the calls. */
export function tick(): string {
  clock += 1000;
  return new Date(clock).toISOString();
}

/** A user record; `scim` defaults to emails/name derived from the fields. */
export function user(id: string, fields: Partial<UserRecord> = {}): UserRecord {
  const at = tick();
  const email = fields.email === undefined ? id : fields.email;
  return {
    id,
    email,
    firstName: null,
    lastName: null,
    phone: null,
    b2cId: null,
    externalIds: [],
    active: true,
    scim: email ? { emails: [{ value: email, type: "work", primary: true }] } : {},
    scimProvider: null,
    createdAt: at,
    modifiedAt: at,
    version: 1,
    ...fields,
  };
}

/** A role record. */
export function role(id: string, displayName = id, fields: Partial<RoleRecord> = {}): RoleRecord {
  const at = tick();
  return {
    id,
    displayName,
    externalIds: [],
    roleType: "Group",
    scim: null,
    scimProvider: null,
    createdAt: at,
    modifiedAt: at,
    version: 1,
    ...fields,
  };
}

/** Inserts a user with the index entries of its SCIM attributes. */
export async function insertUser(repos: Repositories, tenantId: string, record: UserRecord): Promise<UserRecord> {
  await repos.users.insert(tenantId, record, indexEntries("User", (record.scim ?? {}) as ScimObject));
  return record;
}

/** Inserts a role indexed by its display name. */
export async function insertRole(repos: Repositories, tenantId: string, record: RoleRecord): Promise<RoleRecord> {
  await repos.roles.insert(tenantId, record, record.id, indexEntries("Group", { displayName: record.displayName }));
  return record;
}
