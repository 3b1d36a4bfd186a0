import type { Condition, OrderBy } from '../odata/index.js';
import type {
  StoredAccessPackage,
  StoredCatalog,
  StoredEntity,
  StoredGroup,
  StoredMembership,
  StoredOf,
  StoredResource,
  StoredResourceRole,
  StoredResourceScope,
  StoredRoleAssignment,
  StoredRoleScope,
  StoredUser,
} from './entities.js';

export type {
  EntityName,
  StoredAccessPackage,
  StoredCatalog,
  StoredEntities,
  StoredEntity,
  StoredGroup,
  StoredMembership,
  StoredOf,
  StoredUser,
} from './entities.js';
export { GENERAL_CATALOG_ID } from './general-catalog.js';

/** Group membership, stored as one link per member (entities.ts): `group/id` and `member/id` name the two ends. */
export const MEMBERSHIP = 'groupMember';

/** A stored entity with its creation number, which paging uses as a stable position. */
export type Ranked<T> = T & { seq: number };

/** What a stub starts with besides the General catalog, for one tenant (see data-file.ts). */
export interface StubData {
  /** The tenant the data belongs to. Default: the `token` command's tenant. */
  tenantId?: string;
  accessPackageCatalogs?: StoredCatalog[];
  accessPackages?: StoredAccessPackage[];
  users?: StoredUser[];
  groups?: StoredGroup[];
  groupMembers?: StoredMembership[];
  /** Assignment policies, with Graph's defaults filled in (store/policy-defaults.ts). */
  accessPackageAssignmentPolicies?: StoredEntity[];
  /** Catalog resources, each with its roles and scopes (store/catalog-resources.ts). */
  accessPackageResources?: Array<{
    resource: StoredResource;
    roles: StoredResourceRole[];
    scopes: StoredResourceScope[];
  }>;
  /** The roles the packages grant, each stored under its package (`{packageId}:{roleId}_{scopeId}`). */
  accessPackageResourceRoleScopes?: StoredRoleScope[];
  /** Entitlement Management roles held from the start (roleManagement/entitlementManagement/roleAssignments). */
  roleAssignments?: StoredRoleAssignment[];
}

/** One page of a list: what $filter, $orderby, $top, $skiptoken and $count ask for. */
export interface ListQuery {
  filter?: Condition;
  orderBy?: OrderBy;
  /** The page size: $top, or the stub's default. */
  size: number;
  skiptoken?: string;
  /** Every query option that shapes the list, as one string: a skiptoken is valid only for the same query. */
  fingerprint: string;
  /** Whether to count every match ($count=true on a first page). */
  count?: boolean;
  /**
   * A bound on the page in some unit (characters of JSON): items are taken while their weights add
   * up to at most `max`, and at least one, so a page may hold fewer than `size`.
   */
  budget?: {
    /** `storedChars`, where the store knows it, is the length of the item's JSON as stored: as it is sent unchanged. */
    weigh: (item: StoredEntity, storedChars?: number) => number | Promise<number>;
    max: number;
  };
  /**
   * The caller sends each item exactly as stored: a store that holds items as JSON text may hand back that text
   * (`texts`) instead of parsing it, each weighed by its length.
   */
  asStoredText?: boolean;
}

export interface ListResult<T = StoredEntity> {
  /** The page's items; empty when `texts` holds them. */
  items: T[];
  /**
   * Only with `asStoredText`, from a store that holds JSON text: the page's items as their stored JSON, in place of
   * `items`. A store that cannot (PostgreSQL hands back parsed JSON) returns `items` as usual.
   */
  texts?: string[];
  count?: number;
  /** Present when more items follow. */
  nextSkiptoken?: string;
}

/**
 * One tenant's data. Entities are named by their schema name (`accessPackage`). Every method
 * completes or throws before changing anything, so a failed request never leaves half a write.
 */
