/** The storage ports the domain needs; every call takes the tenant first. */
import type { ResolvedFilter } from "../protocol/filter/resolved-filter.ts";
import type { IndexEntry } from "../protocol/resource/index-entries.ts";
import type { ResolvedAttribute } from "../protocol/schema/schema-types.ts";
import type {
  AdminKeyRecord,
  ConsoleSessionRecord,
  ExternalId,
  NestingEdge,
  ReachedRole,
  RoleAssignment,
  RoleRecord,
  RoleRef,
  ScimTokenRecord,
  TenantPause,
  TenantRecord,
  UserAccess,
  UserRecord,
} from "./model.ts";
import type { EventStore, ProvisioningLogStore, WebhookStore } from "./outbox-ports.ts";

/** What a list asks for; paging is 0-based here (`offset`), `limit` 0 asks for the total only. */
export interface ListQuery {
  readonly filter: ResolvedFilter | undefined;
  /** The provider whose view `userName` and `externalId` filters and sorting use (SPEC §4). */
  readonly provider: string;
  readonly sortBy: ResolvedAttribute | undefined;
  readonly sortOrder: "ascending" | "descending";
  readonly offset: number;
  readonly limit: number;
}

/** One page of a list and the number of matches in all. */
export interface Page<T> {
  readonly total: number;
  readonly items: readonly T[];
}

/** A resource's place in the stable order of unsorted lists: creation time, then Id. */
export interface ResourceKey {
  readonly createdAt: string;
  readonly id: string;
}

/**
 * A keyset read (RFC 9865 cursors) over the stable order (createdAt, Id): the first `limit`
 * matches strictly after `after`, or the last `limit` strictly before `before` (at most one of
 * the two; neither reads from the start).
 */
export interface SeekQuery {
  readonly filter: ResolvedFilter | undefined;
  readonly provider: string;
  readonly after?: ResourceKey | undefined;
  readonly before?: ResourceKey | undefined;
  readonly limit: number;
}

/** A keyset page in ascending order; `more` when further matches lie beyond it in the direction read. */
export interface SeekPage<T> {
  readonly items: readonly T[];
  readonly more: boolean;
}

/** A user member of a role, with the text SCIM shows as its `display`. */
export interface MemberRef {
  readonly id: string;
  readonly display: string;
}

/** How a read inside a write transaction treats the row it reads. */
export interface ReadOptions {
  readonly forUpdate?: boolean;
}

/** Tenants and their settings. */
export interface TenantStore {
  /** Creates a tenant; throws RosterError `conflict` when it exists. */
  create(tenantId: string, createdAt: string): Promise<void>;
  get(tenantId: string): Promise<TenantRecord | undefined>;
  list(): Promise<readonly TenantRecord[]>;
  /** Sets a setting, or removes it when `value` is null. */
  setSetting(tenantId: string, name: string, value: string | null): Promise<void>;
  /** Tenants in creation order (then Id), after `query.after`. */
  page(query: KeysetQuery): Promise<SeekPage<TenantRecord>>;
  /** Pauses SCIM writes, or resumes them when `pause` is null. */
  setPause(tenantId: string, pause: TenantPause | null): Promise<void>;
  /**
   * Bumps the tenant's version after a change; with `expectedVersion`, only from that version,
   * else RosterError `conflict`.
   */
  touch(tenantId: string, expectedVersion?: number): Promise<void>;
  /** Deletes the tenant and everything it holds; false when there was none. */
  delete(tenantId: string): Promise<boolean>;
}

/** Where a keyset page starts: right after `after` in the list's stable order (creation time, then Id). */
export interface KeysetQuery {
  readonly after?: ResourceKey | undefined;
  readonly limit: number;
}

/**
 * The management API's user list (SPEC §9): keyset pages in creation order, narrowed by
 * index-backed filters that all must hold.
 */
export interface UserPageQuery extends KeysetQuery {
  /** Case-insensitive prefix of an email, first, last, formatted or display name. */
  readonly q?: string | undefined;
  /** Users holding this role directly. */
  readonly roleId?: string | undefined;
  readonly active?: boolean | undefined;
  /** Users linked to this identity provider (compared case-insensitively). */
  readonly provider?: string | undefined;
}

/** A page of a role's holders, ordered by user Id, after `afterUserId`. */
export interface MemberPageQuery {
  readonly afterUserId?: string | undefined;
  readonly limit: number;
  /** Also users who hold the role only through a role that contains it, at any depth. */
  readonly indirect: boolean;
}

