/**
 * One fully populated resource per resource type and database, made on first use and then only
 * read: the filter and projection tests look at it. A User is also made a member of a Group, so
 * that its server-computed attributes (`groups`) have values too.
 */
import type { CheckerContext } from "../checker.ts";
import { subAttribute } from "../discovery.ts";
import { type ResourceRef, ValueGenerator } from "../generator.ts";
import { describeExchange, isObject, type JsonObject } from "../scim-client.ts";
import { type Created, createResource, idFilter, modelOf } from "./helpers.ts";

export interface SharedResource extends Created {
  /** The resource as GET returns it, once everything around it was written. */
  readonly current: JsonObject;
}

const cache = new Map<string, Promise<SharedResource>>();

export function sharedResource(context: CheckerContext, resourceType: string): Promise<SharedResource> {
  const key = `${context.kind}:${resourceType}`;
  let promise = cache.get(key);
  if (!promise) {
    promise = makeShared(context, resourceType);
    cache.set(key, promise);
  }
  return promise;
}

async function makeShared(context: CheckerContext, resourceType: string): Promise<SharedResource> {
  const model = modelOf(context, resourceType);
  const gen = context.generator(`${resourceType}:shared`);
  const created = await createResource(context, model, gen);
  // Give the resource whatever membership the schemas describe: a resource type whose
  // multi-valued `members`-like attribute references this one.
  const target = { resourceType: model.type.name, id: created.id, location: created.location };
  for (const other of context.target().discovery.resourceTypes) {
    const otherModel = modelOf(context, other.name);
    const referring = otherModel.attributes.find(
      (a) =>
        a.def.multiValued &&
        ValueGenerator.referencedTypes(a.def).includes(model.type.name) &&
        subAttribute(a.def, "value"),
    );
    if (!referring || other.name === model.type.name) continue;
    const only = gen.withReferences((t) => (t === model.type.name ? [target] : []));
    const container = only.resource(otherModel);
    await createResource(context, otherModel, only, container);
  }
  const response = await context.client().get(created.location);
  if (response.status !== 200 || !isObject(response.body)) throw new Error(`GET failed\n${describeExchange(response)}`);
  return { ...created, current: response.body };
}

/**
 * The batch sorted, paged and filtered over, built so that what a test looks at is there for any seed:
 * resources 0 and 1 hold every attribute, 2–4 a random part, 5 only the required ones (so every
 * optional attribute has values and unassigned resources); multi-valued attributes hold one value
 * (RFC 7644 §3.4.2.3's primary-or-first rule is checked by a targeted test); strings are letters and
 * digits (RFC 7644 names no collation beyond case); each resource's references point at its own
 * User, so that referenced values differ.
 */
const BATCH = 6;
const batches = new Map<string, Promise<{ ids: string[]; filter: string }>>();

export function sharedBatch(context: CheckerContext, resourceType: string): Promise<{ ids: string[]; filter: string }> {
  const key = `${context.kind}:${resourceType}`;
  let promise = batches.get(key);
  if (!promise) {
    promise = (async () => {
      const model = modelOf(context, resourceType);
      const users = modelOf(context, "User");
      const referenceGen = context.generator(`${resourceType}:batch-references`, {
        asciiOnly: true,
        references: () => [],
      });
      const targets: ResourceRef[] = [];
      for (let i = 0; i < BATCH; i++) {
        const user = await createResource(context, users, referenceGen);
        targets.push({ resourceType: users.type.name, id: user.id, location: user.location });
      }
      const ids: string[] = [];
      for (let i = 0; i < BATCH; i++) {
        const gen = context.generator(`${resourceType}:batch:${i}`, {
          asciiOnly: true,
          maxElements: 1,
          omitProbability: i < 2 ? 0 : i < BATCH - 1 ? 0.4 : 1,
          references: (t) => (t === users.type.name ? [targets[i] as ResourceRef] : []),
        });
        ids.push((await createResource(context, model, gen)).id);
      }
      return { ids, filter: idFilter(ids) };
    })();
    batches.set(key, promise);
  }
  return promise;
}
