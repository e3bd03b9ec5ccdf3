/** Error responses (RFC 7644 §3.12): status, `scimType` and the Error message shape. */
import { describe } from "vitest";
import { type CheckerContext, expectNoProblems } from "../checker.ts";
import { resourceProblems } from "../compare.ts";
import { isWritable } from "../discovery.ts";
import { writeAttribute } from "../generator.ts";
import { isObject, type Json, type ScimResponse } from "../scim-client.ts";
import { createResource, errorProblems, modelOf, resourcePath } from "./helpers.ts";

export function defineErrorTests(context: CheckerContext, resourceType: string): void {
  const declared = context.target().discovery.model(resourceType);
  describe.concurrent("errors (RFC 7644 §3.12)", () => {
    context.check("GET of an unknown id: 404", async () => {
      const model = modelOf(context, resourceType);
      const response = await context.client().get(resourcePath(model, `no-such-${context.generator("404").token()}`));
      expectNoProblems(errorProblems(response, 404), response);
    });

    context.check("unparsable filters and unknown filter attributes: 400 invalidFilter", async () => {
      const model = modelOf(context, resourceType);
      const problems: string[] = [];
      const responses: ScimResponse[] = [];
      for (const filter of [
        "id eq",
        'id eq "x" and',
        "(id pr",
        'id zz "x"',
        'noSuchAttribute eq "x"',
        'emails[type eq "work"',
      ]) {
        const response = await context.client().get(model.type.endpoint, { filter });
        responses.push(response);
        problems.push(...errorProblems(response, 400, ["invalidFilter"]).map((p) => `${filter}: ${p}`));
      }
      expectNoProblems(problems, ...responses);
    });

    for (const attribute of declared.attributes.filter((a) => a.def.required && isWritable(a.def))) {
      context.check(`create without the required ${attribute.path}: 400 invalidValue`, async () => {
        const model = modelOf(context, resourceType);
        const gen = context.generator(`${resourceType}:missing:${attribute.path}`);
        const body = gen.resource(model);
        writeAttribute(body, attribute, undefined);
        const response = await context.client().post(model.type.endpoint, body);
        expectNoProblems(errorProblems(response, 400, ["invalidValue"]), response);
      });
    }

    for (const attribute of declared.attributes.filter((a) => isWritable(a.def))) {
      // A number where a string, boolean, reference or complex value is declared; an object where a number is.
      const wrong: Json = attribute.def.type === "integer" || attribute.def.type === "decimal" ? { x: 1 } : 42;
      const sent = attribute.def.multiValued ? [wrong] : wrong;
      context.check(
        `create with ${attribute.path} = ${JSON.stringify(sent)} (wrong type): 400 invalidValue`,
        async () => {
          const model = modelOf(context, resourceType);
          const body = context.generator(`${resourceType}:wrong-type:${attribute.path}`).resource(model);
          writeAttribute(body, attribute, sent);
          const response = await context.client().post(model.type.endpoint, body);
          expectNoProblems(errorProblems(response, 400, ["invalidValue", "invalidSyntax"]), response);
        },
      );
      context.check(
        `PATCH replace ${attribute.path} with ${JSON.stringify(sent)} (wrong type): 400 invalidValue, nothing applied`,
        async () => {
          const model = modelOf(context, resourceType);
          const gen = context.generator(`${resourceType}:wrong-type-patch:${attribute.path}`, { omitProbability: 0.8 });
          const created = await createResource(context, model, gen);
          const response = await context
            .client()
            .patch(created.location, [{ op: "replace", path: attribute.path, value: sent }]);
          const after = await context.client().get(created.location);
          expectNoProblems(
            [
              ...errorProblems(response, 400, ["invalidValue", "invalidSyntax"]),
              ...resourceProblems(model, created.sent, after.body).map((p) => `after: ${p}`),
            ],
            response,
            after,
          );
        },
      );
    }

    context.check("malformed JSON and a body without schemas: 400 invalidSyntax", async () => {
      const model = modelOf(context, resourceType);
      const broken = await context.client().request("POST", model.type.endpoint, { rawBody: '{"schemas": [' });
      const body = context.generator(`${resourceType}:no-schemas`).resource(model);
      delete body["schemas"];
      const noSchemas = await context.client().post(model.type.endpoint, body);
      expectNoProblems(
        [
          ...errorProblems(broken, 400, ["invalidSyntax"]).map((p) => `broken JSON: ${p}`),
          ...errorProblems(noSchemas, 400, ["invalidSyntax", "invalidValue"]).map((p) => `no schemas: ${p}`),
        ],
        broken,
        noSchemas,
      );
    });

    context.check("PATCH errors: remove without path 400 noTarget, bad path 400 invalidPath, bad op 400", async () => {
      const model = modelOf(context, resourceType);
      const gen = context.generator(`${resourceType}:patch-errors`);
      const created = await createResource(context, model, gen);
      const client = context.client();
      const checks: [string, unknown[], number, string[]][] = [
        ["remove without path", [{ op: "remove" }], 400, ["noTarget"]],
        ["unparsable path", [{ op: "replace", path: "name..givenName", value: "x" }], 400, ["invalidPath"]],
        [
          "unclosed value path",
          [{ op: "remove", path: 'emails[type eq "work"' }],
          400,
          ["invalidPath", "invalidFilter"],
        ],
        ["unknown op", [{ op: "merge", path: "externalId", value: "x" }], 400, ["invalidSyntax", "invalidValue"]],
        ["no Operations", [], 400, ["invalidSyntax", "invalidValue"]],
      ];
      const problems: string[] = [];
      const responses: ScimResponse[] = [];
      for (const [what, operations, status, scimTypes] of checks) {
        const response = await client.patch(created.location, operations);
        responses.push(response);
        problems.push(...errorProblems(response, status, scimTypes).map((p) => `${what}: ${p}`));
      }
      expectNoProblems(problems, ...responses);
    });

    context.check("If-Match with a stale version: 412 (RFC 7644 §3.14)", async () => {
      const model = modelOf(context, resourceType);
      if (!context.target().discovery.config.etag) return;
      const gen = context.generator(`${resourceType}:etag`);
      const created = await createResource(context, model, gen);
      const version = isObject(created.body["meta"]) ? String(created.body["meta"]["version"]) : "";
      const changed = await context.client().put(created.location, gen.resource(model, created.sent));
      const stale = await context.client().request("PUT", created.location, {
        body: gen.resource(model, created.sent),
        headers: { "if-match": version },
      });
      const notModified = await context.client().get(created.location, undefined, {
        "if-none-match": changed.headers.get("etag") ?? "",
      });
      const problems = errorProblems(stale, 412);
      if (notModified.status !== 304)
        problems.push(`If-None-Match with the current version: ${notModified.status}, expected 304`);
      expectNoProblems(problems, changed, stale, notModified);
    });
  });
}