/** A user holding a role, and whether it holds it directly. */
export interface RoleHolder {
  readonly id: string;
  readonly email: string | null;
  readonly direct: boolean;
}

/** The management API's keys (SPEC §9); global objects, some scoped to one tenant. */
export interface AdminKeyStore {
  /** Stores a key with the SHA-256 hex of its secret; throws RosterError `uniqueness` on a taken id or hash. */
  insert(key: AdminKeyRecord, keyHash: string): Promise<void>;
  get(id: string): Promise<AdminKeyRecord | undefined>;
  /** Keys in creation order (then Id), after `query.after`. */
  page(query: KeysetQuery): Promise<SeekPage<AdminKeyRecord>>;
  /** The key whose secret hashes to `keyHash`, with the stored hash: one indexed lookup. */
  findByHash(keyHash: string): Promise<{ readonly key: AdminKeyRecord; readonly keyHash: string } | undefined>;
  /** Deletes a key; false when there was none. */
  delete(id: string): Promise<boolean>;
  markUsed(id: string, at: string): Promise<void>;
}

/** The web console's sessions (SPEC §13): global, like the admin keys they are opened with. */
export interface ConsoleSessionStore {
  insert(session: ConsoleSessionRecord): Promise<void>;
  /**
   * The session stored under `id` (the hash of its secret) and, in the same query, the admin
   * key it was opened with: `key` undefined when that key no longer exists (revoked).
   */
  find(
    id: string,
  ): Promise<{ readonly session: ConsoleSessionRecord; readonly key: AdminKeyRecord | undefined } | undefined>;
  /** Records a request of the session: its new last-seen time and expiry. */
  touch(id: string, lastSeenAt: string, expiresAt: string): Promise<void>;
  /** Ends a session; false when there was none. */
  delete(id: string): Promise<boolean>;
  /** Removes every session that expired before `now` (an index range); answers how many. */
  deleteExpired(now: string): Promise<number>;
}

/** A tenant's SCIM bearer tokens (SPEC §9 token rotation). */
export interface ScimTokenStore {
  /** Stores a token; throws RosterError `uniqueness` when the tenant already has this hash. */
  insert(tenantId: string, token: ScimTokenRecord): Promise<void>;
  /** Tokens in creation order (then Id), after `query.after`. */
  page(tenantId: string, query: KeysetQuery): Promise<SeekPage<ScimTokenRecord>>;
  /** The token with this (upper-case hex) hash: one indexed lookup. */
  findByHash(tenantId: string, hash: string): Promise<ScimTokenRecord | undefined>;
  /** Deletes a token; false when there was none. */
  delete(tenantId: string, id: string): Promise<boolean>;
  markUsed(tenantId: string, id: string, at: string): Promise<void>;
}

/**
 * What a user holds, raw, for change events: `active`, its direct roles with their source
 * (`manual` or `scim:<provider>`, held whatever `active` is) and the roles those contain at any
 * depth that it does not hold directly.
 */
export interface AccessSnapshot {
  readonly active: boolean;
  readonly direct: ReadonlyMap<string, string>;
  readonly indirect: ReadonlySet<string>;
}

/** What a create looks up before it writes (SPEC §4), in `UserStore.createMatches`. */
export interface CreateLookup {
  readonly provider: string;
  readonly userName: string;
  readonly email: string | null;
  readonly b2cId: string | null;
  /** The Id the new user would take. */
  readonly id: string;
}

/** What `createMatches` found. */
export interface CreateMatches {
  /** A user holds `userName` as its external id for the provider. */
  readonly linked: boolean;
  /** Users whose email equals the email (case-insensitively), oldest first, as `findByEmail`. */
  readonly byEmail: readonly UserRecord[];
  /** Users whose B2CId equals the B2C id, oldest first, as `findByB2CId`. */
  readonly byB2CId: readonly UserRecord[];
  /** A user has the Id already. */
  readonly idTaken: boolean;
}

