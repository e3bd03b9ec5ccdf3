import { describe, expect, it } from "vitest";
import { serviceProviderConfigDocument } from "./service-provider-config.ts";

const OPTIONS = {
  baseUrl: "https://roster.example.com/scim/v2/acme/Okta",
  maxResults: 200,
  patch: true,
  bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
  filter: true,
  changePassword: false,
  sort: true,
  etag: false,
} as const;

describe("serviceProviderConfigDocument (RFC 7643 §5)", () => {
  it("advertises exactly what it is given", () => {
    expect(serviceProviderConfigDocument(OPTIONS)).toEqual({
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
      patch: { supported: true },
      bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
      filter: { supported: true, maxResults: 200 },
      changePassword: { supported: false },
      sort: { supported: true },
      etag: { supported: false },
      authenticationSchemes: [
        {
          type: "oauthbearertoken",
          name: "OAuth Bearer Token",
          description: "Authentication scheme using the OAuth Bearer Token Standard",
          specUri: "http://www.rfc-editor.org/info/rfc6750",
          primary: true,
        },
      ],
      meta: { resourceType: "ServiceProviderConfig", location: `${OPTIONS.baseUrl}/ServiceProviderConfig` },
    });
  });

  it("adds RFC 9865 pagination when it is given", () => {
    const pagination = {
      cursor: true,
      index: true,
      defaultPaginationMethod: "index",
      defaultPageSize: 200,
      maxPageSize: 200,
      cursorTimeout: 3600,
    } as const;
    const document = serviceProviderConfigDocument({ ...OPTIONS, pagination });
    expect(document["pagination"]).toEqual(pagination);
    expect(serviceProviderConfigDocument(OPTIONS)).not.toHaveProperty("pagination");
  });

  it("adds documentationUri when one is given", () => {
    const document = serviceProviderConfigDocument({ ...OPTIONS, documentationUri: "https://docs.example.com/scim" });
    expect(document["documentationUri"]).toBe("https://docs.example.com/scim");
  });
});
