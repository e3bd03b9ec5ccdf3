/**
 * A minimal SCIM client over `fetch`: the checker sees the server only through HTTP.
 * Every exchange is kept (method, URL, body, status, response) so that a failed assertion can show
 * the request that produced it.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface ScimResponse {
  readonly method: string;
  readonly url: string;
  readonly requestBody: unknown;
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The parsed JSON body, or undefined when there is none or it is not JSON. */
  readonly body: Json | undefined;
}

export interface RequestOptions {
  readonly body?: unknown;
  /** Sent as is (a string body is not JSON-encoded). */
  readonly rawBody?: string;
  readonly query?: Record<string, string | number | undefined>;
  readonly headers?: Record<string, string | null>;
}

export const MEDIA_TYPE = "application/scim+json";
export const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
export const LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
export const ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

export class ScimClient {
  constructor(
    readonly baseUrl: string,
    private readonly token: string,
  ) {}

  /** `path` is relative to the base URL (`/Users?x=y`) or an absolute URL (a `meta.location`). */
  url(path: string, query?: RequestOptions["query"]): string {
    const url = new URL(/^https?:\/\//.test(path) ? path : this.baseUrl + path);
    for (const [name, value] of Object.entries(query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    return url.toString();
  }

  async request(method: string, path: string, options: RequestOptions = {}): Promise<ScimResponse> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}`, accept: MEDIA_TYPE };
    const payload =
      options.rawBody !== undefined
        ? options.rawBody
        : options.body === undefined
          ? undefined
          : JSON.stringify(options.body);
    if (payload !== undefined) headers["content-type"] = MEDIA_TYPE;
    for (const [name, value] of Object.entries(options.headers ?? {})) {
      if (value === null) delete headers[name.toLowerCase()];
      else headers[name.toLowerCase()] = value;
    }
    const url = this.url(path, options.query);
    const response = await fetch(url, { method, headers, body: payload });
    const text = await response.text();
    let body: Json | undefined;
    try {
      body = text === "" ? undefined : (JSON.parse(text) as Json);
    } catch {
      body = undefined;
    }
    return {
      method,
      url,
      requestBody: options.rawBody ?? options.body,
      status: response.status,
      headers: response.headers,
      text,
      body,
    };
  }

  get(path: string, query?: RequestOptions["query"], headers?: RequestOptions["headers"]): Promise<ScimResponse> {
    return this.request("GET", path, { query, headers });
  }
  post(path: string, body: unknown, query?: RequestOptions["query"]): Promise<ScimResponse> {
    return this.request("POST", path, { body, query });
  }
  put(path: string, body: unknown, query?: RequestOptions["query"]): Promise<ScimResponse> {
    return this.request("PUT", path, { body, query });
  }
  patch(path: string, operations: readonly unknown[], query?: RequestOptions["query"]): Promise<ScimResponse> {
    return this.request("PATCH", path, { body: { schemas: [PATCH_OP], Operations: operations }, query });
  }
  delete(path: string): Promise<ScimResponse> {
    return this.request("DELETE", path);
  }
}

/** One line per exchange, for assertion messages. */
export function describeExchange(response: ScimResponse): string {
  const sent = response.requestBody === undefined ? "" : ` ${truncate(JSON.stringify(response.requestBody), 1500)}`;
  return `${response.method} ${response.url}${sent}\n  → ${response.status} ${truncate(response.text, 2500)}`;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…(${text.length - max} more)`;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
