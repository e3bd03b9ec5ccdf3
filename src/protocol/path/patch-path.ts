/** The parse tree of a PATCH `path` (RFC 7644 §3.5.2): `attrPath` or `valuePath[.subAttr]`. */
import type { Filter } from "../filter/filter-ast.ts";

/**
 * `name.givenName` → { name: "name", subAttr: "givenName" };
 * `emails[type eq "work"].value` → { name: "emails", valueFilter, subAttr: "value" };
 * `urn:…:enterprise:2.0:User:manager` → { uri: "urn:…:enterprise:2.0:User", name: "manager" }.
 * A path that is only a schema URN (`urn:…:enterprise:2.0:User`) has `name` = "" and targets
 * the extension object as a whole.
 */
export interface PatchPath {
  readonly uri: string | undefined;
  readonly name: string;
  readonly valueFilter: Filter | undefined;
  readonly subAttr: string | undefined;
}
