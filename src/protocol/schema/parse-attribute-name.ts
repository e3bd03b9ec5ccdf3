/** Splits an attribute name in RFC 7644 §3.10 notation (`[urn:…:]name[.sub]`) into its parts. */
import { fail, ok, type Result } from "../errors.ts";
import type { AttrPath } from "../filter/filter-ast.ts";

const NAME = String.raw`(?:\$ref|[A-Za-z][A-Za-z0-9_-]*)`;
const NAME_PATH = new RegExp(`^(${NAME})(?:\\.(${NAME}))?$`);

/**
 * Parses `userName`, `name.givenName` or
 * `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value` (RFC 7644 §3.10;
 * ATTRNAME per §3.4.2.2, plus `$ref`). A schema URN is everything before the last `:`. Names
 * keep their case; resolution happens in `resolveAttribute`. Malformed text → `invalidPath`.
 */
export function parseAttributeName(text: string): Result<AttrPath> {
  const trimmed = text.trim();
  const colon = trimmed.lastIndexOf(":");
  const uri = colon < 0 ? undefined : trimmed.slice(0, colon);
  const match = NAME_PATH.exec(trimmed.slice(colon + 1));
  if (match === null || uri === "") return fail("invalidPath", `"${text}" is not an attribute name`);
  return ok(Object.freeze({ uri, name: match[1] ?? "", subAttr: match[2] }));
}
