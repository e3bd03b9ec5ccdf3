/** Entra ID sends booleans as the strings "True" and "False"; RFC 7643 §2.3.2 booleans are JSON true and false. */
import { defineValueQuirk } from "./value-quirk.ts";

const BOOLEAN_TEXT = /^(true|false)$/i;

/** Turns "True"/"False" (any case) into true/false wherever a schema defines a boolean (`active`, `primary`). */
export const entraStringBooleans = defineValueQuirk({
  id: "entra-string-booleans",
  summary: 'The strings "True" and "False" (any case) for a boolean attribute become true and false.',
  source:
    "https://learn.microsoft.com/en-us/entra/identity/app-provisioning/application-provisioning-config-problem-scim-compatibility#flags-to-alter-the-scim-behavior",
  rewriteValue: (def, value) =>
    def.type === "boolean" && typeof value === "string" && BOOLEAN_TEXT.test(value)
      ? value.toLowerCase() === "true"
      : value,
});
