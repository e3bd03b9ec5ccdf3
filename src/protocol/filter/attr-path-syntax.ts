/** The RFC 7644 §3.4.2.2 `attrPath` rule: `[URI ":"] ATTRNAME *1subAttr`, read from a cursor. */
import { URN } from "../resource/scim-object.ts";
import type { AttrPath } from "./filter-ast.ts";
import type { SyntaxCursor } from "./syntax-cursor.ts";

const PATH_CHAR = /^[A-Za-z0-9_\-.:$]$/;
const ATTR_NAME = /^(?:[A-Za-z][A-Za-z0-9_-]*|\$ref)$/;
const URI_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*$/;
const VERSION_SEGMENT = /^\d+(?:\.\d+)*$/;
const FORBIDDEN = new Set(["__proto__", "constructor", "prototype"]);
const KNOWN_SCHEMAS = new Set([URN.user, URN.group, URN.enterpriseUser].map((urn) => urn.toLowerCase()));

/** True for an RFC 7644 §3.4.2.2 ATTRNAME (`ALPHA *(nameChar)`), or `$ref` (RFC 7643 §2.3.7). */
export function isAttrName(text: string): boolean {
  return ATTR_NAME.test(text);
}

/**
 * True for names that would reach `Object.prototype` if used as keys (`__proto__`,
 * `constructor`, `prototype`, any case). No SCIM schema defines them; parsers refuse them.
 */
export function isForbiddenName(text: string): boolean {
  return FORBIDDEN.has(text.toLowerCase());
}

/**
 * True when `text` names a whole schema rather than an attribute of one: a schema URN Roster
 * serves, or any URI whose last segment is a version number preceded by another segment
 * (`urn:…:2.0:User`), since SCIM schema URNs end in `<version>:<resource>`
 * and no attribute is named after a resource type directly after a version.
 */
export function isSchemaUri(text: string): boolean {
  if (KNOWN_SCHEMAS.has(text.toLowerCase())) return true;
  const segments = text.split(":");
  const version = segments[segments.length - 2];
  return segments.length >= 3 && version !== undefined && VERSION_SEGMENT.test(version) && isUri(text);
}

function isUri(text: string): boolean {
  const segments = text.split(":");
  return segments.length >= 2 && URI_SCHEME.test(segments[0]!) && segments.every((segment) => segment.length > 0);
}

/** Options for `readAttrPath`. */
export interface ReadAttrPathOptions {
  /** Accept a path that is only a schema URN (RFC 7644 §3.5.2 PATCH paths), giving `name` "". */
  readonly allowSchemaUri: boolean;
}

/**
 * Reads an RFC 7644 §3.4.2.2 `attrPath` at the cursor. The URI is everything up to the last
 * colon (`urn:…:enterprise:2.0:User:manager.value` → URI `urn:…:enterprise:2.0:User`, name
 * `manager`, subAttr `value`); names keep their case. Fails on a malformed or forbidden name.
 */
export function readAttrPath(cursor: SyntaxCursor, options: ReadAttrPathOptions): AttrPath {
  const start = cursor.pos;
  const run = cursor.takeWhile((char) => PATH_CHAR.test(char));
  if (run === "") cursor.fail("an attribute path", start);
  if (options.allowSchemaUri && isSchemaUri(run)) {
    assertAllowed(cursor, run.split(":"), start);
    return Object.freeze({ uri: run, name: "", subAttr: undefined });
  }
  const colon = run.lastIndexOf(":");
  const uri = colon < 0 ? undefined : run.slice(0, colon);
  if (uri !== undefined && !isUri(uri)) cursor.fail("a schema URI", start);
  const rest = run.slice(colon + 1);
  const dot = rest.indexOf(".");
  const name = dot < 0 ? rest : rest.slice(0, dot);
  const subAttr = dot < 0 ? undefined : rest.slice(dot + 1);
  const nameAt = start + colon + 1;
  assertAllowed(cursor, [...(uri?.split(":") ?? []), name, subAttr ?? ""], start);
  if (!isAttrName(name)) cursor.fail("an attribute name", nameAt);
  if (subAttr !== undefined && !isAttrName(subAttr)) cursor.fail("a sub-attribute name", nameAt + dot + 1);
  return Object.freeze({ uri, name, subAttr });
}

function assertAllowed(cursor: SyntaxCursor, segments: readonly string[], at: number): void {
  const forbidden = segments.find(isForbiddenName);
  if (forbidden !== undefined) cursor.failWith(`"${forbidden}" is not allowed in an attribute path`, at);
}
