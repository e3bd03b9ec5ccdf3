/** RFC 7643 §5–§7, RFC 7644 §4: the discovery documents the rest of the checker is built from. */
import { describe, expect } from "vitest";
import { type CheckerContext, expectNoProblems, expectStatus } from "../checker.ts";
import { parseSchema } from "../discovery.ts";
import { isObject } from "../scim-client.ts";
import { errorProblems, listProblems } from "./helpers.ts";

export function defineDiscoveryTests(context: CheckerContext): void {
  describe("discovery", () => {
    context.check("/ServiceProviderConfig declares every REQUIRED capability (RFC 7643 §5)", async () => {
      const response = await context.client().get("/ServiceProviderConfig");
      expectStatus(response, 200);
      const body = response.body;
      const problems: string[] = [];
      if (!isObject(body)) throw new Error("not an object");
      if (!JSON.stringify(body["schemas"]).includes("urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig")) {
        problems.push("schemas");
      }
      for (const name of ["patch", "bulk", "filter", "changePassword", "sort", "etag"]) {
        const capability = body[name];
        if (!isObject(capability) || typeof capability["supported"] !== "boolean") problems.push(`${name}.supported`);
      }
      const bulk = body["bulk"];
      if (isObject(bulk) && bulk["supported"] === true) {
        for (const name of ["maxOperations", "maxPayloadSize"])
          if (typeof bulk[name] !== "number") problems.push(`bulk.${name}`);
      }
      const filter = body["filter"];
      if (isObject(filter) && filter["supported"] === true && typeof filter["maxResults"] !== "number") {
        problems.push("filter.maxResults");
      }
      const schemes = body["authenticationSchemes"];
      if (!Array.isArray(schemes) || schemes.length === 0) problems.push("authenticationSchemes");
      else {
        for (const scheme of schemes) {
          if (!isObject(scheme) || typeof scheme["type"] !== "string" || typeof scheme["name"] !== "string") {
            problems.push(`authenticationSchemes entry ${JSON.stringify(scheme)}: type and name are REQUIRED`);
          }
        }
      }
      expectNoProblems(problems, response);
    });

    context.check("/ResourceTypes lists User and Group, each readable by id (RFC 7643 §6)", async () => {
      const { discovery } = context.target();
      const response = await context.client().get("/ResourceTypes");
      const problems = listProblems(response);
      for (const name of ["User", "Group"]) {
        const type = discovery.resourceTypes.find((t) => t.name === name);
        if (!type) {
          problems.push(`no ${name}`);
          continue;
        }
        if (!discovery.schemas.has(type.schema.toLowerCase())) problems.push(`${name}: /Schemas has no ${type.schema}`);
        for (const extension of type.schemaExtensions) {
          if (!discovery.schemas.has(extension.schema.toLowerCase()))
            problems.push(`${name}: /Schemas has no ${extension.schema}`);
        }
        const single = await context.client().get(`/ResourceTypes/${encodeURIComponent(type.id)}`);
        if (single.status !== 200 || !isObject(single.body) || single.body["name"] !== name) {
          problems.push(`GET /ResourceTypes/${type.id}: ${single.status} ${single.text.slice(0, 200)}`);
        } else {
          const meta = single.body["meta"];
          if (!isObject(meta) || meta["resourceType"] !== "ResourceType") problems.push(`${name}: meta.resourceType`);
        }
      }
      expectNoProblems(problems, response);
    });

    context.check("/Schemas: every attribute definition is complete and valid (RFC 7643 §7)", async () => {
      const { discovery } = context.target();
      const problems = [...discovery.problems];
      for (const schema of discovery.schemas.values()) {
        const single = await context.client().get(`/Schemas/${encodeURIComponent(schema.id)}`);
        if (single.status !== 200) {
          problems.push(`GET /Schemas/${schema.id}: ${single.status}`);
          continue;
        }
        const again = parseSchema(single.body, problems);
        if (JSON.stringify(again) !== JSON.stringify(schema))
          problems.push(`GET /Schemas/${schema.id} differs from the list`);
        const meta = isObject(single.body) ? single.body["meta"] : undefined;
        if (!isObject(meta) || meta["resourceType"] !== "Schema") problems.push(`${schema.id}: meta.resourceType`);
      }
      expectNoProblems(problems);
    });

    context.check("every resource type's endpoint answers a ListResponse", async () => {
      for (const type of context.target().discovery.resourceTypes) {
        const response = await context.client().get(type.endpoint, { count: 1 });
        expectNoProblems(listProblems(response), response);
      }
    });

    context.check("without a valid token: 401 with a SCIM error (RFC 7644 §3.12, §2)", async () => {
      for (const path of ["/Users", "/Groups", "/ServiceProviderConfig"]) {
        const response = await context.target().strangerClient.get(path);
        expectNoProblems(errorProblems(response, 401), response);
        expect(response.headers.get("www-authenticate") ?? "", "WWW-Authenticate (RFC 6750 §3)").toMatch(/^Bearer/i);
      }
    });
  });
}
