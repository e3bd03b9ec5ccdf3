/**
 * The floor's store: users and groups in `Map`s with the indexes a fast in-memory SCIM server
 * keeps (userName, externalId, email, displayName, membership), answering in SCIM shapes.
 * Equality filters on indexed attributes are lookups; anything else scans, as such a server would.
 */
import { type Json, LIST_SCHEMA } from "../dataset.ts";
import { attribute, type FilterNode, matches, parseFilter } from "./floor-filter.ts";

/** What a handler answers: a status and, unless 204, a body. */
export interface FloorReply {
  readonly status: number;
  readonly body?: Json;
  readonly location?: string;
}

/** A list request, already read from the query string. */
export interface FloorListQuery {
  readonly filter?: string | undefined;
  readonly startIndex: number;
  readonly count: number;
  readonly sortBy?: string | undefined;
  readonly descending: boolean;
  readonly excludeMembers: boolean;
}

const ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

function error(status: number, detail: string, scimType?: string): FloorReply {
  return {
    status,
    body: { schemas: [ERROR_SCHEMA], status: String(status), ...(scimType ? { scimType } : {}), detail },
  };
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** Roster's id rule, so that every server answers the same ids: the primary email, else the work one, else the first, else userName. */
function chosenEmail(body: Json): string | undefined {
  const emails = Array.isArray(body["emails"]) ? (body["emails"] as Json[]) : [];
  const pick = emails.find((e) => e["primary"] === true) ?? emails.find((e) => e["type"] === "work") ?? emails[0];
  return text(pick?.["value"]);
}

/** Ids from the indexes, and whether they answer the filter exactly. */
interface Plan {
  readonly ids: ReadonlySet<string>;
  readonly exact: boolean;
}

interface StoredGroup {
  resource: Json;
  readonly members: Set<string>;
}

/** Users and groups of one tenant, in memory. */
export class FloorStore {
  private readonly users = new Map<string, Json>();
  private readonly userOrder: string[] = [];
  private readonly userSeq = new Map<string, number>();
  private readonly byUserName = new Map<string, string>();
  private readonly byExternalId = new Map<string, string>();
  private readonly byEmail = new Map<string, string>();
  private sortedByUserName: string[] | undefined;

  private readonly groups = new Map<string, StoredGroup>();
  private readonly groupOrder: string[] = [];
  private readonly groupSeq = new Map<string, number>();
  private readonly byDisplayName = new Map<string, string>();
  private readonly byGroupExternalId = new Map<string, string>();
  private readonly memberOf = new Map<string, Set<string>>();

  constructor(
    private readonly baseUrl: string,
    private readonly now: () => string = () => new Date().toISOString(),
  ) {}

  /** POST /Users: 201 with the user, 409 `uniqueness` for a taken userName or id. */
  createUser(body: unknown): FloorReply {
    if (typeof body !== "object" || body === null || Array.isArray(body))
      return error(400, "body must be an object", "invalidSyntax");
    const input = body as Json;
    const userName = text(input["userName"]);
    if (userName === undefined) return error(400, "userName is required", "invalidValue");
    if (this.byUserName.has(userName.toLowerCase())) return error(409, "userName is taken", "uniqueness");
    const id = chosenEmail(input) ?? userName;
    if (this.users.has(id)) return error(409, "id is taken", "uniqueness");
    const { schemas: _s, id: _i, meta: _m, groups: _g, ...attributes } = input;
    const at = this.now();
    const resource: Json = {
      schemas: Array.isArray(input["schemas"]) ? input["schemas"] : [],
      id,
      ...attributes,
      meta: {
        resourceType: "User",
        created: at,
        lastModified: at,
        location: `${this.baseUrl}/Users/${encodeURIComponent(id)}`,
        version: 'W/"1"',
      },
    };
    this.users.set(id, resource);
    this.userSeq.set(id, this.userOrder.length);
    this.userOrder.push(id);
    this.byUserName.set(userName.toLowerCase(), id);
    const externalId = text(input["externalId"]);
    if (externalId !== undefined) this.byExternalId.set(externalId, id);
    for (const email of Array.isArray(input["emails"]) ? (input["emails"] as Json[]) : []) {
      const value = text(email["value"]);
      if (value !== undefined) this.byEmail.set(value.toLowerCase(), id);
    }
    this.sortedByUserName = undefined;
    return { status: 201, body: this.userView(resource), location: `${this.baseUrl}/Users/${encodeURIComponent(id)}` };
  }

  /** GET /Users/{id}. */
  getUser(id: string): FloorReply {
    const user = this.users.get(id);
    return user ? { status: 200, body: this.userView(user) } : error(404, `User ${id} not found`);
  }

  private userView(user: Json): Json {
    const groups = this.memberOf.get(user["id"] as string);
    if (!groups || groups.size === 0) return user;
    return {
      ...user,
      groups: [...groups].map((id) => ({
        value: id,
        $ref: `${this.baseUrl}/Groups/${encodeURIComponent(id)}`,
        display: this.groups.get(id)?.resource["displayName"],
        type: "direct",
      })),
    };
  }

  /** GET /Users: filtered (index lookups where it can), sorted by userName when asked, paged. */
  listUsers(query: FloorListQuery): FloorReply {
    let ids: readonly string[];
    if (query.filter !== undefined) {
      const parsed = parseFilter(query.filter);
      if (!parsed.ok) return error(400, parsed.error, "invalidFilter");
      ids = this.select(parsed.value, this.userCandidates(parsed.value), this.userOrder, this.userSeq, (id) =>
        this.users.get(id),
      );
    } else {
      ids = this.userOrder;
    }
    if (query.sortBy !== undefined) {
      if (query.sortBy.toLowerCase() !== "username")
        return error(400, "the floor sorts by userName only", "invalidValue");
      const sorted = this.sortedUsers();
      if (query.filter !== undefined) {
        const rank = new Map(sorted.map((id, index) => [id, index]));
        ids = [...ids].sort((a, b) => (rank.get(a) ?? 0) - (rank.get(b) ?? 0));
      } else {
        ids = sorted;
      }
    }
    return this.page(ids, query, (id) => this.userView(this.users.get(id)!));
  }

  private sortedUsers(): string[] {
    if (!this.sortedByUserName) {
      const key = (id: string) => String(this.users.get(id)?.["userName"] ?? "").toLowerCase();
      this.sortedByUserName = [...this.userOrder].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    }
    return this.sortedByUserName;
  }

  private page(ids: readonly string[], query: FloorListQuery, view: (id: string) => Json): FloorReply {
    const total = ids.length;
    const start = Math.max(1, query.startIndex);
    const count = Math.max(0, Math.min(query.count, 200));
    const resources: Json[] = [];
    for (let k = 0; k < count; k++) {
      const index = query.descending ? total - start - k : start - 1 + k;
      if (index < 0 || index >= total) break;
      resources.push(view(ids[index]!));
    }
    return {
      status: 200,
      body: {
        schemas: [LIST_SCHEMA],
        totalResults: total,
        startIndex: start,
        itemsPerPage: resources.length,
        Resources: resources,
      },
    };
  }

  /** Ids a filter can only match, from the indexes; undefined when it needs a scan. */
  private userCandidates(node: FilterNode): Plan | undefined {
    return this.candidates(node, (path, value, within) => {
      const key = path.join(".");
      if (key === "id") return this.users.has(value) ? value : null;
      if (key === "username") return this.byUserName.get(value.toLowerCase()) ?? null;
      if (key === "externalid") return this.byExternalId.get(value) ?? null;
      if (key === "emails.value" || (within === "emails" && key === "value")) {
        return this.byEmail.get(value.toLowerCase()) ?? null;
      }
      return undefined;
    });
  }

  private groupCandidates(node: FilterNode): Plan | undefined {
    return this.candidates(node, (path, value, within) => {
      const key = path.join(".");
      if ((within === "members" && key === "value") || key === "members.value")
        return this.memberOf.get(value) ?? new Set();
      if (within !== undefined) return undefined;
      if (key === "id") return this.groups.has(value) ? value : null;
      if (key === "displayname") return this.byDisplayName.get(value.toLowerCase()) ?? null;
      if (key === "externalid") return this.byGroupExternalId.get(value) ?? null;
      return undefined;
    });
  }

  /**
   * The index plan of a filter: `attr eq "…"` on an indexed attribute is a lookup, `and` takes
   * the side that has one, `or` unites two. `lookup` answers an id, null (no match), a set, or
   * undefined (not indexed). `exact`: the ids are the answer, nothing is left to check.
   */
  private candidates(
    node: FilterNode,
    lookup: (
      path: readonly string[],
      value: string,
      within: string | undefined,
    ) => string | null | Set<string> | undefined,
    within?: string,
  ): Plan | undefined {
    switch (node.kind) {
      case "compare": {
        if (node.op !== "eq" || typeof node.value !== "string") return undefined;
        const found = lookup(node.path, node.value, within);
        if (found === undefined) return undefined;
        const ids = found === null ? new Set<string>() : typeof found === "string" ? new Set([found]) : found;
        return { ids, exact: true };
      }
      case "and": {
        const plan = this.candidates(node.left, lookup, within) ?? this.candidates(node.right, lookup, within);
        return plan && { ids: plan.ids, exact: false };
      }
      case "or": {
        const left = this.candidates(node.left, lookup, within);
        const right = left && this.candidates(node.right, lookup, within);
        return left && right
          ? { ids: new Set([...left.ids, ...right.ids]), exact: left.exact && right.exact }
          : undefined;
      }
      case "valuePath": {
        if (node.attribute === "members") return this.candidates(node.filter, lookup, "members");
        const plan =
          node.attribute === "emails" ? this.candidates(node.sub ?? node.filter, lookup, "emails") : undefined;
        return plan && { ids: plan.ids, exact: false };
      }
      default:
        return undefined;
    }
  }

  /** The matching ids in creation order: the candidates (checked against the whole filter unless exact), or a scan. */
  private select(
    node: FilterNode,
    plan: Plan | undefined,
    order: readonly string[],
    seq: ReadonlyMap<string, number>,
    view: (id: string) => unknown,
  ): string[] {
    if (plan) {
      return [...plan.ids]
        .filter((id) => seq.has(id) && (plan.exact || matches(node, view(id))))
        .sort((a, b) => (seq.get(a) ?? 0) - (seq.get(b) ?? 0));
    }
    return order.filter((id) => matches(node, view(id)));
  }

  /** What a group filter sees: the resource with its members (built only for candidates or a scan). */
  private groupMatchView(id: string): Json {
    const group = this.groups.get(id)!;
    return { ...group.resource, members: [...group.members].map((value) => ({ value })) };
  }

  /** POST /Groups: the id is the display name in lower case without white space; members must be users. */
  createGroup(body: unknown): FloorReply {
    if (typeof body !== "object" || body === null || Array.isArray(body))
      return error(400, "body must be an object", "invalidSyntax");
    const input = body as Json;
    const displayName = text(input["displayName"]);
    if (displayName === undefined) return error(400, "displayName is required", "invalidValue");
    const id = displayName.toLowerCase().replace(/\s/g, "");
    if (this.groups.has(id)) return error(409, "displayName is taken", "uniqueness");
    const { schemas: _s, id: _i, meta: _m, members, ...attributes } = input;
    const at = this.now();
    const group: StoredGroup = {
      resource: {
        schemas: Array.isArray(input["schemas"]) ? input["schemas"] : [],
        id,
        ...attributes,
        meta: {
          resourceType: "Group",
          created: at,
          lastModified: at,
          location: `${this.baseUrl}/Groups/${encodeURIComponent(id)}`,
          version: 'W/"1"',
        },
      },
      members: new Set(),
    };
    const added = this.addMembers(group, id, Array.isArray(members) ? (members as Json[]) : []);
    if (added) return added;
    this.groups.set(id, group);
    this.groupSeq.set(id, this.groupOrder.length);
    this.groupOrder.push(id);
    this.byDisplayName.set(displayName.toLowerCase(), id);
    const externalId = text(input["externalId"]);
    if (externalId !== undefined) this.byGroupExternalId.set(externalId, id);
    return {
      status: 201,
      body: this.groupView(id, false),
      location: `${this.baseUrl}/Groups/${encodeURIComponent(id)}`,
    };
  }

  private addMembers(group: StoredGroup, groupId: string, members: readonly Json[]): FloorReply | undefined {
    const ids = members.map((m) => text(m["value"]));
    const missing = ids.find((id) => id === undefined || !this.users.has(id));
    if (ids.length > 0 && missing !== undefined) return error(400, `member ${missing} is not a user`, "invalidValue");
    for (const id of ids as string[]) {
      group.members.add(id);
      const of = this.memberOf.get(id) ?? new Set<string>();
      this.memberOf.set(id, of);
      of.add(groupId);
    }
    return undefined;
  }

  private removeMember(group: StoredGroup, groupId: string, userId: string): void {
    group.members.delete(userId);
    this.memberOf.get(userId)?.delete(groupId);
  }

  /** GET /Groups/{id}, without members when they are excluded. */
  getGroup(id: string, excludeMembers: boolean): FloorReply {
    return this.groups.has(id)
      ? { status: 200, body: this.groupView(id, excludeMembers) }
      : error(404, `Group ${id} not found`);
  }

  private groupView(id: string, excludeMembers: boolean): Json {
    const group = this.groups.get(id)!;
    if (excludeMembers || group.members.size === 0) return group.resource;
    return {
      ...group.resource,
      members: [...group.members].map((value) => ({
        value,
        $ref: `${this.baseUrl}/Users/${encodeURIComponent(value)}`,
        type: "User",
      })),
    };
  }

  /** GET /Groups: filtered, paged. */
  listGroups(query: FloorListQuery): FloorReply {
    let ids: readonly string[] = this.groupOrder;
    if (query.filter !== undefined) {
      const parsed = parseFilter(query.filter);
      if (!parsed.ok) return error(400, parsed.error, "invalidFilter");
      ids = this.select(parsed.value, this.groupCandidates(parsed.value), this.groupOrder, this.groupSeq, (id) =>
        this.groupMatchView(id),
      );
    }
    return this.page(ids, query, (id) => this.groupView(id, query.excludeMembers));
  }

  /** PATCH of a group's members (RFC 7644 §3.5.2): add, remove by value path or by value, replace. */
  patchGroup(id: string, body: unknown): FloorReply {
    const group = this.groups.get(id);
    if (!group) return error(404, `Group ${id} not found`);
    const operations = attribute(body, "operations");
    if (!Array.isArray(operations)) return error(400, "Operations is required", "invalidSyntax");
    for (const operation of operations as Json[]) {
      const op = String(attribute(operation, "op") ?? "").toLowerCase();
      const path = String(attribute(operation, "path") ?? "");
      const value = attribute(operation, "value");
      const list = (Array.isArray(value) ? value : (attribute(value, "members") ?? [])) as Json[];
      const byPath = /^members\[value eq "(.*)"\]$/i.exec(path);
      if ((op === "add" || op === "replace") && (path.toLowerCase() === "members" || path === "")) {
        if (op === "replace") for (const member of [...group.members]) this.removeMember(group, id, member);
        const failed = this.addMembers(group, id, list);
        if (failed) return failed;
      } else if (op === "remove" && byPath) {
        this.removeMember(group, id, JSON.parse(`"${byPath[1]}"`) as string);
      } else if (op === "remove" && path.toLowerCase() === "members") {
        if (Array.isArray(value)) for (const m of list) this.removeMember(group, id, String(m["value"]));
        else for (const member of [...group.members]) this.removeMember(group, id, member);
      } else {
        return error(400, `the floor does not apply ${op} ${path}`, "invalidPath");
      }
    }
    const meta = group.resource["meta"] as Json;
    const version = Number(/\d+/.exec(String(meta["version"]))?.[0] ?? 1) + 1;
    group.resource = { ...group.resource, meta: { ...meta, lastModified: this.now(), version: `W/"${version}"` } };
    return { status: 204 };
  }
}
