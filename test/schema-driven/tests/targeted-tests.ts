/**
 * Targeted cases: what the random cases found only for some generated values, rebuilt with values
 * that always show it, so that the result does not depend on the seed. The attributes are still
 * chosen from the discovery documents.
 */
import { describe } from "vitest";
import { type CheckerContext, expectNoProblems } from "../checker.ts";
import { isWritable, subAttribute } from "../discovery.ts";
import { writeAttribute } from "../generator.ts";
import type { Json, ScimResponse } from "../scim-client.ts";
import { createResource, idFilter, listed, literal, modelOf, totalResults } from "./helpers.ts";

export const ASTRAL_FILTER_TEST =
  "sw, ew, co and eq on a value with a character outside the BMP (😀) (RFC 7644 §3.4.2.2)";
export const COMPUTED_DISPLAY_FILTER_TEST =
  "filter on server-filled sub-attributes (members.display, groups.display) matches non-ASCII values exactly and ignoring case (RFC 7644 §3.4.2.2)";
export const MULTI_VALUED_SORT_TEST =
  "sortBy a multi-valued attribute's sub-attribute orders by the primary value, else the first (RFC 7644 §3.4.2.3)";

export function defineTargetedTests(context: CheckerContext): void {
  describe.concurrent("targeted cases", () => {
    context.check(ASTRAL_FILTER_TEST, async () => {
      const model = modelOf(context, "User");
      const attribute = model.attributes.find(
        (a) =>
          a.def.type === "string" &&
          !a.def.multiValued &&
          isWritable(a.def) &&
          a.def.uniqueness === "none" &&
          a.def.canonicalValues.length === 0 &&
          a.def.returned === "default" &&
          a.def.mutability === "readWrite" &&
          a.path !== "externalId",
      );
      if (!attribute) return;
      const gen = context.generator("targeted:astral");
      const value = `ab😀${gen.token()}😀cd`;
      const body = gen.resource(model);
      writeAttribute(body, attribute, value);
      const created = await createResource(context, model, gen, body);
      const problems: string[] = [];
      const responses: ScimResponse[] = [];
      for (const filter of [
        `${attribute.path} eq ${literal(value)}`,
        `${attribute.path} co ${literal("😀")}`,
        `${attribute.path} sw ${literal("ab😀")}`,
        `${attribute.path} ew ${literal("😀cd")}`,
        `${attribute.path} sw ${literal("ab")}`,
        `${attribute.path} ew ${literal("cd")}`,
      ]) {
        const response = await context.client().get(model.type.endpoint, {
          filter: `(${filter}) and id eq ${literal(created.id)}`,
        });
        responses.push(response);
        if (totalResults(response) !== 1)
          problems.push(`${filter}: totalResults ${totalResults(response)}, expected 1`);
      }
      expectNoProblems(problems, ...responses);
    });

    context.check(COMPUTED_DISPLAY_FILTER_TEST, async () => {
      // A multi-valued attribute of one resource type whose readOnly `display` the server fills
      // from another resource (Group members from the Users' displayName).
      const groups = modelOf(context, "Group");
      const users = modelOf(context, "User");
      const members = groups.attributes.find(
        (a) =>
          a.def.multiValued &&
          subAttribute(a.def, "display")?.mutability === "readOnly" &&
          subAttribute(a.def, "value"),
      );
      const displayName = users.attributes.find((a) => a.path === "displayName");
      if (!members || !displayName) return;
      const gen = context.generator("targeted:computed-display");
      const problems: string[] = [];
      const responses: ScimResponse[] = [];
      const token = gen.token();
      // Non-ASCII capitals, the final sigma, a titlecase digraph: plain Unicode text.
      for (const name of [
        `Émile ${token}`,
        `İstanbul ${token}`,
        `ΣΟΦΙΑΣ ${token}`,
        `Øystein ${token}`,
        `ǅemal ${token}`,
      ]) {
        const userBody = gen.resource(users);
        writeAttribute(userBody, displayName, name);
        const user = await createResource(context, users, gen, userBody);
        const groupBody = gen.resource(groups);
        writeAttribute(groupBody, members, [{ value: user.id }]);
        // The Group's displayName is the same text: the User's `groups.display` reflects it.
        writeAttribute(groupBody, groups.attributes.find((a) => a.path === "displayName") ?? displayName, name);
        const group = await createResource(context, groups, gen, groupBody);
        for (const variant of [name, name.toLowerCase(), name.toUpperCase()]) {
          for (const [endpoint, path, id] of [
            [groups.type.endpoint, `${members.path}.display`, group.id],
            [users.type.endpoint, "groups.display", user.id],
          ] as const) {
            const filter = `${path} eq ${literal(variant)} and id eq ${literal(id)}`;
            const response = await context.client().get(endpoint, { filter });
            if (totalResults(response) !== 1) {
              problems.push(
                `${filter}: totalResults ${totalResults(response)}, expected 1 (display is ${JSON.stringify(name)})`,
              );
              responses.push(response);
            }
          }
        }
      }
      expectNoProblems(problems, ...responses.slice(0, 2));
    });

    context.check(MULTI_VALUED_SORT_TEST, async () => {
      const model = modelOf(context, "User");
      const attribute = model.attributes.find(
        (a) =>
          a.def.multiValued &&
          a.def.type === "complex" &&
          isWritable(a.def) &&
          subAttribute(a.def, "value")?.type === "string" &&
          subAttribute(a.def, "primary") !== undefined,
      );
      if (!attribute) return;
      const gen = context.generator("targeted:multi-valued-sort");
      const p = `s${gen.token()}`;
      // By the RFC: b (primary), c (primary), ab (first, no primary) → ab, b, c.
      // By the smallest value: aa, ab, b → the order differs.
      const shapes: [string, Json][] = [
        ["b", [{ value: `${p}-zz` }, { value: `${p}-bb`, primary: true }]],
        ["c", [{ value: `${p}-aa` }, { value: `${p}-cc`, primary: true }]],
        ["ab", [{ value: `${p}-ab` }, { value: `${p}-zz2` }]],
      ];
      const ids: Record<string, string> = {};
      for (const [name, values] of shapes) {
        const body = gen.resource(model);
        writeAttribute(body, attribute, values);
        ids[(await createResource(context, model, gen, body)).id] = name;
      }
      const filter = idFilter(Object.keys(ids));
      const problems: string[] = [];
      const responses: ScimResponse[] = [];
      for (const [sortOrder, expected] of [
        ["ascending", "ab,b,c"],
        ["descending", "c,b,ab"],
      ] as const) {
        const response = await context.client().get(model.type.endpoint, {
          filter,
          sortBy: `${attribute.path}.value`,
          sortOrder,
        });
        responses.push(response);
        const order = listed(response)
          .map((r) => ids[String(r["id"])])
          .join(",");
        if (order !== expected) problems.push(`${sortOrder}: ${order}, expected ${expected}`);
      }
      expectNoProblems(problems, ...responses);
    });
  });
}
