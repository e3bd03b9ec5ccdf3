/**
 * Random but valid SCIM values, driven only by the discovery documents: type, multiValued,
 * canonicalValues, mutability, uniqueness, referenceTypes (RFC 7643 §2, §7). Reproducible from the
 * seed of the `Rng` it is given.
 *
 * - every writable attribute gets a value (readOnly ones are never sent);
 * - strings carry a short random token, so that any `eq` filter on a generated value selects the one
 *   resource it was written to, and `uniqueness: server` values never collide;
 * - a complex value whose `$ref` names resource types points at a resource the caller created
 *   (`value` = its id, `$ref` = its location, `type` = the resource type where canonical);
 * - a multi-valued complex attribute with `primary` has at most one `primary: true` (RFC 7643 §2.4).
 */
import {
  type AttributeDef,
  isWritable,
  type ResourceAttribute,
  type ResourceModel,
  subAttribute,
} from "./discovery.ts";
import type { Rng } from "./prng.ts";
import type { Json, JsonObject } from "./scim-client.ts";

/** A resource the generator may point at. */
export interface ResourceRef {
  readonly resourceType: string;
  readonly id: string;
  readonly location: string;
}

export interface GeneratorOptions {
  /** Existing resources by resource type name, for `$ref` values that name resource types. */
  readonly references?: (resourceType: string) => readonly ResourceRef[];
  /** Strings from letters and digits only (sorting tests: RFC 7644 names no collation beyond case). */
  readonly asciiOnly?: boolean;
  /** Probability that an optional attribute is left out (0: every attribute is sent). */
  readonly omitProbability?: number;
  /** Characters the strings must not contain (each entry is the reason, for the report). */
  readonly avoidCharacters?: ReadonlyMap<string, string>;
  /** At least / at most this many values in a multi-valued attribute (default 1 to 3). */
  readonly minElements?: number;
  readonly maxElements?: number;
}

const ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const TOKEN = "abcdefghijklmnopqrstuvwxyz0123456789";
const PUNCTUATION = [
  " ",
  "-",
  "_",
  ".",
  ",",
  "'",
  '"',
  "\\",
  "/",
  "@",
  "+",
  "%",
  "&",
  "(",
  ")",
  "#",
  ":",
  ";",
  "!",
  "?",
  "*",
  "[",
  "]",
  "=",
  "~",
];
const UNICODE = ["é", "ü", "ß", "Ø", "ñ", "ç", "Ж", "λ", "中", "文", "😀", "ﬁ", "İ", "\u00a0"];

export class ValueGenerator {
  constructor(
    readonly rng: Rng,
    private readonly options: GeneratorOptions = {},
  ) {}

  /** The resources `$ref` values may point at. */
  references(resourceType: string): readonly ResourceRef[] {
    return this.options.references?.(resourceType) ?? [];
  }

  /** The same stream, pointing at other resources. */
  withReferences(references: (resourceType: string) => readonly ResourceRef[]): ValueGenerator {
    return new ValueGenerator(this.rng, { ...this.options, references });
  }

  /** A random token: enough entropy that two generated strings never collide. */
  token(length = 7): string {
    let token = "";
    for (let i = 0; i < length; i++) token += this.rng.pick([...TOKEN]);
    return token;
  }

  private character(): string {
    const roll = this.rng.next();
    const pool = this.options.asciiOnly || roll < 0.7 ? [...ALNUM] : roll < 0.9 ? PUNCTUATION : UNICODE;
    for (;;) {
      const c = this.rng.pick(pool);
      if (!this.options.avoidCharacters?.has(c)) return c;
    }
  }

  private piece(maxLength: number): string {
    let text = "";
    const length = this.rng.int(0, maxLength);
    for (let i = 0; i < length; i++) text += this.character();
    return text;
  }

  /** A non-blank string holding a fresh token. */
  string(): string {
    return `${this.piece(6)}${this.token()}${this.piece(6)}`;
  }

  /** A value for one simple (non-complex) attribute, or for one element of a multi-valued one. */
  simpleValue(def: AttributeDef): Json | undefined {
    switch (def.type) {
      case "string":
        if (def.canonicalValues.length > 0) return this.rng.pick(def.canonicalValues);
        return this.string();
      case "boolean":
        return this.rng.bool();
      case "integer":
        return this.rng.int(-100000, 100000);
      case "decimal":
        return this.rng.int(-100000, 100000) + this.rng.int(1, 99) / 100;
      case "dateTime": {
        const millis = this.rng.int(0, 4102444800) * 1000;
        return new Date(millis).toISOString().replace(/\.\d{3}Z$/, "Z");
      }
      case "binary": {
        const bytes = new Uint8Array(this.rng.int(3, 24));
        for (let i = 0; i < bytes.length; i++) bytes[i] = this.rng.int(0, 255);
        return Buffer.from(bytes).toString("base64");
      }
      case "reference":
        return this.reference(def);
      case "complex":
        return undefined;
    }
  }

  /** A reference of one of the attribute's referenceTypes; a resource type needs a target. */
  reference(def: AttributeDef): string | undefined {
    const kinds = this.rng.shuffle(def.referenceTypes);
    for (const kind of kinds) {
      if (kind === "external") return `https://example.com/${encodeURIComponent(this.token())}/${this.token(4)}`;
      if (kind === "uri") return `urn:example:${this.token()}`;
      const target = this.target([kind]);
      if (target) return target.location;
    }
    return undefined;
  }

