/**
 * The scenario set: the requests identity providers make, each planned against the seeded data
 * set with a random target (so no cache flatters anyone) and what the answer must be. Reads run
 * first, in this order, then writes, then the initial sync; every target runs the same plan.
 */
import {
  BASE_PATH,
  BIG_GROUP,
  bigGroupSize,
  groupCount,
  groupExternalId,
  groupId,
  groupName,
  groupsOfUser,
  PATCH_SCHEMA,
  pad,
  randomInt,
  userBody,
  userEmail,
  userExternalId,
  userId,
  userName,
} from "../dataset.ts";
import type { Expectation } from "./expectations.ts";

/** One request to send and what its answer must be. */
export interface PlannedRequest {
  readonly method: "GET" | "POST" | "PATCH";
  readonly path: string;
  readonly body?: string;
  readonly expect: Expectation;
}

/** What a scenario plans from: the seeded size, a seeded random source, and a counter kept across its phases. */
export interface PlanState {
  readonly users: number;
  readonly random: () => number;
  counter: number;
}

/** A scenario measured under load (autocannon). */
export interface LoadScenario {
  readonly kind: "load";
  readonly id: string;
  readonly title: string;
  /** Whether it can run on a tenant of `users` users. */
  readonly applies: (users: number) => boolean;
  readonly plan: (state: PlanState) => PlannedRequest;
}

/** The Entra-style initial sync, timed end to end (see sync.ts). */
export interface SyncScenario {
  readonly kind: "sync";
  readonly id: "initial-sync";
  readonly title: string;
}

/** Any scenario of the set. */
export type Scenario = LoadScenario | SyncScenario;

function query(params: Record<string, string | number>): string {
  return `?${Object.entries(params)
    .map(([key, value]) => `${key}=${encodeURIComponent(String(value))}`)
    .join("&")}`;
}

const always = () => true;

function userFilter(
  id: string,
  title: string,
  filter: (i: number, state: PlanState) => string,
  matches?: (i: number, state: PlanState) => number[],
): LoadScenario {
  return {
    kind: "load",
    id,
    title,
    applies: always,
    plan(state) {
      const i = randomInt(state.random, 0, state.users);
      const expected = matches ? matches(i, state) : [i];
      return {
        method: "GET",
        path: `${BASE_PATH}/Users${query({ filter: filter(i, state) })}`,
        expect: { kind: "matches", ids: expected.map(userId) },
      };
    },
  };
}

function groupFilter(id: string, title: string, filter: (j: number) => string): LoadScenario {
  return {
    kind: "load",
    id,
    title,
    applies: always,
    plan(state) {
      const j = randomInt(state.random, 0, groupCount(state.users));
      return {
        method: "GET",
        path: `${BASE_PATH}/Groups${query({ filter: filter(j), excludedAttributes: "members" })}`,
        expect: { kind: "matches", ids: [groupId(j)] },
      };
    },
  };
}

/** A different user from `i`, for `or`. */
function other(i: number, state: PlanState): number {
  return (i + 1 + randomInt(state.random, 0, state.users - 1)) % state.users;
}

function pageOf(state: PlanState, startIndex: number, extra: Record<string, string | number> = {}) {
  return {
    method: "GET" as const,
    path: `${BASE_PATH}/Users${query({ ...extra, startIndex, count: 100 })}`,
    expect: {
      kind: "page" as const,
      total: state.users,
      firstId: userId(startIndex - 1),
      length: Math.max(0, Math.min(100, state.users - startIndex + 1)),
    },
  };
}

const pages = (users: number) => Math.ceil(users / 100);

