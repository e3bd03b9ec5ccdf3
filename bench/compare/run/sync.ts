/**
 * The Entra-style initial sync, timed end to end: for each of U new users, probe
 * `userName eq "…"` (expect none) then POST it; then for each of G new groups, probe
 * `displayName eq "…"`, POST it without members, and add its members in PATCHes of 100. Runs
 * on `connections` workers, as a provisioning service runs several at once, and gives up
 * taking new work after `timeoutSeconds` (then it reports how far it got).
 */
import { performance } from "node:perf_hooks";
import { BASE_PATH, groupBody, type Json, PATCH_SCHEMA, userBody } from "../dataset.ts";
import type { HttpClient } from "./http-client.ts";

/** How large a sync, how wide, for how long at most. */
export interface SyncOptions {
  readonly users: number;
  readonly groups: number;
  readonly connections: number;
  readonly timeoutSeconds: number;
  /** Names the sync's users and groups apart from the seeded ones. */
  readonly prefix?: string;
}

/** What a sync did. */
export interface SyncStats {
  readonly users: number;
  readonly groups: number;
  readonly usersDone: number;
  readonly groupsDone: number;
  readonly completed: boolean;
  readonly seconds: number;
  readonly usersSeconds: number;
  readonly groupsSeconds: number;
  readonly requests: number;
  readonly failed: number;
  readonly failures: readonly string[];
}

const MEMBERS_PER_PATCH = 100;

function filterPath(resource: "Users" | "Groups", filter: string): string {
  const extra = resource === "Groups" ? "&excludedAttributes=members" : "";
  return `${BASE_PATH}/${resource}?filter=${encodeURIComponent(filter)}${extra}`;
}

function totalOf(body: string): number | undefined {
  try {
    const value = (JSON.parse(body) as Json)["totalResults"];
    return typeof value === "number" ? value : undefined;
  } catch {
    return undefined;
  }
}

function idOf(body: string): string | undefined {
  try {
    const value = (JSON.parse(body) as Json)["id"];
    return typeof value === "string" ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Runs `work(k)` for k = 0 … count − 1 on `width` workers until done or `deadline`; answers how many ran. */
async function pool(
  count: number,
  width: number,
  deadline: number,
  work: (k: number) => Promise<void>,
): Promise<number> {
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < count && performance.now() < deadline) {
      const k = next++;
      await work(k);
      done++;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, width) }, worker));
  return done;
}

/** Runs the sync against the server behind `client`. */
export async function runSync(client: HttpClient, options: SyncOptions): Promise<SyncStats> {
  const prefix = options.prefix ?? "sync-";
  const failures: string[] = [];
  let failed = 0;
  let requests = 0;
  const fail = (what: string) => {
    failed++;
    if (failures.length < 5) failures.push(what);
  };
  const send = async (method: string, path: string, body?: unknown) => {
    requests++;
    try {
      return await client.send(method, path, body);
    } catch (error) {
      fail(`${method} ${decodeURIComponent(path)}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  };
  const started = performance.now();
  const deadline = started + options.timeoutSeconds * 1000;
  const ids: (string | undefined)[] = new Array(options.users);

  const usersDone = await pool(options.users, options.connections, deadline, async (i) => {
    const body = userBody(i, prefix);
    const probe = await send("GET", filterPath("Users", `userName eq "${String(body["userName"])}"`));
    if (!probe) return;
    if (probe.status !== 200 || totalOf(probe.body) !== 0) {
      return fail(
        `probe of user ${i}: status ${probe.status}, totalResults ${totalOf(probe.body)}, expected 200 and 0`,
      );
    }
    const created = await send("POST", `${BASE_PATH}/Users`, body);
    if (!created) return;
    if (created.status !== 201)
      return fail(`create of user ${i}: status ${created.status}: ${created.body.slice(0, 160)}`);
    ids[i] = idOf(created.body);
  });
  const usersEnd = performance.now();

  const groupsDone = await pool(options.groups, options.connections, deadline, async (j) => {
    const body = groupBody(j, prefix);
    const probe = await send("GET", filterPath("Groups", `displayName eq "${String(body["displayName"])}"`));
    if (!probe) return;
    if (probe.status !== 200 || totalOf(probe.body) !== 0) {
      return fail(
        `probe of group ${j}: status ${probe.status}, totalResults ${totalOf(probe.body)}, expected 200 and 0`,
      );
    }
    const created = await send("POST", `${BASE_PATH}/Groups`, body);
    if (!created) return;
    const id = idOf(created.body);
    if (created.status !== 201 || id === undefined) {
      return fail(`create of group ${j}: status ${created.status}: ${created.body.slice(0, 160)}`);
    }
    const members: string[] = [];
    for (let i = j; i < usersDone; i += options.groups) {
      const member = ids[i];
      if (member !== undefined) members.push(member);
    }
    for (let from = 0; from < members.length; from += MEMBERS_PER_PATCH) {
      const value = members.slice(from, from + MEMBERS_PER_PATCH).map((m) => ({ value: m }));
      const patch = { schemas: [PATCH_SCHEMA], Operations: [{ op: "add", path: "members", value }] };
      const answer = await send("PATCH", `${BASE_PATH}/Groups/${encodeURIComponent(id)}`, patch);
      if (answer && answer.status !== 200 && answer.status !== 204) {
        fail(`members of group ${j}: status ${answer.status}: ${answer.body.slice(0, 160)}`);
      }
    }
  });
  const ended = performance.now();
  return {
    users: options.users,
    groups: options.groups,
    usersDone,
    groupsDone,
    completed: usersDone === options.users && groupsDone === options.groups,
    seconds: (ended - started) / 1000,
    usersSeconds: (usersEnd - started) / 1000,
    groupsSeconds: (ended - usersEnd) / 1000,
    requests,
    failed,
    failures,
  };
}
