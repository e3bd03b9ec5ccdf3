/** Builders for RFC 7643 §7 attribute definitions with the RFC's defaults, and deep freezing. */
import type { AttributeDefinition, AttributeType } from "./schema-types.ts";

/** The characteristics an attribute may set; anything left out takes the RFC 7643 §7 default. */
export type AttributeOptions = Partial<Omit<AttributeDefinition, "name" | "type" | "description">>;

/**
 * An attribute definition with every characteristic spelled out: RFC 7643 §7 defaults
 * (`required` false, `caseExact` false, `mutability` readWrite, `returned` default,
 * `uniqueness` none, single-valued) unless `options` says otherwise.
 */
export function defineAttribute(
  name: string,
  type: AttributeType,
  description: string,
  options: AttributeOptions = {},
): AttributeDefinition {
  const { canonicalValues, referenceTypes, subAttributes } = options;
  return {
    name,
    type,
    multiValued: options.multiValued ?? false,
    description,
    required: options.required ?? false,
    caseExact: options.caseExact ?? false,
    mutability: options.mutability ?? "readWrite",
    returned: options.returned ?? "default",
    uniqueness: options.uniqueness ?? "none",
    ...(canonicalValues === undefined ? {} : { canonicalValues }),
    ...(referenceTypes === undefined ? {} : { referenceTypes }),
    ...(subAttributes === undefined ? {} : { subAttributes }),
  };
}

/** Freezes `value` and everything reachable from it, so a shared schema constant cannot be changed. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
