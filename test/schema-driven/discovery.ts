/**
 * Reads what the server says about itself (RFC 7644 §4): /ServiceProviderConfig, /ResourceTypes,
 * /Schemas, and turns it into the model the generator and the comparisons work from. Nothing here
 * knows Roster: every attribute, type and characteristic comes from the discovery documents, plus
 * the common attributes RFC 7643 §3.1 gives every resource (`id`, `externalId`, `meta`), which
 * schemas need not list.
 */
import { isObject, type Json, type JsonObject, type ScimClient } from "./scim-client.ts";

export type AttributeType =
  | "string"
  | "boolean"
  | "decimal"
  | "integer"
  | "dateTime"
  | "binary"
  | "reference"
  | "complex";
export type Mutability = "readOnly" | "readWrite" | "immutable" | "writeOnly";
export type Returned = "always" | "never" | "default" | "request";
export type Uniqueness = "none" | "server" | "global";

export interface AttributeDef {
  readonly name: string;
  readonly type: AttributeType;
  readonly multiValued: boolean;
  readonly required: boolean;
  readonly caseExact: boolean;
  readonly mutability: Mutability;
  readonly returned: Returned;
  readonly uniqueness: Uniqueness;
  readonly canonicalValues: readonly string[];
  readonly referenceTypes: readonly string[];
  readonly subAttributes: readonly AttributeDef[];
}

export interface SchemaDef {
  readonly id: string;
  readonly name: string;
  readonly attributes: readonly AttributeDef[];
}

export interface ResourceTypeDef {
  readonly id: string;
  readonly name: string;
  readonly endpoint: string;
  readonly schema: string;
  readonly schemaExtensions: readonly { readonly schema: string; readonly required: boolean }[];
}

export interface ServiceProviderConfig {
  readonly raw: JsonObject;
  readonly patch: boolean;
  readonly filter: { readonly supported: boolean; readonly maxResults: number };
  readonly sort: boolean;
  readonly etag: boolean;
  readonly bulk: boolean;
}

/** An attribute of a resource type, with the schema it belongs to. */
export interface ResourceAttribute {
  readonly schema: string;
  readonly extension: boolean;
  readonly def: AttributeDef;
  /** The name a client writes in a path or filter: `userName`, or `urn:…:User:department`. */
  readonly path: string;
}

export interface ResourceModel {
  readonly type: ResourceTypeDef;
  readonly core: SchemaDef;
  readonly extensions: readonly SchemaDef[];
  /** Every attribute: the common ones, the core schema's, then each extension's. */
  readonly attributes: readonly ResourceAttribute[];
}

export interface Discovery {
  readonly config: ServiceProviderConfig;
  readonly resourceTypes: readonly ResourceTypeDef[];
  readonly schemas: ReadonlyMap<string, SchemaDef>;
  readonly raw: { readonly resourceTypes: Json; readonly schemas: Json };
  model(resourceTypeName: string): ResourceModel;
}

/** RFC 7643 §3.1: attributes of every resource, whether or not a schema lists them. */
export const COMMON_ATTRIBUTES: readonly AttributeDef[] = [
  attribute({
    name: "id",
    type: "string",
    caseExact: true,
    mutability: "readOnly",
    returned: "always",
    uniqueness: "server",
  }),
  attribute({ name: "externalId", type: "string", caseExact: true, mutability: "readWrite" }),
  attribute({
    name: "meta",
    type: "complex",
    mutability: "readOnly",
    subAttributes: ["resourceType", "created", "lastModified", "location", "version"].map((name) =>
      attribute({
        name,
        type: name === "created" || name === "lastModified" ? "dateTime" : name === "location" ? "reference" : "string",
        caseExact: true,
        mutability: "readOnly",
      }),
    ),
  }),
];

function attribute(partial: Partial<AttributeDef> & { name: string; type: AttributeType }): AttributeDef {
  return {
    multiValued: false,
    required: false,
    caseExact: false,
    mutability: "readWrite",
    returned: "default",
    uniqueness: "none",
    canonicalValues: [],
    referenceTypes: [],
    subAttributes: [],
    ...partial,
  };
}

const TYPES = new Set(["string", "boolean", "decimal", "integer", "dateTime", "binary", "reference", "complex"]);
const MUTABILITIES = new Set(["readOnly", "readWrite", "immutable", "writeOnly"]);
const RETURNED = new Set(["always", "never", "default", "request"]);
const UNIQUENESS = new Set(["none", "server", "global"]);