export interface TenantStore {
  readonly tenantId: string;
  list<E extends string>(entity: E, query: ListQuery): Promise<ListResult<StoredOf<E>>>;
  /**
   * Every group `memberId` is in, directly or through nested groups (cycles included), found by the database in one
   * query: the cost is one index lookup per group reached, whatever the nesting.
   */
  transitiveGroupsOf(memberId: string): Promise<string[]>;
  /** Every item whose `property` equals `value`, in creation order (for navigation properties). */
  where<E extends string>(entity: E, property: string, value: string): Promise<Array<StoredOf<E>>>;
  get<E extends string>(entity: E, id: string): Promise<StoredOf<E> | undefined>;
  insert<E extends string>(entity: E, item: StoredOf<E>): Promise<void>;
  /** Replaces an item by what `change` makes of it, atomically; undefined when there is no such item. */
  update<E extends string>(
    entity: E,
    id: string,
    change: (current: StoredOf<E>) => StoredOf<E>,
  ): Promise<StoredOf<E> | undefined>;
  delete(entity: string, id: string): Promise<boolean>;
  /** How many items the tenant holds, across its entity sets (for the quota). */
  count(): Promise<number>;
  /**
   * Runs `work` in one transaction. Items read with `lock` stay as read until it ends, across
   * every stub instance sharing the database: that is how a check and the change it allows
   * (a catalog is empty, then it is deleted) hold under concurrency.
   */
  transaction<T>(work: (tx: TenantStore) => Promise<T>): Promise<T>;
  /** Reads an item and, inside a transaction, locks it: `share` against deletes, `update` against any change. */
  lock<E extends string>(entity: E, id: string, mode: 'share' | 'update'): Promise<StoredOf<E> | undefined>;
  /**
   * Inside a transaction, waits for the tenant's lock named `name` and holds it until the transaction ends, across
   * every stub instance sharing the database: checks that read several items (no open request for this target yet)
   * and the insert they allow hold under concurrency, where no single item could be locked.
   */
  serialize(name: string): Promise<void>;
  /**
   * When something of the tenant's lifecycle next falls due, in milliseconds of the stub's clock, as last recorded;
   * undefined when nothing was recorded yet (a new tenant).
   */
  nextDue(): Promise<number | undefined>;
  /** Records that something falls due at `at`: the next due time becomes `at` if that is earlier. */
  dueBy(at: number): Promise<void>;
  /** Records `at` as the next due time, whatever was recorded before. */
  setNextDue(at: number): Promise<void>;
}

/** Counts of stored items, for /_stub/health. */
export interface StoreCounts {
  tenants: number;
  /** By entity set name, e.g. `accessPackages`. */
  accessPackages: number;
  accessPackageCatalogs: number;
}

export interface TenantLimits {
  /** How many tenants the store may hold: a request of a new tenant past it answers 507 (`--max-tenants`). */
  maxTenants?: number;
}

/** How many tenants a stub holds unless told otherwise (`--max-tenants`): many CI jobs, not an unbounded number. */
export const DEFAULT_MAX_TENANTS = 10_000;

/** Every tenant's data, in one database (SQLite or PostgreSQL). */
export interface Store {
  readonly engine: 'sqlite' | 'postgres';
  /** Resolves once the database is open and its schema current; rejects, saying what to do, when it cannot be used. */
  ready(): Promise<void>;
  /**
   * The tenant's data, created on first use with its General catalog (and the start-up data that names it); a new
   * tenant past `maxTenants` is refused with 507 quotaLimitReached.
   */
  tenant(tenantId: string, limits?: TenantLimits): Promise<TenantStore>;
  /** Back to the start-up data: every tenant, or the one named. */
  reset(tenantId?: string): Promise<void>;
  counts(tenantId?: string): Promise<StoreCounts>;
  close(): Promise<void>;
}

/**
 * Every item of `entity` that `filter` picks, page after page, in creation order: for the few places that must look
 * at all of them (what falls due, the policies naming something), not for answers, which page.
 */
export async function everyItem<E extends string>(
  store: TenantStore,
  entity: E,
  fingerprint: string,
  filter?: Condition,
): Promise<Array<StoredOf<E>>> {
  const query: ListQuery = { size: 999, fingerprint, ...(filter ? { filter } : {}) };
  const all: Array<StoredOf<E>> = [];
  for (let page = await store.list(entity, query); ; ) {
    all.push(...page.items);
    if (!page.nextSkiptoken) return all;
    page = await store.list(entity, { ...query, skiptoken: page.nextSkiptoken });
  }
}
