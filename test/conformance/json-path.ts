/** Reads a value out of a response body by a small path language: `Resources[0].id`, `["urn:…:User"].manager`. */

type Segment = string | number;

/** Splits `a.b[0]["c.d"]` into `["a", "b", 0, "c.d"]`; throws on a malformed path. */
export function parsePath(path: string): Segment[] {
  const segments: Segment[] = [];
  let rest = path;
  while (rest.length > 0) {
    const quoted = /^\["((?:[^"\\]|\\.)*)"\]/.exec(rest);
    const index = /^\[(\d+)\]/.exec(rest);
    const name = /^\.?([^.[\]]+)/.exec(rest);
    if (quoted?.[1] !== undefined) {
      segments.push(JSON.parse(`"${quoted[1]}"`) as string);
      rest = rest.slice(quoted[0].length);
    } else if (index?.[1] !== undefined) {
      segments.push(Number(index[1]));
      rest = rest.slice(index[0].length);
    } else if (name?.[1] !== undefined) {
      segments.push(name[1]);
      rest = rest.slice(name[0].length);
    } else {
      throw new Error(`malformed path ${JSON.stringify(path)}`);
    }
    if (rest.startsWith(".") && (rest.startsWith(".[") || rest === ".")) throw new Error(`malformed path ${path}`);
  }
  return segments;
}

/** The value at `path` in `value`, or undefined when any step is missing. */
export function readPath(value: unknown, path: string): unknown {
  let current = value;
  for (const segment of parsePath(path)) {
    if (typeof segment === "number") {
      current = Array.isArray(current) ? current[segment] : undefined;
    } else if (current !== null && typeof current === "object" && !Array.isArray(current)) {
      current = (current as Record<string, unknown>)[segment];
    } else {
      return undefined;
    }
  }
  return current;
}