/** Parses one attribute definition, defaulting as RFC 7643 §2.2 says; `problems` collects what is not valid. */
export function parseAttribute(raw: unknown, where: string, problems: string[]): AttributeDef | undefined {
  if (!isObject(raw)) {
    problems.push(`${where}: not an object`);
    return undefined;
  }
  const name = raw["name"];
  if (typeof name !== "string" || name === "") {
    problems.push(`${where}: no name`);
    return undefined;
  }
  const at = `${where}.${name}`;
  const type = raw["type"];
  if (typeof type !== "string" || !TYPES.has(type)) problems.push(`${at}: type ${JSON.stringify(type)}`);
  for (const key of ["multiValued", "required", "caseExact"] as const) {
    if (raw[key] !== undefined && typeof raw[key] !== "boolean") problems.push(`${at}: ${key} is not a boolean`);
  }
  // RFC 7643 §7: "multiValued" is REQUIRED in a schema's attribute definition.
  if (typeof raw["multiValued"] !== "boolean") problems.push(`${at}: multiValued is missing`);
  const mutability = raw["mutability"] ?? "readWrite";
  if (typeof mutability !== "string" || !MUTABILITIES.has(mutability)) problems.push(`${at}: mutability ${mutability}`);
  const returned = raw["returned"] ?? "default";
  if (typeof returned !== "string" || !RETURNED.has(returned)) problems.push(`${at}: returned ${returned}`);
  const uniqueness = raw["uniqueness"] ?? "none";
  if (typeof uniqueness !== "string" || !UNIQUENESS.has(uniqueness)) problems.push(`${at}: uniqueness ${uniqueness}`);
  const canonicalValues = raw["canonicalValues"] ?? [];
  const referenceTypes = raw["referenceTypes"] ?? [];
  if (!Array.isArray(canonicalValues) || canonicalValues.some((v) => typeof v !== "string")) {
    problems.push(`${at}: canonicalValues is not an array of strings`);
  }
  if (!Array.isArray(referenceTypes) || referenceTypes.some((v) => typeof v !== "string")) {
    problems.push(`${at}: referenceTypes is not an array of strings`);
  }
  if (type === "reference" && (!Array.isArray(referenceTypes) || referenceTypes.length === 0)) {
    problems.push(`${at}: a reference without referenceTypes`);
  }
  const subAttributes: AttributeDef[] = [];
  if (type === "complex") {
    const subs = raw["subAttributes"];
    if (!Array.isArray(subs) || subs.length === 0) problems.push(`${at}: a complex attribute without subAttributes`);
    else {
      for (const sub of subs) {
        const parsed = parseAttribute(sub, at, problems);
        if (parsed?.type === "complex") problems.push(`${at}.${parsed.name}: complex inside complex (RFC 7643 §2.3.8)`);
        if (parsed) subAttributes.push(parsed);
      }
    }
  } else if (raw["subAttributes"] !== undefined) {
    problems.push(`${at}: subAttributes on a ${String(type)}`);
  }
  return {
    name,
    type: (TYPES.has(String(type)) ? type : "string") as AttributeType,
    multiValued: raw["multiValued"] === true,
    required: raw["required"] === true,
    caseExact: raw["caseExact"] === true,
    mutability: mutability as Mutability,
    returned: returned as Returned,
    uniqueness: uniqueness as Uniqueness,
    canonicalValues: Array.isArray(canonicalValues) ? (canonicalValues as string[]) : [],
    referenceTypes: Array.isArray(referenceTypes) ? (referenceTypes as string[]) : [],
    subAttributes,
  };
}

export function parseSchema(raw: unknown, problems: string[]): SchemaDef | undefined {
  if (!isObject(raw) || typeof raw["id"] !== "string") {
    problems.push(`a schema without id: ${JSON.stringify(raw)?.slice(0, 200)}`);
    return undefined;
  }
  const id = raw["id"];
  const attributes = raw["attributes"];
  if (!Array.isArray(attributes)) {
    problems.push(`${id}: attributes is not an array`);
    return undefined;
  }
  const parsed = attributes.flatMap((a) => parseAttribute(a, id, problems) ?? []);
  return { id, name: typeof raw["name"] === "string" ? raw["name"] : id, attributes: parsed };
}

export function parseResourceType(raw: unknown, problems: string[]): ResourceTypeDef | undefined {
  if (!isObject(raw)) {
    problems.push("a resource type that is not an object");
    return undefined;
  }
  const { id, name, endpoint, schema } = raw;
  if (typeof name !== "string" || typeof endpoint !== "string" || typeof schema !== "string") {
    problems.push(`resource type ${JSON.stringify(raw).slice(0, 200)}: name, endpoint and schema are REQUIRED`);
    return undefined;
  }
  const extensions = raw["schemaExtensions"] ?? [];
  const schemaExtensions: { schema: string; required: boolean }[] = [];
  if (!Array.isArray(extensions)) problems.push(`${name}: schemaExtensions is not an array`);
  else {
    for (const extension of extensions) {
      if (
        !isObject(extension) ||
        typeof extension["schema"] !== "string" ||
        typeof extension["required"] !== "boolean"
      ) {
        problems.push(`${name}: schemaExtensions entries need schema and required`);
      } else schemaExtensions.push({ schema: extension["schema"], required: extension["required"] });
    }
  }
  return { id: typeof id === "string" ? id : name, name, endpoint, schema, schemaExtensions };
}

