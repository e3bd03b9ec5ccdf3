/** Create, read, replace, delete (RFC 7644 §3.3, §3.4.1, §3.5.1, §3.6) and uniqueness (§3.12). */
import { describe, expect } from "vitest";
import { type CheckerContext, expectNoProblems, expectStatus } from "../checker.ts";
import { resourceProblems } from "../compare.ts";
import { isWritable, type ResourceModel } from "../discovery.ts";
import { readAttribute, writeAttribute } from "../generator.ts";
import { isObject, type Json, type JsonObject, MEDIA_TYPE, ScimClient, type ScimResponse } from "../scim-client.ts";
import { createResource, errorProblems, idFilter, listed, modelOf, resourcePath, totalResults } from "./helpers.ts";

/** Problems of a response that carries one resource (RFC 7643 §3.1, RFC 7644 §3.14). */
export function representationProblems(model: ResourceModel, response: ScimResponse, etagSupported: boolean): string[] {
  const problems: string[] = [];
  const contentType = response.headers.get("content-type") ?? "";
  if (!contentType.toLowerCase().startsWith(MEDIA_TYPE)) problems.push(`content-type ${contentType}`);
  const body = response.body;
  if (!isObject(body)) return [...problems, "no resource in the body"];
  if (typeof body["id"] !== "string" || body["id"] === "") problems.push("id: REQUIRED, a non-empty string");
  const meta = body["meta"];
  if (!isObject(meta)) return [...problems, "meta is missing"];
  if (meta["resourceType"] !== model.type.name)
    problems.push(`meta.resourceType ${JSON.stringify(meta["resourceType"])}`);
  for (const name of ["created", "lastModified"]) {
    if (typeof meta[name] !== "string" || Number.isNaN(Date.parse(meta[name] as string))) problems.push(`meta.${name}`);
  }
  if (typeof meta["location"] !== "string" || !/^https?:\/\//.test(meta["location"] as string))
    problems.push("meta.location");
  if (etagSupported) {
    if (typeof meta["version"] !== "string") problems.push("meta.version (etag is supported)");
    else if (response.headers.get("etag") !== meta["version"]) {
      problems.push(`ETag header ${response.headers.get("etag")} ≠ meta.version ${meta["version"]}`);
    }
  }
  return problems;
}

/** Roster's documented ids (docs/provisioning.md): the chosen email, else userName; the normalized displayName. */
export function rosterExpectedId(resourceType: string, sent: JsonObject): string | undefined {
  if (resourceType === "User") {
    const emails = (Array.isArray(sent["emails"]) ? sent["emails"] : [])
      .filter(isObject)
      .filter((e) => typeof e["value"] === "string" && e["value"].trim() !== "");
    const chosen =
      emails.find((e) => e["primary"] === true) ??
      emails.find((e) => typeof e["type"] === "string" && e["type"].toLowerCase() === "work") ??
      emails[0];
    // docs/provisioning.md: the chosen email is trimmed; without one, the userName is the id as sent.
    const value = chosen?.["value"];
    return typeof value === "string" ? value.trim() : (sent["userName"] as string);
  }
  if (resourceType === "Group") return String(sent["displayName"]).toLowerCase().replace(/\s/gu, "");
  return undefined;
}

export function swapCase(text: string): string {
  return [...text].map((c) => (/[a-z]/.test(c) ? c.toUpperCase() : /[A-Z]/.test(c) ? c.toLowerCase() : c)).join("");
}

export function defineLifecycleTests(context: CheckerContext, resourceType: string): void {
  const declared = context.target().discovery.model(resourceType);

  describe.concurrent("create, get, replace, delete", () => {
    for (const [label, omitProbability] of [
      ["every writable attribute", 0],
      ["a random subset of the attributes", 0.5],
    ] as const) {
      context.check(`create with ${label}: 201, the written values come back, GET equals (RFC 7644 §3.3)`, async () => {
        const model = modelOf(context, resourceType);
        const etag = context.target().discovery.config.etag;
        const gen = context.generator(`${resourceType}:create:${label}`, { omitProbability });
        for (let i = 0; i < 3; i++) {
          const created = await createResource(context, model, gen);
          const { response } = created;
          const problems = [
            ...representationProblems(model, response, etag),
            ...resourceProblems(model, created.sent, response.body),
          ];
          if (response.headers.get("location") !== created.location) {
            problems.push(`Location ${response.headers.get("location")} ≠ meta.location ${created.location}`);
          }
          const byLocation = await context.client().get(created.location);
          const byId = await context.client().get(resourcePath(model, created.id));
          for (const got of [byLocation, byId]) {
            if (got.status !== 200) problems.push(`GET ${got.url}: ${got.status}`);
            problems.push(
              ...representationProblems(model, got, etag),
              ...resourceProblems(model, created.sent, got.body),
            );
            if (isObject(got.body) && got.body["id"] !== created.id) problems.push(`GET ${got.url}: another id`);
          }
          expectNoProblems(problems, response, byLocation, byId);
        }
      });
    }

    context.check(
      `Roster: the id is ${resourceType === "User" ? "the chosen email, else userName" : "the normalized displayName"} (docs/provisioning.md)`,
      async () => {
        const model = modelOf(context, resourceType);
        const gen = context.generator(`${resourceType}:id-rule`, { omitProbability: 0.4 });
        const problems: string[] = [];
        const responses: ScimResponse[] = [];
        for (let i = 0; i < 6; i++) {
          const created = await createResource(context, model, gen);
          responses.push(created.response);
          const expected = rosterExpectedId(resourceType, created.sent);
          if (created.id !== expected)
            problems.push(`id ${JSON.stringify(created.id)}, expected ${JSON.stringify(expected)}`);
        }
        expectNoProblems(problems, ...responses);
      },
    );

    context.check(
      "replace (PUT) with fresh values: 200, GET equals, id and meta.created kept (RFC 7644 §3.5.1)",
      async () => {
        const model = modelOf(context, resourceType);
        const etag = context.target().discovery.config.etag;
        const gen = context.generator(`${resourceType}:replace`);
        for (let i = 0; i < 2; i++) {
          const created = await createResource(context, model, gen);
          const fresh = gen.resource(model, created.sent);
          const put = await context.client().put(created.location, fresh);
          expectStatus(put, 200);
          const got = await context.client().get(created.location);
          const problems = [
            ...representationProblems(model, put, etag),
            ...resourceProblems(model, fresh, put.body),
            ...resourceProblems(model, fresh, got.body),
          ];
          const before = created.body["meta"] as JsonObject;
          const after = isObject(got.body) && isObject(got.body["meta"]) ? got.body["meta"] : {};
          if (isObject(got.body) && got.body["id"] !== created.id) problems.push("the id changed");
          if (after["created"] !== before["created"]) problems.push("meta.created changed");
          if (etag && after["version"] === before["version"]) problems.push("meta.version did not change");
          if (Date.parse(String(after["lastModified"])) < Date.parse(String(before["lastModified"]))) {
            problems.push("meta.lastModified went back");
          }
          expectNoProblems(problems, put, got);
        }
      },
    );

    context.check(
      "PUT of the representation GET returned (id, meta, readOnly attributes included): 200, unchanged (RFC 7644 §3.5.1)",
      async () => {
        const model = modelOf(context, resourceType);
        const gen = context.generator(`${resourceType}:put-back`);
        const created = await createResource(context, model, gen);
        const got = await context.client().get(created.location);
        const representation = got.body as JsonObject;
        const put = await context.client().put(created.location, representation);
        expectStatus(put, 200);
        const again = await context.client().get(created.location);
        const problems = resourceProblems(model, created.sent, again.body);
        if (isObject(again.body) && again.body["id"] !== created.id) problems.push("the id changed");
        expectNoProblems(problems, got, put, again);
      },
    );

    context.check("readOnly attributes in a POST are ignored (RFC 7644 §3.5.1, §3.3)", async () => {
      const model = modelOf(context, resourceType);
      const gen = context.generator(`${resourceType}:post-readonly`);
      const body = gen.resource(model);
      body["id"] = `client-chosen-${gen.token()}`;
      body["meta"] = { resourceType: "Other", created: "2001-01-01T00:00:00Z", version: 'W/"999"' };
      const created = await createResource(context, model, gen, body);
      const meta = created.body["meta"] as JsonObject;
      const problems: string[] = [];
      if (created.id === body["id"]) problems.push("the client's id was used");
      if (
        meta["resourceType"] !== model.type.name ||
        meta["created"] === "2001-01-01T00:00:00.000Z" ||
        meta["created"] === "2001-01-01T00:00:00Z"
      ) {
        problems.push(`meta from the client was used: ${JSON.stringify(meta)}`);
      }
      expectNoProblems([...problems, ...resourceProblems(model, body, created.body)], created.response);
    });

    context.check("attribute names are case-insensitive (RFC 7643 §2.1)", async () => {
      const model = modelOf(context, resourceType);
      const gen = context.generator(`${resourceType}:names-case`);
      const body = gen.resource(model);
      const recase = (value: Json): Json => {
        if (Array.isArray(value)) return value.map(recase);
        if (!isObject(value)) return value;
        return Object.fromEntries(
          Object.entries(value).map(([k, v]) => [
            k.startsWith("urn:") || k === "schemas" ? k : k.toUpperCase(),
            recase(v),
          ]),
        );
      };
      const created = await createResource(context, model, gen, recase(body) as JsonObject);
      const got = await context.client().get(created.location);
      expectNoProblems(resourceProblems(model, body, got.body), created.response, got);
    });

    context.check("delete: 204, then 404 for GET, PUT, PATCH, DELETE and no filter match (RFC 7644 §3.6)", async () => {
      const model = modelOf(context, resourceType);
      const gen = context.generator(`${resourceType}:delete`);
      const created = await createResource(context, model, gen);
      const client = context.client();
      const deleted = await client.delete(created.location);
      expectStatus(deleted, 204);
      expect(deleted.text, "a 204 has no body").toBe("");
      const problems: string[] = [];
      const after = [
        await client.get(created.location),
        await client.put(created.location, gen.resource(model)),
        await client.patch(created.location, [{ op: "replace", value: { externalId: gen.string() } }]),
        await client.delete(created.location),
      ];
      for (const response of after)
        problems.push(...errorProblems(response, 404).map((p) => `${response.method}: ${p}`));
      const search = await client.get(model.type.endpoint, { filter: idFilter([created.id]) });
      if (totalResults(search) !== 0) problems.push(`filter on the deleted id: totalResults ${totalResults(search)}`);
      expectNoProblems(problems, deleted, ...after, search);
    });

    context.check("POST with ?attributes= returns the projection (RFC 7644 §3.9)", async () => {
      const model = modelOf(context, resourceType);
      const gen = context.generator(`${resourceType}:create-projection`);
      const attribute = model.attributes.find((a) => a.def.required && isWritable(a.def)) ?? model.attributes[1];
      if (!attribute) return;
      const response = await context.client().post(model.type.endpoint, gen.resource(model), {
        attributes: attribute.path,
      });
      expectStatus(response, 201);
      const body = isObject(response.body) ? response.body : {};
      const unexpected = Object.keys(body).filter(
        (key) => !["schemas", "id", attribute.def.name].includes(key) && key !== "meta",
      );
      expectNoProblems(
        [
          ...(body[attribute.def.name] === undefined ? [`${attribute.path} is missing`] : []),
          ...unexpected.map((key) => `${key} was not asked for`),
        ],
        response,
      );
    });
  });

  if (resourceType === "User") {
    context.check(
      "Roster: userName is seen per provider; another provider sees the email (docs/provisioning.md)",
      async () => {
        const model = modelOf(context, resourceType);
        const gen = context.generator("userName-per-provider");
        const created = await createResource(context, model, gen);
        const other = new ScimClient(
          context.client().baseUrl.replace(/\/[^/]+$/, "/OtherProvider"),
          context.target().token,
        );
        const seen = await other.get(resourcePath(model, created.id));
        const byOwn = await other.get(model.type.endpoint, {
          filter: `userName eq ${JSON.stringify(created.sent["userName"])}`,
        });
        const byEmail = await other.get(model.type.endpoint, { filter: `userName eq ${JSON.stringify(created.id)}` });
        const problems: string[] = [];
        const userName = isObject(seen.body) ? seen.body["userName"] : undefined;
        if (
          seen.status !== 200 ||
          typeof userName !== "string" ||
          userName.toLowerCase() !== created.id.toLowerCase()
        ) {
          problems.push(
            `another provider reads userName ${JSON.stringify(userName)}, expected the email ${created.id}`,
          );
        }
        if (listed(byOwn).length !== 0)
          problems.push("another provider finds the user by the first provider's userName");
        if (listed(byEmail).length !== 1)
          problems.push("another provider does not find the user by its userName (the email)");
        expectNoProblems(problems, seen, byOwn, byEmail);
      },
    );
  }

  const unique = declared.attributes.filter(
    (a) =>
      (a.def.uniqueness === "server" || a.def.uniqueness === "global") && isWritable(a.def) && a.def.type === "string",
  );
  if (unique.length === 0) return;
  describe.concurrent("uniqueness: server attributes", () => {
    for (const attribute of unique) {
      context.check(
        `a second resource with the same ${attribute.path}: 409 uniqueness on POST, PUT and PATCH (RFC 7644 §3.3, §3.12)`,
        async () => {
          const model = modelOf(context, resourceType);
          const gen = context.generator(`${resourceType}:unique:${attribute.path}`);
          const first = await createResource(context, model, gen);
          const second = await createResource(context, model, gen);
          const value = readAttribute(first.sent, attribute) as Json;
          const variants = attribute.def.caseExact ? [value] : [value, swapCase(String(value))];
          const responses: ScimResponse[] = [];
          const problems: string[] = [];
          for (const variant of variants) {
            const duplicate = gen.resource(model);
            writeAttribute(duplicate, attribute, variant);
            const post = await context.client().post(model.type.endpoint, duplicate);
            const put = await context.client().put(second.location, duplicate);
            const patch = await context
              .client()
              .patch(second.location, [{ op: "replace", path: attribute.path, value: variant }]);
            responses.push(post, put, patch);
            for (const response of [post, put, patch]) {
              problems.push(
                ...errorProblems(response, 409, ["uniqueness"]).map(
                  (p) => `${response.method} ${JSON.stringify(variant)}: ${p}`,
                ),
              );
            }
          }
          const search = await context.client().get(model.type.endpoint, {
            filter: `${attribute.path} eq ${JSON.stringify(value)}`,
          });
          if (listed(search).length !== 1)
            problems.push(`after the conflicts, ${listed(search).length} resources hold the value`);
          expectNoProblems(problems, ...responses, search);
        },
      );
    }
  });
}
