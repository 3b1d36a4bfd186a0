import type { odataEntities } from './gen/odata.gen.js';

// Every list below comes from the `x-odata` extension of the resource's schema in the contract.
type Entities = typeof odataEntities;
type Expandable<N extends keyof Entities> = Extract<keyof Entities[N]['expandable'], string>;

export type AccessPackageProperty = Entities['accessPackage']['selectable'][number];
export type AccessPackageExpand = Expandable<'accessPackage'>;
export type AccessPackageOrderable = Entities['accessPackage']['orderable'][number];
export type CatalogProperty = Entities['accessPackageCatalog']['selectable'][number];
export type CatalogExpand = Expandable<'accessPackageCatalog'>;
export type CatalogOrderable = Entities['accessPackageCatalog']['orderable'][number];

export type PolicyProperty = Entities['accessPackageAssignmentPolicy']['selectable'][number];
export type PolicyExpand = Expandable<'accessPackageAssignmentPolicy'>;
export type PolicyOrderable = Entities['accessPackageAssignmentPolicy']['orderable'][number];
export type ResourceRequestProperty = Entities['accessPackageResourceRequest']['selectable'][number];
export type CatalogResourceProperty = Entities['accessPackageResource']['selectable'][number];
export type CatalogResourceExpand = Expandable<'accessPackageResource'>;
export type CatalogResourceOrderable = Entities['accessPackageResource']['orderable'][number];
export type ResourceRoleProperty = Entities['accessPackageResourceRole']['selectable'][number];
export type ResourceRoleExpand = Expandable<'accessPackageResourceRole'>;
export type ResourceRoleOrderable = Entities['accessPackageResourceRole']['orderable'][number];
export type UserProperty = Entities['user']['selectable'][number];
export type UserOrderable = Entities['user']['orderable'][number];
export type GroupProperty = Entities['group']['selectable'][number];
export type GroupOrderable = Entities['group']['orderable'][number];
export type AssignmentRequestProperty = Entities['accessPackageAssignmentRequest']['selectable'][number];
export type AssignmentRequestExpand = Expandable<'accessPackageAssignmentRequest'>;
export type AssignmentRequestOrderable = Entities['accessPackageAssignmentRequest']['orderable'][number];
export type AssignmentProperty = Entities['accessPackageAssignment']['selectable'][number];
export type ApprovalProperty = Entities['approval']['selectable'][number];
export type AssignmentExpand = Expandable<'accessPackageAssignment'>;
export type AssignmentOrderable = Entities['accessPackageAssignment']['orderable'][number];

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
