import type { AccessPackage, AccessPackageCatalog } from './gen/types.gen.js';

/** Annotations and navigation properties are not `$select`-able properties. */
type Structural<T> = Exclude<Extract<keyof T, string>, `@odata.${string}`>;

export type AccessPackageProperty = Exclude<Structural<AccessPackage>, 'accessPackageCatalog'>;
export type AccessPackageExpand = 'accessPackageCatalog';
export type CatalogProperty = Exclude<Structural<AccessPackageCatalog>, 'accessPackages'>;
export type CatalogExpand = 'accessPackages';

/** `$orderby` terms the contract supports, e.g. `'displayName'` or `'createdDateTime desc'`. */
export type OrderableProperty = 'displayName' | 'createdDateTime' | 'modifiedDateTime';
export type OrderBy = OrderableProperty | `${OrderableProperty} ${'asc' | 'desc'}`;

/** Per-call transport settings. */
export interface CallOptions {
  /** Aborts the call (and any wait between retries). */
  signal?: AbortSignal;
  /** Fails the call with GraphTimeoutError after this many ms, retries included. Default: the client's `timeoutMs`. */
  timeoutMs?: number;
}

/** Options of a single-item read: which properties, and what to embed. */
export interface GetOptions<P extends string, E extends string> extends CallOptions {
  /** Only these properties come back (and `id`, always). The result type narrows to them. */
  select?: readonly P[];
  expand?: E;
}

/** Options of a list: the OData query options the contract declares, typed. */
export interface ListOptions<P extends string, E extends string> extends GetOptions<P, E> {
  /** An OData filter, e.g. `contains(tolower(displayName),'team')`. */
  filter?: string;
  orderby?: OrderBy | readonly OrderBy[];
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

export function toQuery<P extends string, E extends string>(options: ListOptions<P, E> | undefined): ODataQuery | undefined {
  if (!options) return undefined;
  const query: ODataQuery = {};
  if (options.select?.length) query.$select = options.select.join(',');
  if (options.expand) query.$expand = options.expand;
  if (options.filter !== undefined) query.$filter = options.filter;
  if (options.orderby !== undefined) query.$orderby = typeof options.orderby === 'string' ? options.orderby : options.orderby.join(',');
  if (options.top !== undefined) query.$top = options.top;
  if (options.count !== undefined) query.$count = options.count;
  return Object.keys(query).length > 0 ? query : undefined;
}
