/**
 * SCIMMY's resource handlers over `Map`s, the way SCIMMY's documentation shows them: egress
 * hands SCIMMY every stored resource (or the one asked for) and lets `resource.filter.match`,
 * SCIMMY's sorting and its paging do the rest; ingress checks uniqueness and stores. Users keep
 * their `groups` up to date as memberships change, as a store answering GET /Users/{id} would.
 */
import SCIMMY from "scimmy";
import type { Json } from "../dataset.ts";

type Stored = Record<string, unknown>;
type MemberValue = { value: string; display?: string; type?: string };

/** Roster's id rule (primary email, else work, else first, else userName), so every server answers the same ids. */
function chosenId(data: Stored): string {
  const emails = Array.isArray(data["emails"]) ? (data["emails"] as Stored[]) : [];
  const pick = emails.find((e) => e["primary"] === true) ?? emails.find((e) => e["type"] === "work") ?? emails[0];
  return typeof pick?.["value"] === "string" ? pick["value"] : String(data["userName"]);
}

function plain(instance: unknown): Stored {
  return JSON.parse(JSON.stringify(instance)) as Stored;
}

function conflict(detail: string): never {
  throw new SCIMMY.Types.Error(409, "uniqueness", detail);
}

function notFound(id: string): never {
  throw new SCIMMY.Types.Error(404, "", `Resource ${id} not found`);
}

/** The Map store and the handlers SCIMMY calls. */
export class ScimmyStore {
  readonly users = new Map<string, Stored>();
  readonly groups = new Map<string, Stored>();
  private readonly userNames = new Map<string, string>();

  constructor(private readonly now: () => string = () => new Date().toISOString()) {}

  /** Creates (no id) or replaces (id) a user; answers what SCIMMY sends back. */
  writeUser(id: string | undefined, instance: unknown): Stored {
    const data = plain(instance);
    const userName = String(data["userName"] ?? "");
    const holder = this.userNames.get(userName.toLowerCase());
    if (id === undefined) {
      if (holder !== undefined) conflict(`userName ${userName} is taken`);
      const newId = chosenId(data);
      if (this.users.has(newId)) conflict(`id ${newId} is taken`);
      const at = this.now();
      const user = { ...data, id: newId, meta: { created: at, lastModified: at }, groups: [] };
      this.users.set(newId, user);
      this.userNames.set(userName.toLowerCase(), newId);
      return user;
    }
    const existing = this.users.get(id) ?? notFound(id);
    if (holder !== undefined && holder !== id) conflict(`userName ${userName} is taken`);
    this.userNames.delete(String(existing["userName"] ?? "").toLowerCase());
    this.userNames.set(userName.toLowerCase(), id);
    const meta = existing["meta"] as Stored;
    const user = { ...data, id, meta: { ...meta, lastModified: this.now() }, groups: existing["groups"] };
    this.users.set(id, user);
    return user;
  }

  /** Egress: the user asked for, or every user through SCIMMY's filter (SCIMMY sorts and pages). */
  readUsers(resource: { id?: string; filter?: { match(values: unknown[]): unknown[] } }): Stored | Stored[] {
    if (resource.id !== undefined) return this.users.get(resource.id) ?? notFound(resource.id);
    const all = [...this.users.values()];
    return (resource.filter ? resource.filter.match(all) : all) as Stored[];
  }

  /** Creates (no id) or replaces (id, as after a PATCH) a group, keeping users' `groups` in step. */
  writeGroup(id: string | undefined, instance: unknown): Stored {
    const data = plain(instance);
    const displayName = String(data["displayName"] ?? "");
    const members = (Array.isArray(data["members"]) ? data["members"] : []) as MemberValue[];
    const missing = members.find((m) => !this.users.has(m.value));
    if (missing) throw new SCIMMY.Types.Error(400, "invalidValue", `member ${missing.value} is not a user`);
    const groupId = id ?? displayName.toLowerCase().replace(/\s/g, "");
    const existing = this.groups.get(groupId);
    if (id === undefined && existing) conflict(`group ${groupId} exists`);
    if (id !== undefined && !existing) notFound(id);
    const before = new Set(((existing?.["members"] ?? []) as MemberValue[]).map((m) => m.value));
    const after = new Set(members.map((m) => m.value));
    for (const value of before) {
      if (after.has(value)) continue;
      const user = this.users.get(value);
      if (user) user["groups"] = (user["groups"] as MemberValue[]).filter((g) => g.value !== groupId);
    }
    for (const value of after) {
      if (before.has(value)) continue;
      const user = this.users.get(value);
      if (user)
        (user["groups"] as MemberValue[]).push({
          value: groupId,
          display: displayName,
          type: "direct",
        });
    }
    const at = this.now();
    const meta = existing ? { ...(existing["meta"] as Stored), lastModified: at } : { created: at, lastModified: at };
    const group = { ...data, id: groupId, members, meta };
    this.groups.set(groupId, group);
    return group;
  }

  /** Egress of groups, as readUsers. */
  readGroups(resource: { id?: string; filter?: { match(values: unknown[]): unknown[] } }): Stored | Stored[] {
    if (resource.id !== undefined) return this.groups.get(resource.id) ?? notFound(resource.id);
    const all = [...this.groups.values()];
    return (resource.filter ? resource.filter.match(all) : all) as Stored[];
  }

  /** Seeds through SCIMMY's own ingress path: the body is parsed by SCIMMY's schema, then stored as POST stores it. */
  seedUser(body: Json): void {
    this.writeUser(undefined, new SCIMMY.Schemas.User(body, "in"));
  }

  /** Seeds a group as seedUser seeds a user. */
  seedGroup(body: Json): void {
    this.writeGroup(undefined, new SCIMMY.Schemas.Group(body, "in"));
  }
}
