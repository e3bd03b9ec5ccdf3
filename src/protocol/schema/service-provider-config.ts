/** The `/ServiceProviderConfig` document of RFC 7643 §5 and RFC 7644 §4. */
import { type ScimObject, URN } from "../resource/scim-object.ts";

/** What the server supports; the HTTP edge passes what it actually implements. */
export interface ServiceProviderConfigOptions {
  /** The SCIM base URL of the tenant and provider, without a trailing slash. */
  readonly baseUrl: string;
  /** The largest page a list returns (`count` is capped to it). */
  readonly maxResults: number;
  readonly documentationUri?: string;
  readonly patch: boolean;
  readonly bulk: { readonly supported: boolean; readonly maxOperations: number; readonly maxPayloadSize: number };
  readonly filter: boolean;
  readonly changePassword: false;
  readonly sort: boolean;
  readonly etag: boolean;
  /** RFC 9865 §4 `pagination`, when the server advertises it. */
  readonly pagination?: PaginationOptions;
}

/** RFC 9865 §4: the pagination methods, defaults and limits of a server. */
export interface PaginationOptions {
  readonly cursor: boolean;
  readonly index: boolean;
  readonly defaultPaginationMethod: "cursor" | "index";
  readonly defaultPageSize: number;
  readonly maxPageSize: number;
  /** Seconds a cursor is guaranteed to stay valid. */
  readonly cursorTimeout: number;
}

/**
 * The RFC 7643 §5 ServiceProviderConfig: one `supported` flag per feature, `filter.maxResults`,
 * the `bulk` limits, RFC 9865 `pagination` when given, and a single authentication scheme, the OAuth bearer token of RFC 6750
 * (`primary` true), which is how Roster authenticates (SPEC §2). `meta` carries
 * `resourceType` and `location`.
 */
export function serviceProviderConfigDocument(options: ServiceProviderConfigOptions): ScimObject {
  const documentationUri: ScimObject =
    options.documentationUri === undefined ? {} : { documentationUri: options.documentationUri };
  return {
    schemas: [URN.serviceProviderConfig],
    ...documentationUri,
    patch: { supported: options.patch },
    bulk: {
      supported: options.bulk.supported,
      maxOperations: options.bulk.maxOperations,
      maxPayloadSize: options.bulk.maxPayloadSize,
    },
    filter: { supported: options.filter, maxResults: options.maxResults },
    changePassword: { supported: options.changePassword },
    sort: { supported: options.sort },
    etag: { supported: options.etag },
    ...(options.pagination === undefined ? {} : { pagination: { ...options.pagination } }),
    authenticationSchemes: [
      {
        type: "oauthbearertoken",
        name: "OAuth Bearer Token",
        description: "Authentication scheme using the OAuth Bearer Token Standard",
        specUri: "http://www.rfc-editor.org/info/rfc6750",
        ...documentationUri,
        primary: true,
      },
    ],
    meta: { resourceType: "ServiceProviderConfig", location: `${options.baseUrl}/ServiceProviderConfig` },
  };
}
