import type { odataEntities } from './gen/odata.gen.js';

// Every list below comes from the `x-odata` extension of the resource's schema in the contract.
type Entities = typeof odataEntities;
type Expandable<N extends keyof Entities> = Extract<keyof Entities[N]['expandable'], string>;

/** What `select` may name of an entity, what `expand` may embed, and what `orderby` may sort by. */
export type Property<N extends keyof Entities> = Entities[N]['selectable'][number];
export type Expand<N extends keyof Entities> = Expandable<N>;
export type Orderable<N extends keyof Entities> = Entities[N]['orderable'][number];

export type AccessPackageProperty = Property<'accessPackage'>;
export type AccessPackageExpand = Expand<'accessPackage'>;
export type AccessPackageOrderable = Orderable<'accessPackage'>;
export type CatalogProperty = Property<'accessPackageCatalog'>;
export type CatalogExpand = Expand<'accessPackageCatalog'>;
export type CatalogOrderable = Orderable<'accessPackageCatalog'>;

export type PolicyProperty = Property<'accessPackageAssignmentPolicy'>;
export type PolicyExpand = Expand<'accessPackageAssignmentPolicy'>;
export type PolicyOrderable = Orderable<'accessPackageAssignmentPolicy'>;
export type ResourceRequestProperty = Property<'accessPackageResourceRequest'>;
export type CatalogResourceProperty = Property<'accessPackageResource'>;
export type CatalogResourceExpand = Expand<'accessPackageResource'>;
export type CatalogResourceOrderable = Orderable<'accessPackageResource'>;
export type ResourceRoleProperty = Property<'accessPackageResourceRole'>;
export type ResourceRoleExpand = Expand<'accessPackageResourceRole'>;
export type ResourceRoleOrderable = Orderable<'accessPackageResourceRole'>;
export type UserProperty = Property<'user'>;
export type UserOrderable = Orderable<'user'>;
export type GroupProperty = Property<'group'>;
export type GroupOrderable = Orderable<'group'>;
export type AssignmentRequestProperty = Property<'accessPackageAssignmentRequest'>;
export type AssignmentRequestExpand = Expand<'accessPackageAssignmentRequest'>;
export type AssignmentRequestOrderable = Orderable<'accessPackageAssignmentRequest'>;
export type AssignmentProperty = Property<'accessPackageAssignment'>;
export type ApprovalProperty = Property<'approval'>;
export type AssignmentExpand = Expand<'accessPackageAssignment'>;
export type AssignmentOrderable = Orderable<'accessPackageAssignment'>;

/** Properties some resource can be sorted by. */
export type OrderableProperty =
  | AccessPackageOrderable
  | CatalogOrderable
  | PolicyOrderable
  | CatalogResourceOrderable
  | ResourceRoleOrderable
  | UserOrderable
  | GroupOrderable
  | AssignmentRequestOrderable
  | AssignmentOrderable;

/**
 * What `expand` takes: a navigation property, several, or one with nested options as Graph documents them,
 * e.g. `accessPackageResourceRoleScopes($expand=accessPackageResourceRole,accessPackageResourceScope)`.
 */
export type ExpandOption<E extends string> = E | `${E}(${string})` | readonly (E | `${E}(${string})`)[];
/** `$orderby` terms, e.g. `'displayName'` or `'createdDateTime desc'`; `O` names the sortable properties. */
export type OrderBy<O extends string = OrderableProperty> = O | `${O} ${'asc' | 'desc'}`;

/** Per-call transport settings. */
export interface CallOptions {
  /** Aborts the call (and any wait between retries). */
  signal?: AbortSignal;
  /** Fails the call with GraphTimeoutError after this many ms, retries included. Default: the client's `timeoutMs`. */
  timeoutMs?: number;
  /**
   * Extra request headers, e.g. `{ ConsistencyLevel: 'eventual' }` or `{ Prefer: '...' }`. A `client-request-id`
   * given here is sent instead of a fresh GUID.
   */
  headers?: Record<string, string>;
}

/** Options of a single-item read: which properties, and what to embed. */
export interface GetOptions<P extends string, E extends string> extends CallOptions {
  /** Only these properties come back (and `id`, always). The result type narrows to them. */
  select?: readonly P[];
  expand?: ExpandOption<E>;
}

/** Options of a list that only pages (a group's members): `$top` and `$count`. */
export interface PageOptions extends CallOptions {
  /** Page size, 1-999. */
  top?: number;
  /** Adds `@odata.count` (all members, not just this page) to the first page. */
  count?: boolean;
}

/** Options of a list: the OData query options the contract declares, typed. */
export interface ListOptions<P extends string, E extends string, O extends string = OrderableProperty>
  extends GetOptions<P, E> {
  /** An OData filter, e.g. `contains(tolower(displayName),'team')`. */
  filter?: string;
  orderby?: OrderBy<O> | readonly OrderBy<O>[];
  /** Page size, 1-999. */
  top?: number;
  /** Adds `@odata.count` (all matches, not just this page) to the first page. */
  count?: boolean;
}

/** What a `select` leaves of T: the selected properties plus `id`, plus the expanded navigation property. */
export type Selected<T, P extends keyof T, E extends keyof T | never> = Pick<T, P | ('id' & keyof T) | E>;

/** The generated query parameters of list and get operations. */
export interface ODataQuery {
  $select?: string;
  $filter?: string;
  $orderby?: string;
  $top?: number;
  $count?: boolean;
  $expand?: string;
}

export function toQuery<P extends string, E extends string, O extends string>(
  options: ListOptions<P, E, O> | undefined,
): ODataQuery | undefined {
  if (!options) return undefined;
  const query: ODataQuery = {};
  if (options.select?.length) query.$select = options.select.join(',');
  if (options.expand) query.$expand = typeof options.expand === 'string' ? options.expand : options.expand.join(',');
  if (options.filter !== undefined) query.$filter = options.filter;
  if (options.orderby !== undefined)
    query.$orderby = typeof options.orderby === 'string' ? options.orderby : options.orderby.join(',');
  if (options.top !== undefined) query.$top = options.top;
  if (options.count !== undefined) query.$count = options.count;
  return Object.keys(query).length > 0 ? query : undefined;
}