/** Users of a tenant and their direct role assignments. */
export interface UserStore {
  /**
   * The user with this Id. With `forUpdate`, inside a transaction, the row stays locked until
   * the transaction ends, so concurrent writes of one user queue instead of failing.
   */
  get(tenantId: string, id: string, options?: ReadOptions): Promise<UserRecord | undefined>;
  /** Users whose email equals `email`, compared case-insensitively. */
  findByEmail(tenantId: string, email: string): Promise<readonly UserRecord[]>;
  /** Users whose B2CId equals `b2cId` exactly. */
  findByB2CId(tenantId: string, b2cId: string): Promise<readonly UserRecord[]>;
  /** The user holding `value` as its external id for `provider`, both compared case-insensitively. */
  findByExternalId(tenantId: string, provider: string, value: string): Promise<UserRecord | undefined>;
  /**
   * A create's lookups in one statement: `findByExternalId`, `findByEmail`, `findByB2CId` and
   * whether the new Id is taken, each a probe of its index.
   */
  createMatches(tenantId: string, lookup: CreateLookup): Promise<CreateMatches>;
  /** Inserts a user; throws RosterError `uniqueness` when its Id or an external id is taken. */
  insert(tenantId: string, user: UserRecord, index: readonly IndexEntry[]): Promise<void>;
  /** Replaces a user whose stored version is `expectedVersion`; throws `conflict` otherwise, `uniqueness` on a taken external id. */
  update(tenantId: string, user: UserRecord, expectedVersion: number, index: readonly IndexEntry[]): Promise<void>;
  /**
   * Bumps the version and modification time of each listed user (their representation changed
   * without a write of their own: a membership). One UPDATE per batch of ids, whatever the
   * tenant's size; with `expectedVersion`, each must be at that version, else `conflict`.
   */
  touch(tenantId: string, ids: readonly string[], modifiedAt: string, expectedVersion?: number): Promise<void>;
  /** Bumps every user that holds `roleId` directly, as `touch` does; work proportional to its members. */
  touchMembers(tenantId: string, roleId: string, modifiedAt: string): Promise<void>;
  /** Deletes a user and its assignments; false when there was none (or its version is not `expectedVersion`, when given). */
  delete(tenantId: string, id: string, expectedVersion?: number): Promise<boolean>;
  list(tenantId: string, query: ListQuery): Promise<Page<UserRecord>>;
  seek(tenantId: string, query: SeekQuery): Promise<SeekPage<UserRecord>>;
  /** The subset of `ids` that are users of the tenant. */
  existingIds(tenantId: string, ids: readonly string[]): Promise<ReadonlySet<string>>;
  assignments(tenantId: string, userId: string): Promise<readonly RoleAssignment[]>;
  /** Adds or updates one direct assignment (a SCIM assignment replaces a manual one for the same role). */
  assign(tenantId: string, userId: string, assignment: RoleAssignment): Promise<void>;
  unassign(tenantId: string, userId: string, roleId: string): Promise<boolean>;
  /**
   * Drops the user's hand-made assignments (SPEC §7: the identity provider has become the
   * master); answers the Ids of the roles dropped.
   */
  removeManualAssignments(tenantId: string, userId: string): Promise<readonly string[]>;
  /**
   * SPEC §9's access question in one indexed query: whether the user is active and, when it
   * is, the roles it holds directly and through nesting at any depth. Undefined for no user.
   */
  access(tenantId: string, userId: string): Promise<UserAccess | undefined>;
  /** The direct assignments of each user, with their sources, in one query per batch. */
  assignmentsByUser(
    tenantId: string,
    userIds: readonly string[],
  ): Promise<ReadonlyMap<string, readonly RoleAssignment[]>>;
  /**
   * The AccessSnapshot of each listed user that exists (absent ones are missing from the map):
   * one recursive query per batch of users, whatever the nesting depth.
   */
  accessSnapshots(tenantId: string, userIds: readonly string[]): Promise<ReadonlyMap<string, AccessSnapshot>>;
  /** SPEC §9's user list: a keyset page narrowed by the query's filters, each answered by an index. */
  page(tenantId: string, query: UserPageQuery): Promise<SeekPage<UserRecord>>;
  /** Direct and indirect roles of each user, resolved in one query whatever the nesting depth. */
  roles(
    tenantId: string,
    userIds: readonly string[],
  ): Promise<ReadonlyMap<string, { readonly direct: readonly RoleRef[]; readonly indirect: readonly RoleRef[] }>>;
  /**
   * Every role the user holds, directly or through nesting, whatever its `Active`, at the
   * depth of a shortest path and with the role one step up that path (the lowest Id among
   * equals): one recursive query, whose work is bounded by the nesting it walks.
   */
  reachedRoles(tenantId: string, userId: string): Promise<readonly ReachedRole[]>;
}