/** Every scenario, in the order they run. */
export const SCENARIOS: readonly Scenario[] = Object.freeze([
  {
    kind: "load",
    id: "get-user",
    title: "GET /Users/{id}",
    applies: always,
    plan(state) {
      const id = userId(randomInt(state.random, 0, state.users));
      return { method: "GET", path: `${BASE_PATH}/Users/${encodeURIComponent(id)}`, expect: { kind: "resource", id } };
    },
  },
  userFilter("filter-username", 'userName eq "…"', (i) => `userName eq "${userName(i)}"`),
  userFilter("filter-externalid", 'externalId eq "…"', (i) => `externalId eq "${userExternalId(i)}"`),
  userFilter(
    "filter-work-email",
    'emails[type eq "work"].value eq "…"',
    (i) => `emails[type eq "work"].value eq "${userEmail(i)}"`,
  ),
  userFilter("filter-id", 'id eq "…"', (i) => `id eq "${userId(i)}"`),
  userFilter(
    "filter-and",
    'userName eq "…" and externalId eq "…"',
    (i) => `userName eq "${userName(i)}" and externalId eq "${userExternalId(i)}"`,
  ),
  {
    ...userFilter("filter-or", 'userName eq "…" or userName eq "…"', () => ""),
    plan(state) {
      const i = randomInt(state.random, 0, state.users);
      const k = other(i, state);
      return {
        method: "GET",
        path: `${BASE_PATH}/Users${query({ filter: `userName eq "${userName(i)}" or userName eq "${userName(k)}"` })}`,
        expect: { kind: "matches", ids: [userId(i), userId(k)] },
      };
    },
  },
  groupFilter("filter-group-displayname", 'Groups displayName eq "…"', (j) => `displayName eq "${groupName(j)}"`),
  groupFilter("filter-group-externalid", 'Groups externalId eq "…"', (j) => `externalId eq "${groupExternalId(j)}"`),
  {
    kind: "load",
    id: "filter-group-members",
    title: 'Groups members[value eq "…"]',
    applies: always,
    plan(state) {
      const i = randomInt(state.random, 0, state.users);
      return {
        method: "GET",
        path: `${BASE_PATH}/Groups${query({ filter: `members[value eq "${userId(i)}"]`, excludedAttributes: "members" })}`,
        expect: { kind: "matches", ids: groupsOfUser(i, state.users) },
      };
    },
  },
  userFilter("filter-email-co", 'emails.value co "…"', (i) => `emails.value co "ser${pad(i)}@"`),
  userFilter("filter-email-sw", 'emails.value sw "…"', (i) => `emails.value sw "user${pad(i)}@"`),
  userFilter("filter-email-ew", 'emails.value ew "…"', (i) => `emails.value ew "r${pad(i)}@example.com"`),
  {
    kind: "load",
    id: "sort-username",
    title: "sortBy=userName, first page of 100",
    applies: always,
    plan(state) {
      // Both first pages (ascending, descending) in turn: the same work, two different answers.
      const descending = state.counter++ % 2 === 1;
      return {
        method: "GET",
        path: `${BASE_PATH}/Users${query({ sortBy: "userName", sortOrder: descending ? "descending" : "ascending", startIndex: 1, count: 100 })}`,
        expect: {
          kind: "page",
          total: state.users,
          firstUserName: userName(descending ? state.users - 1 : 0),
          length: Math.min(100, state.users),
          sorted: descending ? "descending" : "ascending",
        },
      };
    },
  },
  {
    kind: "load",
    id: "deep-page",
    title: "page of 100 at a deep startIndex (Okta import)",
    applies: always,
    plan(state) {
      // Okta's sequential import asks startIndex 1, 101, 201, …: a page from the deeper half.
      const page = randomInt(state.random, Math.floor(pages(state.users) / 2), pages(state.users));
      return pageOf(state, 1 + 100 * page);
    },
  },
  {
    kind: "load",
    id: "count-only",
    title: "count=0 (total only)",
    applies: always,
    plan(state) {
      return {
        method: "GET",
        path: `${BASE_PATH}/Users${query({ count: 0 })}`,
        expect: { kind: "count", total: state.users },
      };
    },
  },
  {
    kind: "load",
    id: "list-page",
    title: "list page of 100 (startIndex ≤ 901)",
    applies: always,
    plan(state) {
      return pageOf(state, 1 + 100 * randomInt(state.random, 0, Math.min(10, pages(state.users))));
    },
  },
  {
    kind: "load",
    id: "get-big-group",
    title: "GET /Groups/{id} of the big group, members included",
    applies: (users) => bigGroupSize(users) > 0,
    plan(state) {
      // The full read an identity provider makes to reconcile a group: its RSS cost shows here.
      return {
        method: "GET",
        path: `${BASE_PATH}/Groups/${BIG_GROUP.id}`,
        expect: { kind: "resource", id: BIG_GROUP.id, members: bigGroupSize(state.users) },
      };
    },
  },
  {
    kind: "load",
    id: "create-user",
    title: "POST /Users (unique users)",
    applies: always,
    plan(state) {
      const body = userBody(state.counter++, "new-");
      return {
        method: "POST",
        path: `${BASE_PATH}/Users`,
        body: JSON.stringify(body),
        expect: { kind: "created", userName: String(body["userName"]) },
      };
    },
  },
  {
    kind: "load",
    id: "patch-group-member",
    title: "PATCH /Groups +1 member (big group)",
    applies: (users) => bigGroupSize(users) > 0,
    plan(state) {
      // The non-members, in turn; once all were added, they are removed in turn, and so on:
      // every request changes the membership, the group stays at its size or a little above.
      const members = bigGroupSize(state.users);
      const pool = state.users - members;
      const k = state.counter++;
      const user = userId(members + (k % pool));
      const operation =
        Math.floor(k / pool) % 2 === 0
          ? { op: "add", path: "members", value: [{ value: user }] }
          : { op: "remove", path: `members[value eq "${user}"]` };
      return {
        method: "PATCH",
        path: `${BASE_PATH}/Groups/${BIG_GROUP.id}`,
        body: JSON.stringify({ schemas: [PATCH_SCHEMA], Operations: [operation] }),
        expect: { kind: "status", statuses: [200, 204] },
      };
    },
  },
  { kind: "sync", id: "initial-sync", title: "Entra-style initial sync (probe, create; groups, members by 100)" },
] satisfies Scenario[]);

/** Scenario ids, in running order. */
export const SCENARIO_IDS: readonly string[] = SCENARIOS.map((s) => s.id);
