/** Entra ID writes the enterprise `manager` as a bare id; RFC 7643 §4.3 makes it a complex value `{ "value": id }`. */
import { findAttribute } from "../schema/resolve-attribute.ts";
import { defineValueQuirk } from "./value-quirk.ts";

/**
 * Turns a bare string, number or boolean given where a complex value with a `value`
 * sub-attribute belongs into `{ "value": … }`: `manager: "m-1"`, and likewise a bare id in
 * `members` or a bare address in `emails`.
 */
export const entraBareComplexValue = defineValueQuirk({
  id: "entra-bare-complex-value",
  summary: 'A bare id where a complex value with "value" belongs ("manager": "m-1") becomes { "value": "m-1" }.',
  source: "https://github.com/Captain-P-Goldfish/SCIM-SDK/issues/686",
  rewriteValue: (def, value, element) => {
    if (def.type !== "complex" || (def.multiValued && !element)) return value;
    if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") return value;
    const sub = findAttribute(def.subAttributes, "value");
    return sub === undefined ? value : Object.fromEntries([[sub.name, value]]);
  },
});