/** How a SCIM membership write treats roles granted by hand (the tenant's `ManualRoles`, SPEC §12). */
export interface MembershipOptions {
  /**
   * `ManualRoles` = keep: a removal takes away only SCIM-given memberships, and an add leaves a
   * hand grant of the role as it is (`manual`), so no hand grant is ever dropped by SCIM.
   */
  readonly keepManual?: boolean | undefined;
}

/** Roles of a tenant, their members and their nesting. */
export interface RoleStore {
  /** The role with this Id; `forUpdate` locks it as UserStore.get does. */
  get(tenantId: string, id: string, options?: ReadOptions): Promise<RoleRecord | undefined>;
  findByExternalId(tenantId: string, provider: string, value: string): Promise<RoleRecord | undefined>;
  findByNormalizedName(tenantId: string, normalizedName: string): Promise<readonly RoleRecord[]>;
  /** Role ids equal to `base` or of the form `base-N`, to pick the next free suffix. */
  idsLike(tenantId: string, base: string): Promise<readonly string[]>;
  /**
   * Inserts a role. Throws RosterError `conflict` when its Id was taken (by a concurrent
   * create: read the taken Ids again and pick another), `uniqueness` when an external id is.
   */
  insert(tenantId: string, role: RoleRecord, normalizedName: string, index: readonly IndexEntry[]): Promise<void>;
  /** Replaces a role whose stored version is `expectedVersion`; throws `conflict` otherwise. */
  update(
    tenantId: string,
    role: RoleRecord,
    normalizedName: string,
    expectedVersion: number,
    index: readonly IndexEntry[],
  ): Promise<void>;
  /**
   * Bumps the version and modification time of each listed role (after a membership change);
   * with `expectedVersion`, each must be at that version, else RosterError `conflict`.
   */
  touch(tenantId: string, ids: readonly string[], modifiedAt: string, expectedVersion?: number): Promise<void>;
  /** Bumps every role that `userId` holds directly, as `touch` does; work proportional to its roles. */
  touchHeldBy(tenantId: string, userId: string, modifiedAt: string): Promise<void>;
  /**
   * Deletes a role, its assignments and every nesting that names it; false when there was none
   * (or its version is not `expectedVersion`, when given).
   */
  delete(tenantId: string, id: string, expectedVersion?: number): Promise<boolean>;
  list(tenantId: string, query: ListQuery): Promise<Page<RoleRecord>>;
  seek(tenantId: string, query: SeekQuery): Promise<SeekPage<RoleRecord>>;
  /** The direct user members of each role, ordered by user Id, read in one query per batch of roles. */
  members(tenantId: string, roleIds: readonly string[]): Promise<ReadonlyMap<string, readonly MemberRef[]>>;
  /**
   * Up to `limit` direct user members of one role whose user Id comes after `afterUserId` (all
   * when undefined), in the order `members` gives them: a keyset walk of the role's members
   * index, so a role of any size is read a page at a time.
   */
  membersAfter(
    tenantId: string,
    roleId: string,
    afterUserId: string | undefined,
    limit: number,
  ): Promise<readonly MemberRef[]>;
  /**
   * Makes each user a SCIM member through `provider`; touches only the named rows and answers
   * the users whose membership changed (a user already a SCIM member through `provider` is not).
   */
  addMembers(
    tenantId: string,
    roleId: string,
    userIds: readonly string[],
    provider: string,
    options?: MembershipOptions,
  ): Promise<readonly string[]>;
  /**
   * The source (`manual` or `scim:<provider>`) of each listed user's direct assignment of the
   * role, for those who hold it directly: one probe of the primary key per user, in batches.
   */
  memberSources(tenantId: string, roleId: string, userIds: readonly string[]): Promise<ReadonlyMap<string, string>>;
  /** The Ids of the roles the role contains at any depth, itself excluded (UNION ends cycles). */
  descendantIds(tenantId: string, roleId: string): Promise<readonly string[]>;
  /** Removes these members; answers the users that were members. */
  removeMembers(
    tenantId: string,
    roleId: string,
    userIds: readonly string[],
    options?: MembershipOptions,
  ): Promise<readonly string[]>;
  /** Removes every member; answers the users that were members. */
  removeAllMembers(tenantId: string, roleId: string, options?: MembershipOptions): Promise<readonly string[]>;
  children(tenantId: string, roleId: string): Promise<readonly RoleRef[]>;
  /** The Ids of the roles each role contains directly, in one query per batch. */
  childrenByRole(tenantId: string, roleIds: readonly string[]): Promise<ReadonlyMap<string, readonly string[]>>;
  /**
   * A page of the users holding a role, by user Id: its direct members, and with `indirect` also
   * the members of every role that contains it. Each page reads at most its size per such role.
   */
  holders(tenantId: string, roleId: string, query: MemberPageQuery): Promise<SeekPage<RoleHolder>>;
  /**
   * The Ids of every user holding the role directly or through a role that contains it, at any
   * depth: the users a change of the role's nesting or its deletion can affect.
   */
  holderIds(tenantId: string, roleId: string): Promise<readonly string[]>;
  addChild(tenantId: string, parentId: string, childId: string): Promise<void>;
  removeChild(tenantId: string, parentId: string, childId: string): Promise<boolean>;
  /** True when `descendantId` is `roleId` or is contained in it at any depth. */
  contains(tenantId: string, roleId: string, descendantId: string): Promise<boolean>;
  /** Every nesting below `roleId`, at any depth, in one recursive query (each edge once; cycles end). */
  nestingBelow(tenantId: string, roleId: string): Promise<readonly NestingEdge[]>;
  /** The roles that contain `roleId` directly, by Id. */
  parents(tenantId: string, roleId: string): Promise<readonly RoleRef[]>;
}