  private target(resourceTypes: readonly string[], exclude: ReadonlySet<string> = new Set()): ResourceRef | undefined {
    const candidates = resourceTypes
      .flatMap((t) => this.options.references?.(t) ?? [])
      .filter((r) => !exclude.has(`${r.resourceType}/${r.id}`));
    return candidates.length === 0 ? undefined : this.rng.pick(candidates);
  }

  /** The resource types a complex attribute's `$ref` points at (none when it is not such a reference). */
  static referencedTypes(def: AttributeDef): readonly string[] {
    const ref = subAttribute(def, "$ref");
    return ref ? ref.referenceTypes.filter((t) => t !== "external" && t !== "uri") : [];
  }

  /**
   * One complex value: every writable sub-attribute. `used` collects the targets already taken by
   * earlier elements of the same multi-valued attribute.
   */
  complexValue(def: AttributeDef, used: Set<string> = new Set()): JsonObject | undefined {
    const value: JsonObject = {};
    const referencedTypes = ValueGenerator.referencedTypes(def);
    let target: ResourceRef | undefined;
    if (referencedTypes.length > 0 && subAttribute(def, "value")) {
      target = this.target(referencedTypes, used);
      if (!target) return undefined;
      used.add(`${target.resourceType}/${target.id}`);
    }
    for (const sub of def.subAttributes) {
      if (!isWritable(sub)) continue;
      if (def.multiValued && sub.name === "primary") continue;
      const name = sub.name;
      if (target && name === "value") value[name] = target.id;
      else if (target && name === "$ref") value[name] = target.location;
      else if (target && name === "type" && sub.canonicalValues.includes(target.resourceType)) {
        value[name] = target.resourceType;
      } else {
        const generated = this.simpleValue(sub);
        if (generated !== undefined) value[name] = generated;
      }
    }
    return Object.keys(value).length === 0 ? undefined : value;
  }

  /** A value for an attribute as a whole: an array for multi-valued ones. */
  attributeValue(def: AttributeDef, options: { minElements?: number; maxElements?: number } = {}): Json | undefined {
    if (!def.multiValued) return def.type === "complex" ? this.complexValue(def) : this.simpleValue(def);
    const max = Math.min(options.maxElements ?? 3, this.options.maxElements ?? 3);
    const count = this.rng.int(Math.min(options.minElements ?? this.options.minElements ?? 1, max), max);
    const elements: Json[] = [];
    const used = new Set<string>();
    for (let i = 0; i < count; i++) {
      const element = def.type === "complex" ? this.complexValue(def, used) : this.simpleValue(def);
      if (element !== undefined && !elements.some((e) => JSON.stringify(e) === JSON.stringify(element))) {
        elements.push(element);
      }
    }
    if (elements.length === 0) return undefined;
    const primary = subAttribute(def, "primary");
    if (def.type === "complex" && primary && isWritable(primary)) {
      const chosen = this.rng.bool(0.75) ? this.rng.int(0, elements.length - 1) : -1;
      elements.forEach((element, index) => {
        if (index === chosen) (element as JsonObject)["primary"] = true;
        else if (this.rng.bool()) (element as JsonObject)["primary"] = false;
      });
    }
    return elements;
  }

  /**
   * A whole resource for a resource type: `schemas` and every writable attribute of the core
   * schema and of each extension (or a random subset, with `omitProbability`). `keep` supplies
   * values that must not change (immutable attributes on a replace).
   */
  resource(model: ResourceModel, keep: JsonObject = {}): JsonObject {
    const omit = this.options.omitProbability ?? 0;
    const resource: JsonObject = { schemas: [model.core.id] };
    for (const attribute of model.attributes) {
      if (!isWritable(attribute.def)) continue;
      if (!attribute.def.required && omit > 0 && this.rng.bool(omit)) continue;
      const kept = readAttribute(keep, attribute);
      const value =
        kept !== undefined && attribute.def.mutability === "immutable" ? kept : this.attributeValue(attribute.def);
      if (value === undefined) continue;
      writeAttribute(resource, attribute, value);
    }
    for (const extension of model.extensions) {
      if (resource[extension.id] !== undefined) (resource["schemas"] as string[]).push(extension.id);
    }
    return resource;
  }
}

/** The value of an attribute in a resource (extension attributes under their URN), names case-insensitive. */
export function readAttribute(resource: JsonObject, attribute: ResourceAttribute): Json | undefined {
  const container = attribute.extension ? lookup(resource, attribute.schema) : resource;
  if (typeof container !== "object" || container === null || Array.isArray(container)) return undefined;
  return lookup(container, attribute.def.name);
}

export function writeAttribute(resource: JsonObject, attribute: ResourceAttribute, value: Json | undefined): void {
  let container: JsonObject = resource;
  if (attribute.extension) {
    const existing = lookup(resource, attribute.schema);
    if (typeof existing === "object" && existing !== null && !Array.isArray(existing)) container = existing;
    else {
      container = {};
      resource[attribute.schema] = container;
    }
  }
  const key = Object.keys(container).find((k) => k.toLowerCase() === attribute.def.name.toLowerCase());
  if (key !== undefined) delete container[key];
  if (value !== undefined) container[attribute.def.name] = value;
  if (attribute.extension && Object.keys(container).length === 0) delete resource[attribute.schema];
}

function lookup(object: JsonObject, name: string): Json | undefined {
  const key = Object.keys(object).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : object[key];
}

export function clone<T extends Json>(value: T): T {
  return structuredClone(value);
}
