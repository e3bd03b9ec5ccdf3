/**
 * The management API's JSON Schemas (typebox): they validate requests, serialize responses and
 * are the OpenAPI document's components, one source for all three (SPEC §9).
 */
import { type TSchema, Type } from "typebox";

const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const timestamp = (description: string) => Type.String({ format: "date-time", description });

/** `{ Provider, Value }`. */
export const ExternalIdSchema = Type.Object(
  { Provider: Type.String(), Value: Type.String() },
  { $id: "ExternalId", description: "An identifier written by one identity provider" },
);

/** SPEC §9 user. */
export const UserSchema = Type.Object(
  {
    Id: Type.String({ description: "Immutable; the email it was created with, else the SCIM userName" }),
    Email: nullable(Type.String()),
    FirstName: nullable(Type.String()),
    LastName: nullable(Type.String()),
    Phone: nullable(Type.String()),
    B2CId: nullable(Type.String({ description: "The SCIM externalId (Entra ID's objectId)" })),
    ExternalIds: Type.Array(Type.Ref("ExternalId")),
    Roles: Type.Array(Type.String(), { description: "Ids of the roles held directly" }),
    RoleSources: Type.Record(Type.String(), Type.String(), {
      description: 'Per direct role: "manual" or "scim:<provider>"',
    }),
    Active: Type.Boolean({ description: "An inactive user holds no roles" }),
    CreatedAt: timestamp("When the user was created"),
    UpdatedAt: timestamp("When the user last changed"),
  },
  { $id: "User" },
);

/** SPEC §9 role. */
export const RoleSchema = Type.Object(
  {
    Id: Type.String({ description: "Immutable; the display name it was created with, normalized" }),
    DisplayName: Type.String(),
    ExternalIds: Type.Array(Type.Ref("ExternalId")),
    RoleType: Type.String({ description: '"Group" for roles created through SCIM, "Role" for roles made by hand' }),
    Roles: Type.Array(Type.String(), { description: "Ids of the roles it contains directly" }),
    CreatedAt: timestamp("When the role was created"),
    UpdatedAt: timestamp("When the role last changed"),
  },
  { $id: "Role" },
);

/** SPEC §9 tenant. */
export const TenantSchema = Type.Object(
  {
    Id: Type.String(),
    Settings: Type.Record(Type.String(), nullable(Type.String()), {
      description: "Every known setting with the value in force (stored, else default); null where none",
    }),
    Paused: Type.Boolean({ description: "SCIM writes answer 503 while paused" }),
    RetryAfterSeconds: nullable(Type.Integer({ description: "The Retry-After of paused SCIM writes" })),
    PausedAt: nullable(timestamp("When the pause began")),
    CreatedAt: timestamp("When the tenant was created"),
  },
  { $id: "Tenant" },
);

/** SPEC §9 admin key, without its secret. */
export const AdminKeySchema = Type.Object(
  {
    Id: Type.String(),
    Name: Type.String(),
    Tenant: nullable(Type.String({ description: "The one tenant a scoped key sees; null for a global key" })),
    ReadOnly: Type.Boolean(),
    CreatedAt: timestamp("When the key was made"),
    LastUsedAt: nullable(timestamp("Last use, recorded at most once a minute per instance")),
  },
  { $id: "AdminKey" },
);

/** An admin key just made, with its secret (shown this once). */
export const CreatedAdminKeySchema = Type.Object(
  {
    Id: Type.String(),
    Name: Type.String(),
    Tenant: nullable(Type.String()),
    ReadOnly: Type.Boolean(),
    CreatedAt: timestamp("When the key was made"),
    LastUsedAt: nullable(Type.String()),
    Key: Type.String({ description: "The key itself: shown in this answer only" }),
  },
  { $id: "CreatedAdminKey" },
);

/** SPEC §9 SCIM token, as its hash. */
export const ScimTokenSchema = Type.Object(
  {
    Id: Type.String(),
    Hash: Type.String({ description: "SHA-512 of the token, 128 upper-case hex digits" }),
    CreatedAt: timestamp("When the token was added"),
    ExpiresAt: nullable(timestamp("When the token stops opening SCIM")),
    LastUsedAt: nullable(timestamp("Last use, recorded at most once a minute per instance")),
  },
  { $id: "ScimToken" },
);

/** A SCIM token just added; `Token` when Roster generated it (shown this once). */
export const AddedScimTokenSchema = Type.Object(
  {
    Id: Type.String(),
    Hash: Type.String(),
    CreatedAt: Type.String(),
    ExpiresAt: nullable(Type.String()),
    LastUsedAt: nullable(Type.String()),
    Token: Type.Optional(Type.String({ description: "The bearer token: in this answer only, when generated" })),
  },
  { $id: "AddedScimToken" },
);