/**
 * Transaction-scoped locks on names (SPEC §14): a write that looks something up and then
 * creates it takes the lock of every name it looks up first, so that two such writes of one
 * name, in any instance, run one after the other and the second sees what the first wrote.
 */
export interface LockStore {
  /**
   * Holds a lock on each of the tenant's `keys` until the transaction ends, waiting for any
   * other transaction holding one. Keys are taken in one fixed order, so two callers never
   * deadlock on them. Outside a transaction it has no effect.
   */
  lock(tenantId: string, keys: readonly string[]): Promise<void>;
}

/** A user as the import writes it: the record and its search index (built by `userIndex`). */
export interface IndexedUser {
  readonly user: UserRecord;
  readonly index: readonly IndexEntry[];
}

/** A role as the import writes it: the record, its normalized name and its search index (`roleIndex`). */
export interface IndexedRole {
  readonly role: RoleRecord;
  readonly normalizedName: string;
  readonly index: readonly IndexEntry[];
}

/** One direct assignment of a role to a user. */
export interface UserRoleRow {
  readonly userId: string;
  readonly assignment: RoleAssignment;
}

/** A role containing another (SPEC §6). */
export interface Nesting {
  readonly parentId: string;
  readonly childId: string;
}

/** A stored user with its direct assignments. */
export interface StoredUser {
  readonly user: UserRecord;
  readonly roles: readonly RoleAssignment[];
}

/** The user holding an external id (`provider` lower-cased, `value` as stored). */
export interface ExternalIdHolder {
  readonly provider: string;
  readonly value: string;
  readonly ownerId: string;
}

/**
 * The import's writes and reads (SPEC §12), in multi-row statements: work per statement is a
 * batch of records, never one record, so a million users import in minutes. Records and index
 * rows come built by the domain (`userIndex`, `roleIndex`), the same as every other writer's.
 */
export interface BulkStore {
  /** Inserts users with their external ids and index rows; `uniqueness` when an Id or external id is taken. */
  insertUsers(tenantId: string, users: readonly IndexedUser[]): Promise<void>;
  /** Replaces users stored at `user.version - 1`, their external ids and index rows; `conflict` when one changed meanwhile. */
  updateUsers(tenantId: string, users: readonly IndexedUser[]): Promise<void>;
  /** Inserts roles with their external ids and index rows; `uniqueness` when an Id or external id is taken. */
  insertRoles(tenantId: string, roles: readonly IndexedRole[]): Promise<void>;
  /** Replaces roles stored at `role.version - 1`, as `updateUsers` does. */
  updateRoles(tenantId: string, roles: readonly IndexedRole[]): Promise<void>;
  /** Adds direct assignments, or sets the source of one the user already holds. */
  assign(tenantId: string, rows: readonly UserRoleRow[]): Promise<void>;
  /** Adds nestings; one already there is left as it is. */
  nest(tenantId: string, nestings: readonly Nesting[]): Promise<void>;
  /** The users whose Id is one of `ids` (compared case-insensitively), with their assignments, keyed by lower-cased Id. */
  usersByIds(tenantId: string, ids: readonly string[]): Promise<ReadonlyMap<string, StoredUser>>;
  /** The users holding any of these external ids (providers and values compared case-insensitively). */
  userExternalIdHolders(tenantId: string, ids: readonly ExternalId[]): Promise<readonly ExternalIdHolder[]>;
  /** Every nesting of the tenant. */
  nestings(tenantId: string): Promise<readonly Nesting[]>;
  /** How many users and roles the tenant holds. */
  counts(tenantId: string): Promise<{ readonly users: number; readonly roles: number }>;
}

