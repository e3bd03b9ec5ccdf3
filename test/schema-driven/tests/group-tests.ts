/**
 * Groups and the Users they hold: `members` written by the checker, `groups` computed by the server
 * (RFC 7643 §4.1.2, §4.2), membership changes by PATCH, and what deletes do to references.
 */
import { describe } from "vitest";
import { type CheckerContext, expectNoProblems, expectStatus, ROSTER_PROFILE } from "../checker.ts";
import { resourceProblems } from "../compare.ts";
import { member } from "../discovery.ts";
import type { ResourceRef } from "../generator.ts";
import { isObject, type Json, type JsonObject, type ScimResponse } from "../scim-client.ts";
import { type Created, createResource, errorProblems, modelOf } from "./helpers.ts";

function values(resource: Json | undefined, attribute: string): JsonObject[] {
  if (!isObject(resource)) return [];
  const list = member(resource, attribute);
  return Array.isArray(list) ? list.filter(isObject) : [];
}

function memberRefs(group: Created): ResourceRef[] {
  return values(group.sent, "members").map((m) => ({
    resourceType: "User",
    id: String(m["value"]),
    location: String(m["$ref"]),
  }));
}

export function defineGroupTests(context: CheckerContext): void {
  describe.concurrent("Groups and their members", () => {
    const newUsers = async (label: string, count: number): Promise<Created[]> => {
      const users = modelOf(context, "User");
      const gen = context.generator(label);
      const made: Created[] = [];
      for (let i = 0; i < count; i++) made.push(await createResource(context, users, gen));
      return made;
    };
    const groupOf = async (label: string, users: readonly Created[]): Promise<Created> => {
      const groups = modelOf(context, "Group");
      const refs = users.map((u) => ({ resourceType: "User", id: u.id, location: u.location }));
      const gen = context.generator(label, { references: (t) => (t === "User" ? refs : []) });
      const body = gen.resource(groups);
      body["members"] = refs.map((r) => ({ value: r.id, $ref: r.location, type: "User" }));
      return createResource(context, groups, gen, body);
    };

    context.check(
      "a User's groups list the Groups it is a member of, with value, $ref, display (RFC 7643 §4.1.2)",
      async () => {
        const users = await newUsers("groups:users", 2);
        const group = await groupOf("groups:group", users);
        const problems: string[] = [];
        const responses: ScimResponse[] = [group.response];
        for (const user of users) {
          const got = await context.client().get(user.location);
          responses.push(got);
          const entry = values(got.body, "groups").find((g) => g["value"] === group.id);
          if (!entry) problems.push(`${user.id}: groups does not list ${group.id}`);
          else {
            if (entry["$ref"] !== undefined && entry["$ref"] !== group.location)
              problems.push(`${user.id}: groups.$ref ${entry["$ref"]}`);
            if (entry["display"] !== undefined && entry["display"] !== group.sent["displayName"]) {
              problems.push(`${user.id}: groups.display ${JSON.stringify(entry["display"])}`);
            }
            if (entry["type"] !== undefined && entry["type"] !== "direct")
              problems.push(`${user.id}: groups.type ${entry["type"]}`);
          }
        }
        expectNoProblems(problems, ...responses);
      },
    );

    context.check("PATCH add and remove members[value eq …] change both sides", async () => {
      const groups = modelOf(context, "Group");
      const users = await newUsers("membership:users", 3);
      const [a, b, c] = users as [Created, Created, Created];
      const group = await groupOf("membership:group", [a]);
      const client = context.client();
      const add = await client.patch(group.location, [
        { op: "add", path: "members", value: [{ value: b.id, $ref: b.location, type: "User" }, { value: c.id }] },
      ]);
      expectStatus(add, ...ROSTER_PROFILE.groupPatchStatuses);
      const remove = await client.patch(group.location, [
        { op: "remove", path: `members[value eq ${JSON.stringify(a.id)}]` },
      ]);
      expectStatus(remove, ...ROSTER_PROFILE.groupPatchStatuses);
      const got = await client.get(group.location);
      const problems = resourceProblems(
        groups,
        { members: [{ value: b.id, $ref: b.location, type: "User" }, { value: c.id }] },
        got.body,
        {
          exactComplex: false,
        },
      );
      for (const [user, expected] of [
        [a, false],
        [b, true],
        [c, true],
      ] as const) {
        const listed = values((await client.get(user.location)).body, "groups").some((g) => g["value"] === group.id);
        if (listed !== expected) problems.push(`${user.id}: groups ${listed ? "lists" : "does not list"} ${group.id}`);
      }
      expectNoProblems(problems, add, remove, got);
    });

    context.check("filter Groups by members.value and Users by groups.value (RFC 7644 §3.4.2.2)", async () => {
      const users = await newUsers("filter-membership:users", 2);
      const group = await groupOf("filter-membership:group", users.slice(0, 1));
      const [inside, outside] = users as [Created, Created];
      const client = context.client();
      const byMember = await client.get("/Groups", { filter: `members.value eq ${JSON.stringify(inside.id)}` });
      const byGroup = await client.get("/Users", { filter: `groups.value eq ${JSON.stringify(group.id)}` });
      const notMember = await client.get("/Groups", { filter: `members.value eq ${JSON.stringify(outside.id)}` });
      const ids = (r: ScimResponse) => values(r.body, "Resources").map((x) => x["id"]);
      const problems: string[] = [];
      if (JSON.stringify(ids(byMember)) !== JSON.stringify([group.id]))
        problems.push(`members.value: ${JSON.stringify(ids(byMember))}`);
      if (JSON.stringify(ids(byGroup)) !== JSON.stringify([inside.id]))
        problems.push(`groups.value: ${JSON.stringify(ids(byGroup))}`);
      if (ids(notMember).length !== 0) problems.push(`a non-member matched: ${JSON.stringify(ids(notMember))}`);
      expectNoProblems(problems, byMember, byGroup, notMember);
    });

    context.check(
      "deleting a member User takes it out of the Group; deleting the Group out of the User's groups",
      async () => {
        const users = await newUsers("delete-membership:users", 2);
        const [gone, stays] = users as [Created, Created];
        const group = await groupOf("delete-membership:group", users);
        const client = context.client();
        expectStatus(await client.delete(gone.location), 204);
        const afterUser = await client.get(group.location);
        const problems: string[] = [];
        const memberIds = values(afterUser.body, "members").map((m) => m["value"]);
        if (memberIds.includes(gone.id)) problems.push("the deleted User is still a member");
        if (!memberIds.includes(stays.id)) problems.push("the other member was lost");
        expectStatus(await client.delete(group.location), 204);
        const afterGroup = await client.get(stays.location);
        if (values(afterGroup.body, "groups").some((g) => g["value"] === group.id))
          problems.push("the deleted Group is still in groups");
        expectNoProblems(problems, afterUser, afterGroup);
      },
    );

    context.check(
      "Roster: a member that is not a User of the tenant: 400 invalidValue, nothing applied (docs/provisioning.md)",
      async () => {
        const users = await newUsers("bad-member:users", 1);
        const group = await groupOf("bad-member:group", users);
        const other = await groupOf("bad-member:other", []);
        const client = context.client();
        const problems: string[] = [];
        const responses: ScimResponse[] = [];
        for (const value of [`no-such-user-${context.generator("bad-member").token()}`, other.id]) {
          const response = await client.patch(group.location, [{ op: "add", path: "members", value: [{ value }] }]);
          responses.push(response);
          problems.push(...errorProblems(response, 400, ["invalidValue"]).map((p) => `${value}: ${p}`));
        }
        const after = await client.get(group.location);
        const ids = values(after.body, "members").map((m) => m["value"]);
        if (JSON.stringify(ids) !== JSON.stringify(memberRefs(group).map((r) => r.id)))
          problems.push(`members now ${JSON.stringify(ids)}`);
        expectNoProblems(problems, ...responses, after);
      },
    );

    context.check(
      "Roster: a rename keeps the Group's id; PATCH with ?attributes answers 200 with the projection",
      async () => {
        const group = await groupOf("rename:group", []);
        const gen = context.generator("rename");
        const displayName = gen.string();
        const response = await context
          .client()
          .patch(group.location, [{ op: "replace", path: "displayName", value: displayName }], {
            attributes: "displayName",
          });
        expectStatus(response, 200);
        const body = isObject(response.body) ? response.body : {};
        const problems: string[] = [];
        if (body["id"] !== group.id) problems.push(`id ${JSON.stringify(body["id"])}`);
        if (body["displayName"] !== displayName) problems.push(`displayName ${JSON.stringify(body["displayName"])}`);
        if (body["members"] !== undefined) problems.push("members was not asked for");
        expectNoProblems(problems, response);
      },
    );
  });
}
