/** Entra ID capitalizes PATCH `op` ("Add", "Replace", "Remove"); RFC 7644 §3.5.2 names them in lower case. */
import { isScimObject } from "../resource/scim-object.ts";
import { getRaw, operationsOf, rewriteOperations, withRaw } from "./patch-body.ts";
import type { Quirk, QuirkRequest } from "./quirk.ts";

const OPS = new Set(["add", "remove", "replace"]);

function isMiscased(op: unknown): op is string {
  return typeof op === "string" && !OPS.has(op) && OPS.has(op.toLowerCase());
}

/**
 * Lower-cases an `op` that names add, remove or replace in another case. Any other `op` is left
 * for the parser to refuse.
 */
export const entraCapitalizedOp: Quirk = Object.freeze({
  id: "entra-capitalized-op",
  summary: 'PATCH "op" in any case ("Add", "Replace", "Remove") becomes "add", "replace", "remove".',
  source:
    "https://learn.microsoft.com/en-us/entra/identity/app-provisioning/use-scim-to-provision-users-and-groups#general",
  kinds: Object.freeze(["patch"] as const),
  providers: "any",
  matches(request: QuirkRequest): boolean {
    return operationsOf(request.body).some(
      (operation) => isScimObject(operation) && isMiscased(getRaw(operation, "op")),
    );
  },
  rewrite(request: QuirkRequest): unknown {
    return rewriteOperations(request.body, (operation) => {
      const op = getRaw(operation, "op");
      return isMiscased(op) ? withRaw(operation, "op", op.toLowerCase()) : operation;
    });
  },
});
