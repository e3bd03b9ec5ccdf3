/** Writes a `PatchPath` back as RFC 7644 §3.5.2 PATH text. */
import { formatAttrPath, formatFilter } from "../filter/format-filter.ts";
import type { PatchPath } from "./patch-path.ts";

/**
 * Formats a PATCH path (RFC 7644 §3.5.2) so that `parsePatchPath` gives it back: a bare schema
 * URN, `attrPath`, or `valuePath [subAttr]`. For logging and round-trip tests.
 */
export function formatPatchPath(path: PatchPath): string {
  if (path.name === "") return path.uri ?? "";
  if (path.valueFilter === undefined) return formatAttrPath(path);
  const base = formatAttrPath({ uri: path.uri, name: path.name, subAttr: undefined });
  const suffix = path.subAttr === undefined ? "" : `.${path.subAttr}`;
  return `${base}[${formatFilter(path.valueFilter)}]${suffix}`;
}