/** SPEC §9 access answer. */
export const AccessSchema = Type.Object(
  {
    Active: Type.Boolean(),
    Direct: Type.Array(Type.String(), { description: "Roles held directly (none when inactive)" }),
    Indirect: Type.Array(Type.String(), {
      description: "Roles held through nesting, at any depth (none when inactive)",
    }),
  },
  { $id: "Access" },
);

/** A holder of a role. */
export const MemberSchema = Type.Object(
  {
    Id: Type.String(),
    Email: nullable(Type.String()),
    Direct: Type.Boolean({ description: "False when held only through a role that contains it" }),
  },
  { $id: "Member" },
);

const Tally = Type.Object({
  Count: Type.Integer({ minimum: 0 }),
  First: Type.Array(Type.String(), { description: "The Ids of the first few (at most 5)" }),
});
const KindOutcome = Type.Object({ Created: Tally, Changed: Tally, Unchanged: Tally });

/** SPEC §12: what an import did, or (DryRun) would do. */
export const ImportReportSchema = Type.Object(
  {
    Tenant: Type.String({ description: "The tenant imported into" }),
    DryRun: Type.Boolean({ description: "True when nothing was written" }),
    Merge: Type.Boolean(),
    Source: Type.Object({
      Tenant: Type.String({ description: "The tenant the document was exported from" }),
      ExportedAt: timestamp("When the document was exported"),
    }),
    Roles: KindOutcome,
    Users: KindOutcome,
  },
  { $id: "ImportReport" },
);

/** SPEC §12: the migration audit. */
export const AuditReportSchema = Type.Object(
  {
    Tenant: Type.String(),
    ManualRoles: Type.String({ description: "The rule in force: replace (SCIM drops hand grants) or keep" }),
    ManualRolesToDrop: Type.Array(
      Type.Object({
        UserId: Type.String(),
        Roles: Type.Array(Type.String(), { description: "The roles granted by hand that SCIM will drop" }),
        Providers: Type.Array(Type.String(), {
          description: "The providers linking the user; none yet: not provisioned",
        }),
        When: Type.String({
          description:
            "next-write: at the provider's next write of the user; after-first-sync: once a provider has adopted it",
        }),
      }),
      { description: "Empty when ManualRoles is keep" },
    ),
    UnadoptedRoles: Type.Array(
      Type.Object({
        RoleId: Type.String(),
        DisplayName: Type.String(),
        NearMatches: Type.Array(Type.String(), { description: "SCIM roles whose names nearly match" }),
      }),
      { description: "Hand-made roles no SCIM group adopted" },
    ),
    UnlinkedUsers: Type.Array(Type.String(), { description: "Users no identity provider has linked" }),
    MultiProvider: Type.Array(
      Type.Object({ Kind: Type.String(), Id: Type.String(), Providers: Type.Array(Type.String()) }),
      { description: "Roles and users linked by more than one provider" },
    ),
    Counts: Type.Object(
      {
        ManualRolesToDrop: Type.Integer(),
        UnadoptedRoles: Type.Integer(),
        UnlinkedUsers: Type.Integer(),
        MultiProvider: Type.Integer(),
      },
      { description: "How many of each finding in all; the lists stop at Limit" },
    ),
    Limit: Type.Integer(),
  },
  { $id: "AuditReport" },
);

/** SPEC §11 provisioning log row. */
export const LogEntrySchema = Type.Object(
  {
    Id: Type.String(),
    At: timestamp("When the request arrived"),
    Provider: Type.String({ description: "The provider segment of the SCIM URL" }),
    Method: Type.String(),
    Path: Type.String({ description: "Below the tenant's SCIM base, without the query string" }),
    Status: Type.Integer(),
    ScimType: nullable(Type.String()),
    ResourceType: nullable(Type.String({ description: "User or Group" })),
    ResourceId: nullable(Type.String()),
    Outcome: Type.String({
      description: "created, adopted, updated, unchanged, deleted, rejected, unauthorized, paused or read",
    }),
    Changes: Type.Array(Type.String(), {
      description: 'Attribute paths and member counts changed ("members+3"), never values',
    }),
    DurationMs: Type.Number(),
    RequestId: Type.String({ description: "The X-Request-Id of the request" }),
  },
  { $id: "LogEntry" },
);

/** SPEC §11 event envelope. */
export const EventSchema = Type.Object(
  {
    Id: Type.String({ description: "Decimal digits; grows in commit order per tenant" }),
    Type: Type.String(),
    OccurredAt: timestamp("When the change committed"),
    Tenant: Type.String(),
    Actor: Type.String({ description: "scim:<provider>, admin:<key id> or cli" }),
    Data: Type.Record(Type.String(), Type.Unknown(), { description: "The type's payload (docs/events.md)" }),
  },
  { $id: "Event" },
);

