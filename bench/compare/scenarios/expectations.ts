/**
 * What a response must be for a request to count as answered: the status, and for reads that
 * the right resources came back (the filter matched the expected user, the page starts where it
 * must). A server that answers fast but wrong is caught here, not flattered.
 */

/** What one planned request expects. */
export type Expectation =
  | { readonly kind: "resource"; readonly id: string; readonly members?: number }
  | { readonly kind: "matches"; readonly ids: readonly string[] }
  | {
      readonly kind: "page";
      readonly total: number;
      readonly firstId?: string;
      readonly firstUserName?: string;
      readonly length: number;
      readonly sorted?: "ascending" | "descending";
    }
  | { readonly kind: "count"; readonly total: number }
  | { readonly kind: "created"; readonly userName: string }
  | { readonly kind: "status"; readonly statuses: readonly number[] };

type Json = Record<string, unknown>;

function parse(body: string): Json | undefined {
  try {
    const value: unknown = JSON.parse(body);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
  } catch {
    return undefined;
  }
}

function resources(body: Json): Json[] {
  return Array.isArray(body["Resources"]) ? (body["Resources"] as Json[]) : [];
}

function shortBody(body: string): string {
  return body.length > 160 ? `${body.slice(0, 160)}…` : body;
}

/** Checks one response against its expectation: undefined when it is right, else what is wrong. */
export function checkResponse(expect: Expectation, status: number, text: string): string | undefined {
  if (expect.kind === "status") {
    return expect.statuses.includes(status)
      ? undefined
      : `status ${status}, expected ${expect.statuses.join("/")}: ${shortBody(text)}`;
  }
  const wanted = expect.kind === "created" ? 201 : 200;
  if (status !== wanted) return `status ${status}, expected ${wanted}: ${shortBody(text)}`;
  const body = parse(text);
  if (!body) return `body is not a JSON object: ${shortBody(text)}`;
  switch (expect.kind) {
    case "resource": {
      if (body["id"] !== expect.id) return `id ${JSON.stringify(body["id"])}, expected ${expect.id}`;
      const members = Array.isArray(body["members"]) ? body["members"].length : 0;
      if (expect.members !== undefined && members !== expect.members) {
        return `${members} members, expected ${expect.members}`;
      }
      return undefined;
    }
    case "created":
      return body["userName"] === expect.userName && typeof body["id"] === "string"
        ? undefined
        : `created userName ${JSON.stringify(body["userName"])}, expected ${expect.userName}`;
    case "count": {
      if (body["totalResults"] !== expect.total)
        return `totalResults ${body["totalResults"]}, expected ${expect.total}`;
      return resources(body).length === 0 ? undefined : `count=0 returned ${resources(body).length} resources`;
    }
    case "matches": {
      const got = resources(body).map((r) => String(r["id"]));
      const want = [...expect.ids].sort();
      if (body["totalResults"] !== want.length) {
        return `totalResults ${body["totalResults"]}, expected ${want.length} (${want.join(", ")})`;
      }
      const same = got.length === want.length && [...got].sort().every((id, k) => id === want[k]);
      return same ? undefined : `matched ${got.join(", ") || "nothing"}, expected ${want.join(", ")}`;
    }
    case "page": {
      const page = resources(body);
      if (body["totalResults"] !== expect.total)
        return `totalResults ${body["totalResults"]}, expected ${expect.total}`;
      if (page.length !== expect.length) return `page of ${page.length}, expected ${expect.length}`;
      if (expect.firstId !== undefined && page[0]?.["id"] !== expect.firstId) {
        return `page starts at ${JSON.stringify(page[0]?.["id"])}, expected ${expect.firstId}`;
      }
      if (expect.firstUserName !== undefined && page[0]?.["userName"] !== expect.firstUserName) {
        return `page starts at userName ${JSON.stringify(page[0]?.["userName"])}, expected ${expect.firstUserName}`;
      }
      if (expect.sorted !== undefined) {
        const names = page.map((r) => String(r["userName"]).toLowerCase());
        const ascending = expect.sorted === "ascending";
        const bad = names.findIndex((name, k) => k > 0 && (ascending ? name < names[k - 1]! : name > names[k - 1]!));
        if (bad > 0) return `not sorted ${expect.sorted} by userName at ${names[bad - 1]}, ${names[bad]}`;
      }
      return undefined;
    }
  }
}