function listResources(body: Json | undefined, what: string): Json[] {
  if (!isObject(body) || !Array.isArray(body["Resources"])) throw new Error(`${what} is not a ListResponse`);
  return body["Resources"];
}

/** Fetches the three discovery documents; throws when they cannot be read at all. */
export async function discover(client: ScimClient): Promise<Discovery & { problems: readonly string[] }> {
  const problems: string[] = [];
  const [configResponse, typesResponse, schemasResponse] = await Promise.all([
    client.get("/ServiceProviderConfig"),
    client.get("/ResourceTypes"),
    client.get("/Schemas"),
  ]);
  for (const response of [configResponse, typesResponse, schemasResponse]) {
    if (response.status !== 200) throw new Error(`${response.url} answered ${response.status}: ${response.text}`);
  }
  const rawConfig = configResponse.body;
  if (!isObject(rawConfig)) throw new Error("/ServiceProviderConfig is not an object");
  const supported = (name: string) => {
    const value = rawConfig[name];
    return isObject(value) && value["supported"] === true;
  };
  const filter = rawConfig["filter"];
  const config: ServiceProviderConfig = {
    raw: rawConfig,
    patch: supported("patch"),
    sort: supported("sort"),
    etag: supported("etag"),
    bulk: supported("bulk"),
    filter: {
      supported: supported("filter"),
      maxResults: isObject(filter) && typeof filter["maxResults"] === "number" ? filter["maxResults"] : 0,
    },
  };
  const resourceTypes = listResources(typesResponse.body, "/ResourceTypes").flatMap(
    (raw) => parseResourceType(raw, problems) ?? [],
  );
  const schemas = new Map<string, SchemaDef>();
  for (const raw of listResources(schemasResponse.body, "/Schemas")) {
    const schema = parseSchema(raw, problems);
    if (schema) schemas.set(schema.id.toLowerCase(), schema);
  }
  const model = (resourceTypeName: string): ResourceModel => {
    const type = resourceTypes.find((t) => t.name === resourceTypeName || t.id === resourceTypeName);
    if (!type) throw new Error(`no resource type ${resourceTypeName} in /ResourceTypes`);
    const core = schemas.get(type.schema.toLowerCase());
    if (!core) throw new Error(`/Schemas has no ${type.schema}`);
    const extensions = type.schemaExtensions.map((e) => {
      const schema = schemas.get(e.schema.toLowerCase());
      if (!schema) throw new Error(`/Schemas has no ${e.schema}`);
      return schema;
    });
    const declared = new Set(core.attributes.map((a) => a.name.toLowerCase()));
    const attributes: ResourceAttribute[] = [
      ...COMMON_ATTRIBUTES.filter((a) => !declared.has(a.name.toLowerCase())).map((def) => ({
        schema: core.id,
        extension: false,
        def,
        path: def.name,
      })),
      ...core.attributes.map((def) => ({ schema: core.id, extension: false, def, path: def.name })),
      ...extensions.flatMap((schema) =>
        schema.attributes.map((def) => ({ schema: schema.id, extension: true, def, path: `${schema.id}:${def.name}` })),
      ),
    ];
    return { type, core, extensions, attributes };
  };
  return {
    config,
    resourceTypes,
    schemas,
    raw: { resourceTypes: typesResponse.body ?? null, schemas: schemasResponse.body ?? null },
    model,
    problems,
  };
}

/** Case-insensitive member lookup (RFC 7643 §2.1: attribute names are case-insensitive). */
export function member(object: JsonObject, name: string): Json | undefined {
  if (Object.hasOwn(object, name)) return object[name];
  const lower = name.toLowerCase();
  for (const key of Object.keys(object)) if (key.toLowerCase() === lower) return object[key];
  return undefined;
}

export function subAttribute(def: AttributeDef, name: string): AttributeDef | undefined {
  return def.subAttributes.find((s) => s.name.toLowerCase() === name.toLowerCase());
}

/** Attributes a client may write: readWrite, immutable and writeOnly (RFC 7643 §2.2). */
export function isWritable(def: AttributeDef): boolean {
  return def.mutability !== "readOnly";
}