/** The first items of a list, and how many there are in all. */
export interface Counted<T> {
  readonly total: number;
  readonly items: readonly T[];
}

/** A user holding roles by hand, and the providers that link it (none: not provisioned yet). */
export interface ManualHolder {
  readonly userId: string;
  readonly roleIds: readonly string[];
  readonly providers: readonly string[];
}

/** A user or role and the providers that link it. */
export interface ProviderLinks {
  readonly id: string;
  readonly providers: readonly string[];
}

/** A role's name, and whether SCIM adopted or created it (a provider's external id or SCIM attributes). */
export interface RoleSummary {
  readonly id: string;
  readonly displayName: string;
  readonly adopted: boolean;
}

/**
 * The migration audit's reads (SPEC §12), each one set-based query over the tenant (or one per
 * batch of a page): never a query per user. Lists are ordered by Id in code-point order, the
 * same on every database, and cut at `limit`.
 */
export interface AuditStore {
  /** Users holding at least one role by hand, with those roles and their providers. */
  manualHolders(tenantId: string, limit: number): Promise<Counted<ManualHolder>>;
  /** Users no provider has linked (no external id). */
  unlinkedUsers(tenantId: string, limit: number): Promise<Counted<string>>;
  /** Users (`User`) or roles (`Role`) linked by more than one provider. */
  multiProvider(tenantId: string, kind: "User" | "Role", limit: number): Promise<Counted<ProviderLinks>>;
  /** Every role of the tenant, by Id. */
  roleSummaries(tenantId: string): Promise<readonly RoleSummary[]>;
}

/** The stores, as seen inside or outside a transaction. */
export interface Repositories {
  readonly tenants: TenantStore;
  readonly users: UserStore;
  readonly roles: RoleStore;
  readonly adminKeys: AdminKeyStore;
  readonly scimTokens: ScimTokenStore;
  readonly locks: LockStore;
  readonly consoleSessions: ConsoleSessionStore;
  readonly bulk: BulkStore;
  readonly audit: AuditStore;
  readonly events: EventStore;
  readonly provisioningLog: ProvisioningLogStore;
  readonly webhooks: WebhookStore;
}

/** A connection pool's state, for the operator's metrics. */
export interface PoolStats {
  /** Connections open, busy or idle. */
  readonly total: number;
  readonly idle: number;
  /** Queries waiting for a connection. */
  readonly waiting: number;
}

/** A database behind the ports. */
export interface Store extends Repositories {
  readonly dialect: "sqlite" | "postgres";
  /** Runs `fn` in one transaction: everything it writes commits together or not at all. */
  transaction<T>(fn: (tx: Repositories) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` over one consistent, read-only view of the database: every read sees the data as
   * it was at the first read, whatever is written meanwhile, and writers are not held up (a
   * PostgreSQL repeatable-read transaction; a read transaction on a second SQLite connection).
   * For long reads such as the export (SPEC §12). Writes through `reader` fail.
   */
  snapshot<T>(fn: (reader: Repositories) => Promise<T>): Promise<T>;
  /**
   * The server-wide secret named `name` (not tenant data: every tenant and instance shares it),
   * generated on first use (32 random bytes, base64url) and stored. Atomic: instances asking
   * at the same time over one database all get the one value that was stored first.
   */
  serverSecret(name: string): Promise<string>;
  /** Brings the schema up to date; returns the names of the migrations it applied, in order (none: already current). */
  migrate(): Promise<readonly string[]>;
  /** True when the schema is up to date (no pending migrations). */
  isMigrated(): Promise<boolean>;
  /** The connection pool's state, where the database has one (PostgreSQL); absent for SQLite. */
  poolStats?(): PoolStats;
  close(): Promise<void>;
}
