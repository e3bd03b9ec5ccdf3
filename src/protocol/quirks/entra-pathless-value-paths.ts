/** Entra ID folds updates into one path-less PATCH, keyed by paths that may be value paths (with a filter). */
import { parsePatchPath } from "../path/parse-patch-path.ts";
import { isScimObject } from "../resource/scim-object.ts";
import {
  getRaw,
  isPathless,
  operationsOf,
  opOf,
  type RawObject,
  rewriteOperations,
  withoutRaw,
  withRaw,
} from "./patch-body.ts";
import type { Quirk, QuirkRequest } from "./quirk.ts";

/** True for a key that is a PATCH value path (it has a filter), which no attribute name can be. */
function isValuePath(key: string): boolean {
  if (!key.includes("[")) return false;
  const path = parsePatchPath(key);
  return path.ok && path.value.valueFilter !== undefined;
}

function valuePathKeys(operation: RawObject): boolean {
  const op = opOf(operation);
  if ((op !== "add" && op !== "replace") || !isPathless(operation)) return false;
  const value = getRaw(operation, "value");
  return isScimObject(value) && Object.keys(value).some(isValuePath);
}

/**
 * Splits a path-less `add` or `replace` whose value has value-path keys into operations applied
 * in the same order: each value-path key becomes an operation with that `path`, and each run of
 * other keys stays a path-less operation. RFC 7644 §3.5.2.1 and §3.5.2.3 give a path-less
 * operation "a set of attributes", and a value path is not an attribute name.
 */
export const entraPathlessValuePaths: Quirk = Object.freeze({
  id: "entra-pathless-value-paths",
  summary:
    'A path-less PATCH value keyed by value paths ({"emails[type eq \\"work\\"].value": …}) becomes one operation per path.',
  source:
    "https://learn.microsoft.com/en-us/entra/identity/app-provisioning/application-provisioning-config-problem-scim-compatibility#flags-to-alter-the-scim-behavior",
  kinds: Object.freeze(["patch"] as const),
  providers: "any",
  matches(request: QuirkRequest): boolean {
    return operationsOf(request.body).some((operation) => isScimObject(operation) && valuePathKeys(operation));
  },
  rewrite(request: QuirkRequest): unknown {
    return rewriteOperations(request.body, (operation) => {
      if (!valuePathKeys(operation)) return operation;
      const base = withoutRaw(withoutRaw(operation, "path"), "value");
      const value = getRaw(operation, "value") as RawObject;
      const split: RawObject[] = [];
      let run: [string, unknown][] = [];
      const flush = () => {
        if (run.length > 0) split.push(withRaw(base, "value", Object.fromEntries(run)));
        run = [];
      };
      for (const [key, item] of Object.entries(value)) {
        if (!isValuePath(key)) {
          run.push([key, item]);
          continue;
        }
        flush();
        split.push(withRaw(withRaw(base, "path", key), "value", item));
      }
      flush();
      return split;
    });
  },
});