/** A webhook endpoint, without its secret. */
export const WebhookSchema = Type.Object(
  {
    Id: Type.String(),
    Url: Type.String(),
    Events: nullable(Type.Array(Type.String(), { description: "Event types delivered; null for every type" })),
    Enabled: Type.Boolean(),
    DisabledReason: nullable(Type.String({ description: "Why Roster disabled it (retries spent)" })),
    DisabledAt: nullable(Type.String()),
    LastEventId: Type.String({ description: "The last event Id delivered or passed over" }),
    FailedAttempts: Type.Integer({ description: "Failed attempts in a row at the next event" }),
    NextAttemptAt: nullable(Type.String({ description: "When the next try is due while failing" })),
    CreatedAt: timestamp("When the endpoint was added"),
    UpdatedAt: timestamp("When it last changed"),
  },
  { $id: "Webhook" },
);

/** A webhook endpoint just added, with its signing secret (shown this once). */
export const CreatedWebhookSchema = Type.Object(
  {
    Id: Type.String(),
    Url: Type.String(),
    Events: nullable(Type.Array(Type.String())),
    Enabled: Type.Boolean(),
    DisabledReason: nullable(Type.String()),
    DisabledAt: nullable(Type.String()),
    LastEventId: Type.String(),
    FailedAttempts: Type.Integer(),
    NextAttemptAt: nullable(Type.String()),
    CreatedAt: Type.String(),
    UpdatedAt: Type.String(),
    Secret: Type.String({ description: "whsec_…: the Standard Webhooks signing secret, in this answer only" }),
  },
  { $id: "CreatedWebhook" },
);

/** One delivery (an event or a test to one endpoint) with its attempts. */
export const DeliverySchema = Type.Object(
  {
    Id: Type.String({ description: "The event Id, or test_… for a test" }),
    EventId: nullable(Type.String()),
    EventType: Type.String(),
    State: Type.String({ description: "pending (being retried), delivered or failed (given up)" }),
    CreatedAt: timestamp("The first attempt"),
    UpdatedAt: timestamp("The last attempt"),
    Attempts: Type.Array(
      Type.Object({
        At: Type.String(),
        Status: nullable(Type.Integer({ description: "The HTTP status answered; null when none came" })),
        DurationMs: Type.Number(),
        Error: nullable(Type.String()),
      }),
    ),
  },
  { $id: "Delivery" },
);

/** RFC 9457 problem details, with `errors` naming each bad input. */
export const ProblemSchema = Type.Object(
  {
    type: Type.String({ description: "A URN naming the kind of problem, e.g. urn:roster:problem:not-found" }),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    errors: Type.Optional(
      Type.Array(
        Type.Object({
          field: Type.String({ description: "The input: a body field (Settings.ScimEnabled), a parameter, or body" }),
          detail: Type.String(),
        }),
      ),
    ),
  },
  { $id: "Problem" },
);

/** Every shared schema, registered once with fastify so that routes and the OpenAPI document refer to them. */
export const SHARED_SCHEMAS: readonly TSchema[] = [
  ExternalIdSchema,
  UserSchema,
  RoleSchema,
  TenantSchema,
  AdminKeySchema,
  CreatedAdminKeySchema,
  ScimTokenSchema,
  AddedScimTokenSchema,
  AccessSchema,
  MemberSchema,
  ImportReportSchema,
  AuditReportSchema,
  LogEntrySchema,
  EventSchema,
  WebhookSchema,
  CreatedWebhookSchema,
  DeliverySchema,
  ProblemSchema,
];

/** `{ Items, Next }` of `item` (a shared schema's `$id`). */
export function pageSchema(id: string) {
  return Type.Object({
    Items: Type.Array(Type.Ref(id)),
    Next: nullable(Type.String({ description: "Opaque cursor of the next page; null on the last page" })),
  });
}

/** `limit` and `cursor` of every list. */
export const PAGE_QUERY = {
  limit: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 1000, default: 100, description: "Items per page (1-1000)" }),
  ),
  cursor: Type.Optional(
    Type.String({ minLength: 1, maxLength: 2048, description: "The Next of the previous page; absent for the first" }),
  ),
};

/** A tenant Id in a path. */
export const TenantIdParam = Type.String({ pattern: "^[A-Za-z0-9._-]{1,64}$", description: "The tenant's Id" });
/** A user Id in a path (percent-encoded: user Ids are emails). */
export const UserIdParam = Type.String({
  minLength: 1,
  maxLength: 2048,
  description: "The user's Id, percent-encoded",
});
/** A role Id in a path. */
export const RoleIdParam = Type.String({
  minLength: 1,
  maxLength: 1024,
  description: "The role's Id, percent-encoded",
});

/** A reference to a shared schema. */
export const ref = (id: string) => Type.Ref(id);

/** The error answers a route documents besides its success. */
export function problems(...statuses: readonly number[]): Record<number, ReturnType<typeof ref>> {
  return Object.fromEntries(statuses.map((status) => [status, ref("Problem")]));
}
