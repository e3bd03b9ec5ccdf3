/** Clients wrap a single-valued attribute's value in an array (`["de"]`); RFC 7643 §2.3 wants the value itself. */
import { defineValueQuirk } from "./value-quirk.ts";

/**
 * Unwraps a one-element array given for a single-valued attribute or sub-attribute, and reads
 * an empty one as null (unassigned, RFC 7643 §2.5). Longer arrays are left for the core to refuse.
 */
export const oneElementArrayForSingleValued = defineValueQuirk({
  id: "one-element-array-for-single-valued",
  summary:
    'A one-element array for a single-valued attribute ("active": [false]) becomes its element; [] becomes null.',
  source: "https://github.com/Captain-P-Goldfish/SCIM-SDK/issues/968",
  rewriteValue: (def, value, element) => {
    if (def.multiValued || element || !Array.isArray(value) || value.length > 1) return value;
    return value.length === 0 ? null : value[0];
  },
});
